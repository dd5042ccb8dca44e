package io.reseau.hostnet.nft;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A named set of keys of one {@link KeyType}. A {@code dynamic} set is filled from the packet path
 * ({@code update @set { … }}); with a {@code timeout}, its keys expire. Elements are written as nft writes them
 * ({@code 10.43.0.1 . tcp . 80}).
 */
public record NftSet(String name, KeyType key, boolean dynamic, Optional<Duration> timeout, List<String> elements) {

    public NftSet {
        NftText.identifier("set", name);
        elements = List.copyOf(elements);
        elements.forEach(key::encode);
    }

    public static NftSet of(String name, String type, List<String> elements) {
        return new NftSet(name, KeyType.named(type), false, Optional.empty(), elements);
    }

    /** An empty set the packet path fills, whose keys expire after {@code timeout} unless refreshed. */
    public static NftSet dynamic(String name, String type, Duration timeout) {
        return new NftSet(name, KeyType.named(type), true, Optional.of(timeout), List.of());
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
