package io.reseau.hostnet.nft;

import java.util.List;
import java.util.Optional;

/** A chain: a base chain if it has a {@link Hook}, otherwise a regular chain reached by jump/goto. */
public record Chain(String name, Optional<Hook> hook, List<String> rules) {

    public Chain {
        NftText.identifier("chain", name);
        rules = rules.stream().map(rule -> NftText.statement("rule", rule)).toList();
    }

    public static Chain regular(String name, List<String> rules) {
        return new Chain(name, Optional.empty(), rules);
    }

    public static Chain base(String name, Hook hook, List<String> rules) {
        return new Chain(name, Optional.of(hook), rules);
    }
}
