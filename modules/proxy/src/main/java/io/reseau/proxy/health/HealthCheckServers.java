package io.reseau.proxy.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.reseau.hostnet.netns.NamespacedThread;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.proxy.compute.EndpointSelection;
import io.reseau.proxy.model.ServicePort;
import io.reseau.proxy.model.ServicePortEndpoints;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * The {@code healthCheckNodePort} of each {@code externalTrafficPolicy: Local} LoadBalancer Service, served with
 * kube-proxy's semantics: 200 while this node has a local endpoint of the Service, 503 otherwise, with a JSON
 * body naming the Service and the count, so a load balancer only sends traffic to nodes that can take it.
 */
public final class HealthCheckServers implements AutoCloseable {

    /** What one health check port answers for. */
    record Answer(String namespace, String name, int localEndpoints) {
    }

    private static final Logger LOG = Logger.getLogger(HealthCheckServers.class);

    private final NetworkNamespace namespace;
    private final String nodeName;
    private final Map<Integer, HttpServer> servers = new HashMap<>();
    private final Map<Integer, Answer> answers = new ConcurrentHashMap<>();

    public HealthCheckServers(NetworkNamespace namespace, String nodeName) {
        this.namespace = namespace;
        this.nodeName = nodeName;
    }

    /**
     * Opens, updates and closes health check ports to match the Service ports; {@code portProblem} hears of a port
     * that cannot be opened (already in use).
     */
    public void update(List<ServicePortEndpoints> ports, BiConsumer<ServicePort, String> portProblem) {
        Map<Integer, Answer> wanted = new HashMap<>();
        Map<Integer, ServicePort> owners = new HashMap<>();
        for (ServicePortEndpoints entry : ports) {
            ServicePort port = entry.servicePort();
            if (port.healthCheckNodePort() == 0) {
                continue;
            }
            int local = EndpointSelection.of(entry.endpoints(), nodeName).local().size();
            wanted.merge(port.healthCheckNodePort(), new Answer(port.name().namespace(), port.name().service(), local),
                    (a, b) -> new Answer(a.namespace(), a.name(), Math.max(a.localEndpoints(), b.localEndpoints())));
            owners.putIfAbsent(port.healthCheckNodePort(), port);
        }
        answers.putAll(wanted);
        for (Integer port : List.copyOf(servers.keySet())) {
            if (!wanted.containsKey(port)) {
                servers.remove(port).stop(0);
                answers.remove(port);
            }
        }
        wanted.keySet().stream().filter(port -> !servers.containsKey(port)).forEach(port -> {
            try {
                servers.put(port, open(port));
            } catch (Exception e) {
                answers.remove(port);
                portProblem.accept(owners.get(port), "healthCheckNodePort " + port + " cannot be opened: " + e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        servers.values().forEach(server -> server.stop(0));
        servers.clear();
    }

    private HttpServer open(int port) throws Exception {
        // Bound inside the node's namespace; the server keeps its socket there.
        HttpServer server = NamespacedThread.call(namespace, () -> HttpServer.create(new InetSocketAddress(port), 16));
        server.createContext("/", exchange -> answer(exchange, answers.get(port)));
        server.setExecutor(null);
        server.start();
        LOG.infof("serving the health check of %s on port %d", answers.get(port), port);
        return server;
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        int count = answer == null ? 0 : answer.localEndpoints();
        String body = answer == null ? "{}" : """
                {"service":{"namespace":"%s","name":"%s"},"localEndpoints":%d,"serviceProxyHealthy":true}"""
                .formatted(answer.namespace(), answer.name(), count);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("X-Load-Balancing-Endpoint-Weight", Integer.toString(count));
        exchange.sendResponseHeaders(count > 0 ? 200 : 503, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
