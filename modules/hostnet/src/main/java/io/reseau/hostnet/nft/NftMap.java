package io.reseau.hostnet.nft;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A named map from keys of one {@link KeyType} to verdicts ({@code value} empty: a verdict map, whose values are
 * {@code accept}, {@code drop}, {@code return}, {@code jump x}, {@code goto x}) or to data of another key type
 * (a NAT map: {@code ipv4_addr . inet_service}).
 */
public record NftMap(String name, KeyType key, Optional<KeyType> value, Map<String, String> elements) {

    public NftMap {
        NftText.identifier("map", name);
        Map<String, String> checked = new LinkedHashMap<>();
        elements.forEach((k, v) -> {
            key.encode(k);
            value.ifPresentOrElse(type -> type.encode(v), () -> MapVerdict.parse(v));
            checked.put(k, v);
        });
        elements = Collections.unmodifiableMap(checked);
    }

    /** A verdict map. */
    public static NftMap verdicts(String name, String keyType, Map<String, String> elements) {
        return new NftMap(name, KeyType.named(keyType), Optional.empty(), elements);
    }

    /** A map to data, such as NAT destinations. */
    public static NftMap data(String name, String keyType, String valueType, Map<String, String> elements) {
        return new NftMap(name, KeyType.named(keyType), Optional.of(KeyType.named(valueType)), elements);
    }

    String declaration() {
        return "{ type " + key + " : " + value.map(KeyType::toString).orElse("verdict") + "; }";
    }
}
