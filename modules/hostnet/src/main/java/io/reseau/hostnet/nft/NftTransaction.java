package io.reseau.hostnet.nft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An nft script applied as one transaction: the kernel takes all of it or none of it. One command per line,
 * so that the line nft names in an error is one object.
 */
public final class NftTransaction {

    private final List<String> lines = new ArrayList<>();

    /**
     * Replaces the table's whole content: creates it if missing, drops it (with everything in it) and builds
     * it again, in one transaction. Other tables are untouched.
     */
    public NftTransaction replaceTable(Table table) {
        String id = id(table.family(), table.name());
        lines.add("add table " + id);
        lines.add("delete table " + id);
        lines.add("add table " + id);
        for (Chain chain : table.chains()) {
            lines.add("add chain " + id + " " + chain.name()
                    + chain.hook().map(hook -> " { " + hook.render() + " }").orElse(""));
        }
        for (NftSet set : table.sets()) {
            lines.add("add set " + id + " " + set.name() + " { type " + set.type() + ";" + flags(set.flags())
                    + set.timeout().map(t -> " timeout " + t.toSeconds() + "s;").orElse("") + " }");
        }
        for (NftMap map : table.maps()) {
            lines.add("add map " + id + " " + map.name() + " { type " + map.keyType() + " : " + map.valueType() + ";"
                    + flags(map.flags()) + " }");
        }
        for (NftSet set : table.sets()) {
            addElements(table.family(), table.name(), set.name(), set.elements());
        }
        for (NftMap map : table.maps()) {
            addMapElements(table.family(), table.name(), map.name(), map.elements());
        }
        for (Chain chain : table.chains()) {
            for (String rule : chain.rules()) {
                lines.add("add rule " + id + " " + chain.name() + " " + rule);
            }
        }
        return this;
    }

    /** Removes the table if it exists. */
    public NftTransaction deleteTable(Family family, String name) {
        String id = id(family, NftText.identifier("table", name));
        lines.add("add table " + id);
        lines.add("delete table " + id);
        return this;
    }

    /** Adds elements to an existing set, one per line. */
    public NftTransaction addElements(Family family, String table, String set, Collection<String> elements) {
        String target = target(family, table, set);
        for (String element : elements) {
            lines.add("add element " + target + " { " + NftText.element(element) + " }");
        }
        return this;
    }

    /** Removes elements from a set, or entries from a map by key; each must be present, or the whole transaction fails. */
    public NftTransaction deleteElements(Family family, String table, String set, Collection<String> elements) {
        String target = target(family, table, set);
        for (String element : elements) {
            lines.add("delete element " + target + " { " + NftText.element(element) + " }");
        }
        return this;
    }

    /** Adds key : value elements to an existing map, one per line. */
    public NftTransaction addMapElements(Family family, String table, String map, Map<String, String> elements) {
        String target = target(family, table, map);
        elements.forEach((key, value) -> lines.add(
                "add element " + target + " { " + NftText.element(key) + " : " + NftText.element(value) + " }"));
        return this;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** The script's lines; line {@code n} of nft's errors is {@code lines().get(n - 1)}. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String script() {
        return lines.stream().collect(Collectors.joining("\n", "", "\n"));
    }

    private static String id(Family family, String table) {
        return family.keyword() + " " + table;
    }

    private static String target(Family family, String table, String set) {
        return id(family, NftText.identifier("table", table)) + " " + NftText.identifier("set", set);
    }

    private static String flags(Collection<String> flags) {
        return flags.isEmpty() ? "" : " flags " + String.join(",", flags.stream().sorted().toList()) + ";";
    }
}
