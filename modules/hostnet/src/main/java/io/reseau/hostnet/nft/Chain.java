package io.reseau.hostnet.nft;

import java.util.List;
import java.util.Optional;

/** A chain: a base chain if it has a {@link Hook}, otherwise a regular chain reached by jump/goto. */
public record Chain(String name, Optional<Hook> hook, List<Rule> rules) {

    public Chain {
        NftText.identifier("chain", name);
        rules = List.copyOf(rules);
    }

    public static Chain regular(String name, List<Rule> rules) {
        return new Chain(name, Optional.empty(), rules);
    }

    public static Chain base(String name, Hook hook, List<Rule> rules) {
        return new Chain(name, Optional.of(hook), rules);
    }
}
