package io.reseau.ingress.dataplane;

import io.netty.channel.Channel;
import io.reseau.ingress.model.TcpService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The listeners of the TCP services: one per port, bound when a service appears and closed when it goes (its
 * connections carry on); a connection accepted is relayed to its port's service as it is then, so a change of
 * endpoints needs no new listener. Not thread-safe: one controller applies.
 */
final class TcpListeners implements AutoCloseable {

    /** Binds a port whose connections go to the service {@code current} gives when each is accepted. */
    @FunctionalInterface
    interface Binder {
        Channel bind(int port, Supplier<TcpService> current) throws Exception;
    }

    private static final class Listener implements Supplier<TcpService> {
        private volatile TcpService service;
        private Channel channel;

        @Override
        public TcpService get() {
            return service;
        }
    }

    private final Binder binder;
    private final Map<Integer, Listener> listeners = new HashMap<>();

    TcpListeners(Binder binder) {
        this.binder = binder;
    }

    /** Listens for exactly these services from now on; answers those whose port could not be bound. */
    List<DataPlane.UnboundPort> apply(List<TcpService> services) {
        Map<Integer, TcpService> wanted = new HashMap<>();
        services.forEach(service -> wanted.put(service.port(), service));
        for (Iterator<Map.Entry<Integer, Listener>> it = listeners.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Integer, Listener> listener = it.next();
            if (!wanted.containsKey(listener.getKey())) {
                // Closed before this returns: the port is free again for whatever binds it next.
                listener.getValue().channel.close().syncUninterruptibly();
                it.remove();
            }
        }
        List<DataPlane.UnboundPort> unbound = new ArrayList<>();
        for (TcpService service : wanted.values()) {
            Listener known = listeners.get(service.port());
            if (known != null) {
                known.service = service;
                continue;
            }
            Listener listener = new Listener();
            listener.service = service;
            try {
                listener.channel = binder.bind(service.port(), listener);
                listeners.put(service.port(), listener);
            } catch (Exception e) {
                unbound.add(new DataPlane.UnboundPort(service, e.getMessage()));
            }
        }
        return unbound;
    }

    @Override
    public void close() {
        listeners.values().forEach(listener -> listener.channel.close());
        listeners.clear();
    }
}
