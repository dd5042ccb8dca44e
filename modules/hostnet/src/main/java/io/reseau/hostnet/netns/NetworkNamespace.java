package io.reseau.hostnet.netns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A network namespace, by name (as {@code ip netns} names it, under {@code /var/run/netns}) or by path (as the
 * CNI gives it: {@code /proc/<pid>/ns/net}, a bind mount), or the namespace this process runs in.
 */
public final class NetworkNamespace {

    private static final Path NAMED = Path.of("/var/run/netns");
    private static final NetworkNamespace CURRENT = new NetworkNamespace(null, null);

    private final String name;
    private final Path path;

    private NetworkNamespace(String name, Path path) {
        this.name = name;
        this.path = path;
    }

    /** The namespace this process runs in; commands for it run without entering anything. */
    public static NetworkNamespace current() {
        return CURRENT;
    }

    public static NetworkNamespace named(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a network namespace name: '" + name + "'");
        }
        return new NetworkNamespace(name, NAMED.resolve(name));
    }

    public static NetworkNamespace atPath(Path path) {
        return new NetworkNamespace(null, Objects.requireNonNull(path).toAbsolutePath());
    }

    public boolean isCurrent() {
        return path == null;
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The file that stands for the namespace; empty for the current namespace. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    public boolean exists() {
        return isCurrent() || Files.exists(path);
    }

    /** What to put before a command to run it inside this namespace. */
    public List<String> enterPrefix() {
        return isCurrent() ? List.of() : List.of("nsenter", "--net=" + path);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NetworkNamespace ns && Objects.equals(path, ns.path);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(path);
    }

    @Override
    public String toString() {
        return isCurrent() ? "the current network namespace" : name != null ? "netns " + name : "netns " + path;
    }
}
