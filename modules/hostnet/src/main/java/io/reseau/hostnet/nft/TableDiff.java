package io.reseau.hostnet.nft;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The transaction that turns a table the kernel holds (as we last applied it) into the desired one, touching
 * only what differs: new and removed chains, sets and maps; chains whose rules changed are flushed and refilled;
 * set and map elements are added and removed one by one. Dynamic sets keep what the packet path put in them.
 * One change to a 100k-element table is a transaction of a few messages.
 *
 * <p>Order inside the transaction respects the kernel's references: objects are declared before anything uses
 * them, and references (map entries naming chains, rules naming sets) are gone before what they name is deleted.
 */
public final class TableDiff {

    private TableDiff() {
    }

    /**
     * The operations from {@code current} to {@code desired} (the same family and table); empty when a chain
     * changed its hook or a set or map its type, which only a full replace can do in one transaction.
     */
    public static Optional<NftTransaction> between(Table current, Table desired) {
        if (current.family() != desired.family() || !current.name().equals(desired.name())) {
            throw new IllegalArgumentException("a diff is between two states of one table, not "
                    + current.family().keyword() + " " + current.name() + " and "
                    + desired.family().keyword() + " " + desired.name());
        }
        Family family = desired.family();
        String table = desired.name();
        NftTransaction tx = new NftTransaction();
        Map<String, Chain> oldChains = byName(current.chains(), Chain::name);
        Map<String, Chain> newChains = byName(desired.chains(), Chain::name);
        Map<String, NftSet> oldSets = byName(current.sets(), NftSet::name);
        Map<String, NftSet> newSets = byName(desired.sets(), NftSet::name);
        Map<String, NftMap> oldMaps = byName(current.maps(), NftMap::name);
        Map<String, NftMap> newMaps = byName(desired.maps(), NftMap::name);
        if (redeclared(oldChains, newChains, oldSets, newSets, oldMaps, newMaps)) {
            return Optional.empty();
        }

        // 1. Declare what is new, so that elements and rules below may name it.
        newChains.values().stream().filter(c -> !oldChains.containsKey(c.name()))
                .forEach(c -> tx.addChain(family, table, new Chain(c.name(), c.hook(), List.of())));
        newSets.values().stream().filter(s -> !oldSets.containsKey(s.name())).forEach(s -> tx.addSet(family, table, s));
        newMaps.values().stream().filter(m -> !oldMaps.containsKey(m.name())).forEach(m -> tx.addMap(family, table, m));

        // 2. Elements of sets and maps kept from before: remove what went, add what came or changed value.
        for (NftSet set : newSets.values()) {
            NftSet old = oldSets.get(set.name());
            if (old != null && !set.dynamic()) {
                changedElements(tx, family, table, set.name(), old.groups(), set.groups());
            }
        }
        for (NftMap map : newMaps.values()) {
            NftMap old = oldMaps.get(map.name());
            if (old != null) {
                changedElements(tx, family, table, map.name(), old.groups(), map.groups());
            }
        }

        // 3. Rules: refill new and changed chains; empty chains about to go, so nothing they name stays in use.
        for (Chain chain : newChains.values()) {
            Chain old = oldChains.get(chain.name());
            if (old == null || !sameRules(old, chain)) {
                if (old != null) {
                    tx.flushChain(family, table, chain.name());
                }
                chain.rules().forEach(rule -> tx.addRule(family, table, chain.name(), rule));
            }
        }
        oldChains.keySet().stream().filter(name -> !newChains.containsKey(name))
                .forEach(name -> tx.flushChain(family, table, name));

        // 4. Delete what is no longer wanted: sets and maps, then chains.
        oldSets.keySet().stream().filter(name -> !newSets.containsKey(name)).forEach(name -> tx.deleteSet(family, table, name));
        oldMaps.keySet().stream().filter(name -> !newMaps.containsKey(name)).forEach(name -> tx.deleteSet(family, table, name));
        oldChains.keySet().stream().filter(name -> !newChains.containsKey(name))
                .forEach(name -> tx.deleteChain(family, table, name));
        return Optional.of(tx);
    }

    /**
     * Removes the elements that went or changed value, then adds those that came or changed, group by group; a
     * group that is the very object it was is skipped unread. All removals come first, so that a key may move
     * from one group to another in one transaction.
     */
    private static void changedElements(NftTransaction tx, Family family, String table, String set,
            Map<String, ElementGroup> before, Map<String, ElementGroup> after) {
        List<Element> gone = new ArrayList<>();
        before.forEach((name, old) -> {
            ElementGroup now = after.get(name);
            if (now != old) {
                old.elements().stream().filter(e -> !kept(e, now)).forEach(gone::add);
            }
        });
        List<Element> came = new ArrayList<>();
        after.forEach((name, now) -> {
            ElementGroup old = before.get(name);
            if (now != old) {
                now.elements().stream().filter(e -> !kept(e, old)).forEach(came::add);
            }
        });
        tx.deleteElements(family, table, set, gone);
        tx.addElements(family, table, set, came);
    }

    /** Whether {@code group} holds the same element (key and value). */
    private static boolean kept(Element element, ElementGroup group) {
        Element same = group == null ? null : group.get(element.key());
        return same != null && same.sameAs(element);
    }

    /** Whether an object kept its name but changed what it is (a chain's hook, a set's or map's type). */
    private static boolean redeclared(Map<String, Chain> oldChains, Map<String, Chain> newChains,
            Map<String, NftSet> oldSets, Map<String, NftSet> newSets, Map<String, NftMap> oldMaps,
            Map<String, NftMap> newMaps) {
        boolean chains = newChains.values().stream().anyMatch(c -> oldChains.containsKey(c.name())
                && !oldChains.get(c.name()).hook().equals(c.hook()));
        boolean sets = newSets.values().stream().anyMatch(s -> oldSets.containsKey(s.name())
                && !sameDeclaration(oldSets.get(s.name()), s));
        boolean maps = newMaps.values().stream().anyMatch(m -> oldMaps.containsKey(m.name())
                && !(oldMaps.get(m.name()).key().equals(m.key()) && oldMaps.get(m.name()).value().equals(m.value())));
        return chains || sets || maps;
    }

    private static boolean sameDeclaration(NftSet a, NftSet b) {
        return a.key().equals(b.key()) && a.dynamic() == b.dynamic() && a.timeout().equals(b.timeout());
    }

    private static boolean sameRules(Chain a, Chain b) {
        return a == b || a.rules().stream().map(Rule::text).toList().equals(b.rules().stream().map(Rule::text).toList());
    }

    private static <T> Map<String, T> byName(List<T> objects, Function<T, String> name) {
        return objects.stream().collect(Collectors.toMap(name, o -> o, (a, b) -> a, LinkedHashMap::new));
    }
}
