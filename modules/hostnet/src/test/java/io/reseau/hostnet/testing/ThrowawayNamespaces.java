package io.reseau.hostnet.testing;

import io.reseau.hostnet.HostNetwork;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.netns.NetworkNamespaces;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Network namespaces a test makes and that disappear after it, whatever happens. Names are
 * {@code rstest-<pid>-<n>-<label>}: the pid lets a later run sweep away what a killed test JVM left behind.
 * Only namespaces of this form are ever deleted; the machine's own network is never touched.
 */
public final class ThrowawayNamespaces implements AutoCloseable {

    static final String PREFIX = "rstest-";
    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+-.*");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final NetworkNamespaces namespaces = new NetworkNamespaces();
    private final List<NetworkNamespace> created = new ArrayList<>();

    ThrowawayNamespaces() {
    }

    /** A new namespace with loopback up; {@code label} (letters, digits, dashes) helps reading failures. */
    public synchronized NetworkNamespace create(String label) {
        if (!label.matches("[a-z0-9\\-]{1,32}")) {
            throw new IllegalArgumentException("label: 1 to 32 of a-z, 0-9, '-'; got '" + label + "'");
        }
        String name = PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + "-" + label;
        NetworkNamespace namespace = namespaces.create(name);
        created.add(namespace);
        return namespace;
    }

    /** A new namespace and its network stack. */
    public HostNetwork createNetwork(String label) {
        return HostNetwork.in(create(label));
    }

    /** Removes every namespace made here; what still runs inside is killed first. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        for (NetworkNamespace namespace : created.reversed()) {
            try {
                namespaces.delete(namespace);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        created.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Deletes namespaces that test JVMs which no longer run have left behind. */
    static void sweepLeftovers() {
        NetworkNamespaces namespaces = new NetworkNamespaces();
        for (String name : namespaces.list()) {
            Matcher ours = OURS.matcher(name);
            if (ours.matches() && ProcessHandle.of(Long.parseLong(ours.group(1))).isEmpty()) {
                namespaces.delete(NetworkNamespace.named(name));
            }
        }
    }
}
