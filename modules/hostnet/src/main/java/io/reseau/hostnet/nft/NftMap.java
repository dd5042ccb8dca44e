package io.reseau.hostnet.nft;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A named map from {@code keyType} to {@code valueType} ({@code verdict} for verdict maps, or a data type such
 * as {@code ipv4_addr . inet_service} for NAT maps); elements are key and value as nft writes them, e.g.
 * {@code 10.43.0.1 . tcp . 80 : goto svc-web}.
 */
public record NftMap(String name, String keyType, String valueType, Set<String> flags, Map<String, String> elements) {

    public NftMap {
        NftText.identifier("map", name);
        NftText.statement("map key type", keyType);
        NftText.statement("map value type", valueType);
        flags.forEach(flag -> NftText.identifier("map flag", flag));
        flags = Set.copyOf(flags);
        Map<String, String> checked = new LinkedHashMap<>();
        elements.forEach((key, value) -> checked.put(NftText.element(key), NftText.element(value)));
        elements = java.util.Collections.unmodifiableMap(checked);
    }

    public static NftMap of(String name, String keyType, String valueType, Map<String, String> elements) {
        return new NftMap(name, keyType, valueType, Set.of(), elements);
    }
}
