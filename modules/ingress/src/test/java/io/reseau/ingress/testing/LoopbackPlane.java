package io.reseau.ingress.testing;

import io.netty.resolver.HostsFileEntriesResolver;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.reseau.ingress.dataplane.DataPlane;
import io.reseau.ingress.dataplane.DataPlaneSettings;
import io.reseau.ingress.dataplane.NameResolution;
import io.reseau.ingress.dataplane.RequestObserver;
import io.reseau.ingress.model.RoutingTable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A data plane on loopback for each test of a class: started before the test's own set-up, closed after it with
 * the backends started through {@link #backend}. A field of the test class:
 * {@code @RegisterExtension final LoopbackPlane plane = new LoopbackPlane();}
 */
public final class LoopbackPlane implements BeforeEachCallback, AfterEachCallback {

    private final DataPlaneSettings settings;
    private final RequestObserver observer;
    private final Deque<AutoCloseable> backends = new ArrayDeque<>();
    private NameResolution names = NameResolution.system();
    private DataPlane plane;

    /** Loopback's defaults (ephemeral ports), nothing observed. */
    public LoopbackPlane() {
        this(DataPlaneSettings.loopback(0, 0));
    }

    public LoopbackPlane(DataPlaneSettings settings) {
        this(settings, request -> { });
    }

    /** Loopback's defaults, telling {@code observer} of requests and relayed connections. */
    public LoopbackPlane(RequestObserver observer) {
        this(DataPlaneSettings.loopback(0, 0), observer);
    }

    public LoopbackPlane(DataPlaneSettings settings, RequestObserver observer) {
        this.settings = settings;
        this.observer = observer;
    }

    /**
     * This plane, looking ExternalName Services' names up in {@code hosts} (instead of /etc/hosts), then asking
     * {@code nameServers}.
     */
    public LoopbackPlane names(HostsFileEntriesResolver hosts, DnsServerAddressStreamProvider nameServers) {
        names = new NameResolution(hosts, nameServers);
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        plane = new DataPlane(settings, observer, names);
        plane.start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        plane.close();
        while (!backends.isEmpty()) {
            backends.pop().close();
        }
    }

    /** A backend, closed after the test. */
    public <T extends AutoCloseable> T backend(T backend) {
        backends.push(backend);
        return backend;
    }

    public List<DataPlane.CertificateProblem> apply(RoutingTable table) {
        return plane.apply(table);
    }

    public int httpPort() {
        return plane.httpPort();
    }

    public int httpsPort() {
        return plane.httpsPort();
    }

    /** The plane itself, for what the shortcuts above do not cover. */
    public DataPlane dataPlane() {
        return plane;
    }
}
