package io.reseau.ingress.compute;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.reseau.ingress.model.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * A ConfigMap whose entries each stand for one thing (a TCP or UDP service, a field to set), read in key order: an
 * entry that cannot be read (its reader throws {@link IllegalArgumentException}) is reported on the ConfigMap and
 * skipped, the others are kept.
 */
final class ConfigMapEntries {

    private ConfigMapEntries() {
    }

    /**
     * What {@code reader} makes of each entry; each one it refuses becomes a problem with {@code reason} and the
     * message {@code problem} makes of its key and why, added to {@code problems}.
     */
    static <T> List<T> read(ConfigMap configMap, BiFunction<String, String, T> reader, String reason,
            BiFunction<String, String, String> problem, List<Problem> problems) {
        if (configMap.getData() == null) {
            return List.of();
        }
        List<T> read = new ArrayList<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(configMap.getData()).entrySet()) {
            try {
                read.add(reader.apply(entry.getKey(), entry.getValue()));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(configMap, reason, problem.apply(entry.getKey(), e.getMessage())));
            }
        }
        return read;
    }
}
