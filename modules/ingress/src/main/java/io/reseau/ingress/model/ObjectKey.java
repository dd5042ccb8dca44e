package io.reseau.ingress.model;

/** An object of a namespace, as a setting names it: {@code namespace/name}. */
public record ObjectKey(String namespace, String name) {

    /** {@code namespace/name}; anything else is an error of the configuration, naming the {@code setting}. */
    public static ObjectKey parse(String setting, String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException(setting + " must be namespace/name, not '" + text + "'");
        }
        return new ObjectKey(parts[0], parts[1]);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
