package io.reseau.informers.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a component watches: one resource type, in every namespace or in some (one informer each, read as one
 * cache), optionally scoped to a label selector and field selectors (for example {@code spec.nodeName=<this
 * node>}), with the secondary indexes it wants to query.
 *
 * <p>Immutable; every {@code with…} returns a new declaration.
 */
public record Watch<T extends HasMetadata>(
        Class<T> type,
        Set<String> namespaces,
        String labelSelector,
        Map<String, String> fields,
        Map<String, Function<T, List<String>>> indexes) {

    public Watch {
        Objects.requireNonNull(type, "type");
        namespaces = Collections.unmodifiableSet(new TreeSet<>(namespaces));
        fields = Map.copyOf(fields);
        indexes = Map.copyOf(indexes);
    }

    /** Every object of this type in every namespace. */
    public static <T extends HasMetadata> Watch<T> of(Class<T> type) {
        return new Watch<>(type, Set.of(), null, Map.of(), Map.of());
    }

    public Watch<T> inNamespace(String namespace) {
        return inNamespaces(Set.of(namespace));
    }

    /** The objects of these namespaces only; none given: of every namespace. */
    public Watch<T> inNamespaces(Set<String> scope) {
        return new Watch<>(type, scope, labelSelector, fields, indexes);
    }

    /** A label selector as {@code kubectl -l} takes it, e.g. {@code app=web,tier!=cache}. */
    public Watch<T> withLabels(String selector) {
        return new Watch<>(type, namespaces, selector, fields, indexes);
    }

    /** A field selector the API server evaluates, e.g. {@code withField("spec.nodeName", node)}. */
    public Watch<T> withField(String path, String value) {
        Map<String, String> more = new LinkedHashMap<>(fields);
        more.put(path, value);
        return new Watch<>(type, namespaces, labelSelector, more, indexes);
    }

    /** A secondary index: {@link ResourceCache#byIndex} finds objects by any of the keys this function gives. */
    public Watch<T> withIndex(String name, Function<T, List<String>> keys) {
        Map<String, Function<T, List<String>>> more = new LinkedHashMap<>(indexes);
        more.put(name, keys);
        return new Watch<>(type, namespaces, labelSelector, fields, more);
    }

    /**
     * A short name for logs, metrics and health, e.g. {@code Service}, {@code Pod[spec.nodeName=n1]} or
     * {@code Secret[namespace in (a, b)]}.
     */
    public String describe() {
        StringBuilder name = new StringBuilder(type.getSimpleName());
        if (!namespaces.isEmpty() || labelSelector != null || !fields.isEmpty()) {
            StringBuilder scope = new StringBuilder();
            if (namespaces.size() == 1) {
                scope.append("namespace=").append(namespaces.iterator().next());
            } else if (!namespaces.isEmpty()) {
                scope.append("namespace in (").append(String.join(", ", namespaces)).append(')');
            }
            if (labelSelector != null) {
                scope.append(scope.isEmpty() ? "" : ",").append(labelSelector);
            }
            fields.forEach((path, value) -> scope.append(scope.isEmpty() ? "" : ",").append(path).append('=').append(value));
            name.append('[').append(scope).append(']');
        }
        return name.toString();
    }
}
