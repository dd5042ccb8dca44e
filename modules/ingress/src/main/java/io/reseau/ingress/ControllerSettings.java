package io.reseau.ingress;

import io.smallrye.config.ConfigMappings;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * ingress-nginx's controller ConfigMap keys, as they are, sorted into reseau's settings of the same names and the
 * keys reseau does not read (each with the reason it says when it leaves one out).
 *
 * @param settings the keys reseau reads, as properties ({@code reseau.ingress.<key>})
 * @param ignored the other keys, each with why it is left out
 */
public record ControllerSettings(Map<String, String> settings, Map<String, String> ignored) {

    static final String PREFIX = "reseau.ingress.";

    /** The names (without {@link #PREFIX}) of every setting of {@link IngressConfig}. */
    static Set<String> known() {
        return ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(IngressConfig.class, "reseau.ingress"))
                .keySet().stream().map(name -> name.substring(PREFIX.length())).collect(Collectors.toSet());
    }

    /** Sorts {@code keys} (a ConfigMap's data) by whether {@code known} holds their names. */
    public static ControllerSettings sort(Map<String, String> keys, Set<String> known) {
        Map<String, String> settings = new TreeMap<>();
        Map<String, String> ignored = new TreeMap<>();
        keys.forEach((key, value) -> {
            if (key.endsWith("-snippet") || key.equals("allow-snippet-annotations")) {
                ignored.put(key, "configuration snippets are never accepted: nginx configuration has no place in"
                        + " reseau");
            } else if (known.contains(key)) {
                settings.put(PREFIX + key, value);
            } else {
                ignored.put(key, "not a setting of reseau's (the ingress-nginx keys it reads are in docs/ingress.md,"
                        + " Configuration)");
            }
        });
        return new ControllerSettings(settings, ignored);
    }
}
