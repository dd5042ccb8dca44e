package io.reseau.informers.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.function.Consumer;

/**
 * The stand-in for kube-apiserver in tests: fabric8's mock server in CRUD mode (real HTTP, real watches) that
 * can also go away and come back on the same port with its objects intact, and forget history as a compacted
 * etcd does. Clients made here reconnect fast, so outage tests take seconds.
 */
public final class MockApiServer implements AutoCloseable {

    private final CompactingCrudDispatcher dispatcher = new CompactingCrudDispatcher();
    private final InetAddress address = InetAddress.getLoopbackAddress();
    private KubernetesMockServer server;
    private int port;

    private MockApiServer() {
    }

    public static MockApiServer start() {
        MockApiServer api = new MockApiServer();
        api.server = api.serve(0);
        api.port = api.server.getPort();
        return api;
    }

    /** The server's URL, e.g. for a kubeconfig. */
    public String url() {
        return "http://" + address.getHostAddress() + ":" + port;
    }

    /** A client of this server that retries watches quickly. */
    public KubernetesClient newClient() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withNamespace("default")
                .withTrustCerts(true)
                .withWatchReconnectInterval(100)
                .withRequestRetryBackoffInterval(100)
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(2_000)
                .withRequestTimeout(5_000)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The server goes away: open watches break, new connections are refused. Objects are kept. */
    public void stop() {
        server.shutdown();
        server = null;
    }

    /** The server comes back on the same address and port with the same objects. */
    public void restart() {
        if (server != null) {
            throw new IllegalStateException("the API server is already running");
        }
        server = serve(port);
    }

    /**
     * Changes objects while the server is away, as another API server replica would: clients of this server see
     * nothing until it is back.
     */
    public void changeWhileDown(Consumer<KubernetesClient> change) {
        if (server != null) {
            throw new IllegalStateException("stop() the server first");
        }
        KubernetesMockServer elsewhere = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                new MockWebServer(), new HashMap<>(), dispatcher, false);
        elsewhere.init(address, 0);
        try (KubernetesClient client = elsewhere.createClient()) {
            change.accept(client);
        } finally {
            elsewhere.shutdown();
        }
    }

    /** Forgets history: a watch resumed from any earlier resourceVersion gets 410 Gone and must relist. */
    public void compact() {
        dispatcher.compact();
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
        }
    }

    private KubernetesMockServer serve(int onPort) {
        KubernetesMockServer mock = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
                new MockWebServer(), new HashMap<>(), dispatcher, false);
        mock.init(address, onPort);
        return mock;
    }
}
