package io.reseau.hostnet.nft;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Elements of one set or map that belong together (in reseau-proxy, those of one Service port), checked and
 * encoded once. A set or map is the union of its named groups, and {@link TableDiff} skips a group that is the
 * very object it was before, so that a sync costs what changed, not what the table holds. A key belongs to one
 * group of a set or map only.
 */
public final class ElementGroup {

    private final KeyType key;
    private final Optional<KeyType> value;
    private final boolean map;
    private final Map<String, Element> elements;

    private ElementGroup(KeyType key, Optional<KeyType> value, boolean map, Map<String, Element> elements) {
        this.key = key;
        this.value = value;
        this.map = map;
        this.elements = Collections.unmodifiableMap(elements);
    }

    /** Set elements; throws naming the first one that is not a {@code key}. */
    public static ElementGroup ofKeys(KeyType key, Collection<String> keys) {
        Map<String, Element> elements = new LinkedHashMap<>();
        keys.forEach(k -> elements.put(k, Element.ofKey(key, k)));
        return new ElementGroup(key, Optional.empty(), false, elements);
    }

    /** Map entries, to data of {@code value} or (empty) to verdicts; throws naming the first bad one. */
    public static ElementGroup ofEntries(KeyType key, Optional<KeyType> value, Map<String, String> entries) {
        Map<String, Element> elements = new LinkedHashMap<>();
        entries.forEach((k, v) -> elements.put(k, Element.ofEntry(key, value, k, v)));
        return new ElementGroup(key, value, true, elements);
    }

    public Collection<Element> elements() {
        return elements.values();
    }

    /** The element with this key, or null. */
    Element get(String elementKey) {
        return elements.get(elementKey);
    }

    public int size() {
        return elements.size();
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    /** Throws unless these elements fit a set ({@code map} false) or map with these key and value types. */
    void requireFits(String owner, boolean ofMap, KeyType ownerKey, Optional<KeyType> ownerValue) {
        if (elements.isEmpty()) {
            return;
        }
        boolean sameKey = key == ownerKey || key.equals(ownerKey);
        boolean sameValue = value.isEmpty() ? ownerValue.isEmpty()
                : ownerValue.isPresent() && (value.get() == ownerValue.get() || value.get().equals(ownerValue.get()));
        if (map != ofMap || !sameKey || !sameValue) {
            throw new IllegalArgumentException(owner + " holds " + ownerKey + ownerValue.map(v -> " : " + v).orElse("")
                    + ", not elements of " + key + value.map(v -> " : " + v).orElse(map ? " : verdict" : ""));
        }
    }
}
