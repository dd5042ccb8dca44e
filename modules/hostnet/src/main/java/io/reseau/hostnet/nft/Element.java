package io.reseau.hostnet.nft;

import java.util.Objects;
import java.util.Optional;

/**
 * One element of a set or map, as nft writes it ({@code 10.43.0.1 . tcp . 80}, and for a map its value, such as
 * {@code goto backends-3} or {@code 10.42.1.5 . 8080}) and as the kernel takes it. Checked and encoded once, when
 * made: a table of 100k elements is not parsed again at every sync.
 */
public final class Element {

    private final String key;
    private final String value;
    private final byte[] keyBytes;
    private final byte[] data;
    private final MapVerdict verdict;

    private Element(String key, String value, byte[] keyBytes, byte[] data, MapVerdict verdict) {
        this.key = key;
        this.value = value;
        this.keyBytes = keyBytes;
        this.data = data;
        this.verdict = verdict;
    }

    /** A set element; throws if {@code key} is not a {@code type}. */
    public static Element ofKey(KeyType type, String key) {
        return new Element(key, null, type.encode(key), null, null);
    }

    /** A map entry: to data of {@code valueType}, or to a verdict when {@code valueType} is empty. */
    public static Element ofEntry(KeyType keyType, Optional<KeyType> valueType, String key, String value) {
        byte[] keyBytes = keyType.encode(key);
        return valueType.isPresent()
                ? new Element(key, value, keyBytes, valueType.get().encode(value), null)
                : new Element(key, value, keyBytes, null, MapVerdict.parse(value));
    }

    public String key() {
        return key;
    }

    /** The map value as written; empty for a set element. */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /** Whether both are the same key with the same value. */
    boolean sameAs(Element other) {
        return key.equals(other.key) && Objects.equals(value, other.value);
    }

    byte[] keyBytes() {
        return keyBytes;
    }

    /** The value bytes of a data map's entry, else null. */
    byte[] data() {
        return data;
    }

    /** The verdict of a verdict map's entry, else null. */
    MapVerdict verdict() {
        return verdict;
    }

    /** As nft writes it in {@code add element … { … }}. */
    String text() {
        return value == null ? key : key + " : " + value;
    }

    @Override
    public String toString() {
        return text();
    }
}
