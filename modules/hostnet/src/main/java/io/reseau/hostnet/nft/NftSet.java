package io.reseau.hostnet.nft;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A named set. {@code type} is nft's type expression, concatenations included
 * ({@code ipv4_addr . inet_proto . inet_service}); flags such as {@code interval}, {@code timeout},
 * {@code dynamic}; elements as nft writes them ({@code 10.43.0.1 . tcp . 80}, {@code 10.0.0.0/8}).
 */
public record NftSet(String name, String type, Set<String> flags, Optional<Duration> timeout, List<String> elements) {

    public NftSet {
        NftText.identifier("set", name);
        NftText.statement("set type", type);
        flags.forEach(flag -> NftText.identifier("set flag", flag));
        flags = Set.copyOf(flags);
        elements = elements.stream().map(NftText::element).toList();
    }

    public static NftSet of(String name, String type, List<String> elements) {
        return new NftSet(name, type, Set.of(), Optional.empty(), elements);
    }
}
