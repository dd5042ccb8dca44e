package io.reseau.hostnet.nft;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The whole content of one table: what a component owns and replaces atomically. */
public record Table(Family family, String name, List<Chain> chains, List<NftSet> sets, List<NftMap> maps) {

    public Table {
        Objects.requireNonNull(family, "family");
        NftText.identifier("table", name);
        chains = List.copyOf(chains);
        sets = List.copyOf(sets);
        maps = List.copyOf(maps);
        Set<String> chainNames = new HashSet<>();
        chains.forEach(chain -> requireUnique(chainNames, "chain", chain.name()));
        Set<String> setNames = new HashSet<>();
        sets.forEach(set -> requireUnique(setNames, "set or map", set.name()));
        maps.forEach(map -> requireUnique(setNames, "set or map", map.name()));
    }

    private static void requireUnique(Set<String> seen, String kind, String name) {
        if (!seen.add(name)) {
            throw new IllegalArgumentException("two " + kind + "s named " + name + " in one table");
        }
    }
}
