package io.reseau.hostnet.nft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The type of a set key or map value: one data type, or a concatenation ({@code ipv4_addr . inet_proto .
 * inet_service}) in which every field is padded to 4 bytes, as in the kernel's registers.
 */
public record KeyType(List<DataType> fields) {

    public KeyType {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a key type needs at least one field");
        }
        fields = List.copyOf(fields);
    }

    /** Parses nft's type syntax, e.g. {@code ipv4_addr . inet_proto . inet_service}. */
    public static KeyType named(String text) {
        return new KeyType(Arrays.stream(text.split("\\s+\\.\\s+")).map(String::strip).map(DataType::byName).toList());
    }

    public static KeyType of(DataType... fields) {
        return new KeyType(List.of(fields));
    }

    public boolean isConcatenation() {
        return fields.size() > 1;
    }

    /** The id the kernel stores: each field's id in 6 bits, first field most significant (nft's scheme). */
    public int id() {
        int id = 0;
        for (DataType field : fields) {
            id = (id << 6) | field.id();
        }
        return id;
    }

    /** Bytes of the key: the field's own length alone, 4-byte padded fields in a concatenation. */
    public int length() {
        if (!isConcatenation()) {
            return fields.getFirst().length();
        }
        return fields.stream().mapToInt(field -> padded(field.length())).sum();
    }

    /** The bytes of an element written as nft writes it ({@code 10.43.0.1 . tcp . 80}). */
    public byte[] encode(String text) {
        byte[] bytes = new byte[length()];
        int offset = 0;
        int start = 0;
        for (int i = 0; i < fields.size(); i++) {
            int end = i == fields.size() - 1 ? text.length() : text.indexOf(" . ", start);
            if (end < 0) {
                throw new IllegalArgumentException("'" + text + "' has " + (i + 1) + " fields, a " + this
                        + " has " + fields.size());
            }
            byte[] value = fields.get(i).parse(text.substring(start, end));
            System.arraycopy(value, 0, bytes, offset, value.length);
            offset += isConcatenation() ? padded(value.length) : value.length;
            start = end + 3;
        }
        return bytes;
    }

    /** The text of key bytes, as nft prints them. */
    public String format(byte[] raw) {
        List<String> parts = new ArrayList<>();
        int offset = 0;
        for (DataType field : fields) {
            parts.add(field.format(Arrays.copyOfRange(raw, offset, offset + field.length())));
            offset += isConcatenation() ? padded(field.length()) : field.length();
        }
        return String.join(" . ", parts);
    }

    /** Decodes the kernel's stored id back into fields (the inverse of {@link #id()}). */
    static KeyType fromId(int id) {
        List<DataType> fields = new ArrayList<>();
        int rest = id;
        while (rest != 0) {
            fields.addFirst(DataType.byId(rest & 0x3F));
            rest >>>= 6;
        }
        return new KeyType(fields);
    }

    static int padded(int length) {
        return (length + 3) & ~3;
    }

    @Override
    public String toString() {
        return fields.stream().map(DataType::nftName).collect(Collectors.joining(" . "));
    }
}
