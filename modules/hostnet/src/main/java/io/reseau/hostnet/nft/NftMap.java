package io.reseau.hostnet.nft;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A named map from keys of one {@link KeyType} to verdicts ({@code value} empty: a verdict map, whose values are
 * {@code accept}, {@code drop}, {@code return}, {@code jump x}, {@code goto x}) or to data of another key type
 * (a NAT map: {@code ipv4_addr . inet_service}), its entries in named {@link ElementGroup}s.
 */
public record NftMap(String name, KeyType key, Optional<KeyType> value, Map<String, ElementGroup> groups) {

    public NftMap {
        NftText.identifier("map", name);
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        groups.forEach((group, elements) -> elements.requireFits("map " + name, true, key, value));
    }

    /** A verdict map. */
    public static NftMap verdicts(String name, String keyType, Map<String, String> elements) {
        KeyType key = KeyType.named(keyType);
        return new NftMap(name, key, Optional.empty(), Map.of("", ElementGroup.ofEntries(key, Optional.empty(), elements)));
    }

    /** A map to data, such as NAT destinations. */
    public static NftMap data(String name, String keyType, String valueType, Map<String, String> elements) {
        KeyType key = KeyType.named(keyType);
        Optional<KeyType> value = Optional.of(KeyType.named(valueType));
        return new NftMap(name, key, value, Map.of("", ElementGroup.ofEntries(key, value, elements)));
    }

    /** Every entry, group after group. */
    public Map<String, String> elements() {
        Map<String, String> all = new LinkedHashMap<>();
        groups.values().forEach(group -> group.elements().forEach(e -> all.put(e.key(), e.value().orElseThrow())));
        return Collections.unmodifiableMap(all);
    }

    public int size() {
        return groups.values().stream().mapToInt(ElementGroup::size).sum();
    }

    String declaration() {
        return "{ type " + key + " : " + value.map(KeyType::toString).orElse("verdict") + "; }";
    }
}
