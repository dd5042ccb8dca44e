package io.reseau.hostnet.nft;

import java.util.List;
import java.util.stream.Collectors;

/** One step of an {@link NftTransaction}: what it changes, and its line in nft's syntax. */
public sealed interface NftOperation {

    Family family();

    String table();

    /** The operation as one nft command, for people: logs, errors, tests. */
    String line();

    record AddTable(Family family, String table) implements NftOperation {
        public String line() {
            return "add table " + family.keyword() + " " + table;
        }
    }

    record DeleteTable(Family family, String table) implements NftOperation {
        public String line() {
            return "delete table " + family.keyword() + " " + table;
        }
    }

    /** Declares a chain (its rules are separate {@link AddRule}s). */
    record AddChain(Family family, String table, Chain chain) implements NftOperation {
        public String line() {
            return "add chain " + family.keyword() + " " + table + " " + chain.name()
                    + chain.hook().map(hook -> " { " + hook.render() + " }").orElse("");
        }
    }

    record FlushChain(Family family, String table, String chain) implements NftOperation {
        public String line() {
            return "flush chain " + family.keyword() + " " + table + " " + chain;
        }
    }

    record DeleteChain(Family family, String table, String chain) implements NftOperation {
        public String line() {
            return "delete chain " + family.keyword() + " " + table + " " + chain;
        }
    }

    record AddRule(Family family, String table, String chain, Rule rule) implements NftOperation {
        public String line() {
            return "add rule " + family.keyword() + " " + table + " " + chain + " " + rule.text();
        }
    }

    /** Declares a set (its elements are a separate {@link AddElements}). */
    record AddSet(Family family, String table, NftSet set) implements NftOperation {
        public String line() {
            return "add set " + family.keyword() + " " + table + " " + set.name() + " " + set.declaration();
        }
    }

    /** Declares a map (its elements are a separate {@link AddElements}). */
    record AddMap(Family family, String table, NftMap map) implements NftOperation {
        public String line() {
            return "add map " + family.keyword() + " " + table + " " + map.name() + " " + map.declaration();
        }
    }

    /** Removes every element of a set or map. */
    record FlushSet(Family family, String table, String set) implements NftOperation {
        public String line() {
            return "flush set " + family.keyword() + " " + table + " " + set;
        }
    }

    record DeleteSet(Family family, String table, String set) implements NftOperation {
        public String line() {
            return "delete set " + family.keyword() + " " + table + " " + set;
        }
    }

    /** Adds elements, already checked and encoded, to a set or map. */
    record AddElements(Family family, String table, String set, List<Element> elements) implements NftOperation {
        public String line() {
            return "add element " + family.keyword() + " " + table + " " + set + " { "
                    + elements.stream().map(Element::text).collect(Collectors.joining(", ")) + " }";
        }
    }

    /** Removes elements (by key) from a set or map; each must be present. */
    record DeleteElements(Family family, String table, String set, List<Element> elements) implements NftOperation {
        public String line() {
            return "delete element " + family.keyword() + " " + table + " " + set + " { "
                    + elements.stream().map(Element::key).collect(Collectors.joining(", ")) + " }";
        }
    }
}
