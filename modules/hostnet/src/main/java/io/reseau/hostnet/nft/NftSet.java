package io.reseau.hostnet.nft;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A named set of keys of one {@link KeyType}, its elements in named {@link ElementGroup}s. A {@code dynamic} set
 * is filled from the packet path ({@code update @set { … }}); with a {@code timeout}, its keys expire. Elements
 * are written as nft writes them ({@code 10.43.0.1 . tcp . 80}).
 */
public record NftSet(String name, KeyType key, boolean dynamic, Optional<Duration> timeout,
        Map<String, ElementGroup> groups) {

    public NftSet {
        NftText.identifier("set", name);
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        groups.forEach((group, elements) -> elements.requireFits("set " + name, false, key, Optional.empty()));
    }

    public static NftSet of(String name, String type, List<String> elements) {
        KeyType key = KeyType.named(type);
        return new NftSet(name, key, false, Optional.empty(), Map.of("", ElementGroup.ofKeys(key, elements)));
    }

    /** A set whose elements come in groups, each made once with {@link ElementGroup#ofKeys}. */
    public static NftSet grouped(String name, KeyType key, Map<String, ElementGroup> groups) {
        return new NftSet(name, key, false, Optional.empty(), groups);
    }

    /** An empty set the packet path fills, whose keys expire after {@code timeout} unless refreshed. */
    public static NftSet dynamic(String name, String type, Duration timeout) {
        return new NftSet(name, KeyType.named(type), true, Optional.of(timeout), Map.of());
    }

    /** Every element, group after group. */
    public List<String> elements() {
        return groups.values().stream().flatMap(group -> group.elements().stream()).map(Element::key).toList();
    }

    public int size() {
        return groups.values().stream().mapToInt(ElementGroup::size).sum();
    }

    String declaration() {
        StringBuilder text = new StringBuilder("{ type ").append(key).append(';');
        if (dynamic || timeout.isPresent()) {
            text.append(" flags ").append(dynamic ? "dynamic" : "").append(dynamic && timeout.isPresent() ? "," : "")
                    .append(timeout.isPresent() ? "timeout" : "").append(';');
        }
        timeout.ifPresent(t -> text.append(" timeout ").append(NftDurations.format(t)).append(';'));
        return text.append(" }").toString();
    }
}
