package io.reseau.sandbox.cluster;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.reseau.hostnet.netns.NamespacedThread;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * The sandbox's Kubernetes API: fabric8's mock server in CRUD mode (real HTTP, real watches), listening inside
 * the control-plane namespace. It is started from a thread inside that namespace, so its listening socket and
 * the threads that serve it belong there; the root namespace cannot reach it but through {@link ApiRelay}.
 */
public final class EmbeddedApiServer implements AutoCloseable {

    private final KubernetesMockServer server;

    private EmbeddedApiServer(KubernetesMockServer server) {
        this.server = server;
    }

    // The mock server's own constructors build their Context from this (deprecated) shared mapper too.
    @SuppressWarnings("deprecation")
    public static EmbeddedApiServer startIn(NetworkNamespace namespace, String address, int port) throws Exception {
        return NamespacedThread.call(namespace, () -> {
            KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                    new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
            server.init(InetAddress.getByName(address), port);
            return new EmbeddedApiServer(server);
        });
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
