package io.reseau.hostnet.nft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Changes to nftables applied as one transaction: the kernel takes all of them or none. Each operation is one
 * line of {@link #lines()}; an error names the line of the operation it came from.
 */
public final class NftTransaction {

    private final List<NftOperation> operations = new ArrayList<>();

    /**
     * Replaces the table's whole content: creates it if missing, drops it with everything in it and builds it
     * again, in one transaction. Other tables are untouched.
     */
    public NftTransaction replaceTable(Table table) {
        Family family = table.family();
        String name = table.name();
        add(new NftOperation.AddTable(family, name));
        add(new NftOperation.DeleteTable(family, name));
        add(new NftOperation.AddTable(family, name));
        fill(table);
        return this;
    }

    /** Creates the table and its content in a transaction that fails if any of it exists. */
    public NftTransaction createTable(Table table) {
        add(new NftOperation.AddTable(table.family(), table.name()));
        fill(table);
        return this;
    }

    /** Removes the table if it exists. */
    public NftTransaction deleteTable(Family family, String name) {
        add(new NftOperation.AddTable(family, NftText.identifier("table", name)));
        add(new NftOperation.DeleteTable(family, name));
        return this;
    }

    /** Declares a chain (if missing) and appends its rules. */
    public NftTransaction addChain(Family family, String table, Chain chain) {
        add(new NftOperation.AddChain(family, table, chain));
        chain.rules().forEach(rule -> add(new NftOperation.AddRule(family, table, chain.name(), rule)));
        return this;
    }

    public NftTransaction flushChain(Family family, String table, String chain) {
        return add(new NftOperation.FlushChain(family, table, NftText.identifier("chain", chain)));
    }

    public NftTransaction deleteChain(Family family, String table, String chain) {
        return add(new NftOperation.DeleteChain(family, table, NftText.identifier("chain", chain)));
    }

    public NftTransaction addRule(Family family, String table, String chain, Rule rule) {
        return add(new NftOperation.AddRule(family, table, NftText.identifier("chain", chain), rule));
    }

    /** Declares a set (if missing) and adds its elements. */
    public NftTransaction addSet(Family family, String table, NftSet set) {
        add(new NftOperation.AddSet(family, table, set));
        return addEncoded(family, table, set.name(), set.groups().values());
    }

    /** Declares a map (if missing) and adds its elements. */
    public NftTransaction addMap(Family family, String table, NftMap map) {
        add(new NftOperation.AddMap(family, table, map));
        return addEncoded(family, table, map.name(), map.groups().values());
    }

    /** Removes every element of a set or map. */
    public NftTransaction flushSet(Family family, String table, String set) {
        return add(new NftOperation.FlushSet(family, table, NftText.identifier("set", set)));
    }

    public NftTransaction deleteSet(Family family, String table, String set) {
        return add(new NftOperation.DeleteSet(family, table, NftText.identifier("set", set)));
    }

    /** Adds elements to a set; throws naming the first that is not of the set's type. */
    public NftTransaction addElements(Family family, String table, NftSet set, Collection<String> keys) {
        return addElements(family, table, set.name(), ElementGroup.ofKeys(set.key(), keys).elements());
    }

    /** Removes elements from a set; each must be present, or the whole transaction fails. */
    public NftTransaction deleteElements(Family family, String table, NftSet set, Collection<String> keys) {
        return deleteElements(family, table, set.name(), ElementGroup.ofKeys(set.key(), keys).elements());
    }

    /** Adds entries to a map; throws naming the first that does not fit the map's types. */
    public NftTransaction addMapElements(Family family, String table, NftMap map, Map<String, String> entries) {
        return addElements(family, table, map.name(), ElementGroup.ofEntries(map.key(), map.value(), entries).elements());
    }

    /** Removes entries from a map by key; each must be present, or the whole transaction fails. */
    public NftTransaction deleteMapElements(Family family, String table, NftMap map, Collection<String> keys) {
        return deleteElements(family, table, map.name(), ElementGroup.ofKeys(map.key(), keys).elements());
    }

    /** Adds elements already checked and encoded (those of an {@link ElementGroup}). */
    public NftTransaction addElements(Family family, String table, String set, Collection<Element> elements) {
        if (elements.isEmpty()) {
            return this;
        }
        return add(new NftOperation.AddElements(family, table, NftText.identifier("set", set), List.copyOf(elements)));
    }

    /** Removes elements by their keys; each must be present, or the whole transaction fails. */
    public NftTransaction deleteElements(Family family, String table, String set, Collection<Element> elements) {
        if (elements.isEmpty()) {
            return this;
        }
        return add(new NftOperation.DeleteElements(family, table, NftText.identifier("set", set), List.copyOf(elements)));
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }

    public List<NftOperation> operations() {
        return List.copyOf(operations);
    }

    /** The transaction in nft's syntax, one operation per line. */
    public List<String> lines() {
        return operations.stream().map(NftOperation::line).toList();
    }

    private void fill(Table table) {
        Family family = table.family();
        String name = table.name();
        table.chains().forEach(chain -> add(new NftOperation.AddChain(family, name, chain)));
        table.sets().forEach(set -> addSet(family, name, set));
        table.maps().forEach(map -> addMap(family, name, map));
        table.chains().forEach(chain -> chain.rules().forEach(rule ->
                add(new NftOperation.AddRule(family, name, chain.name(), rule))));
    }

    private NftTransaction addEncoded(Family family, String table, String set, Collection<ElementGroup> groups) {
        List<Element> elements = new ArrayList<>();
        groups.forEach(group -> elements.addAll(group.elements()));
        return addElements(family, table, set, elements);
    }

    private NftTransaction add(NftOperation operation) {
        NftText.identifier("table", operation.table());
        operations.add(operation);
        return this;
    }
}
