package io.reseau.ingress.dataplane;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The listeners of the TCP or the UDP services: one per port, bound when a service appears and closed when it goes;
 * what a listener takes (a connection, a client's first datagram) is relayed to its port's service as it is then, so
 * a change of endpoints needs no new listener. Not thread-safe: one controller applies.
 *
 * @param <S> the service listened for
 */
final class PortListeners<S> implements AutoCloseable {

    /** Binds a port whose traffic goes to the service {@code current} gives at the time. */
    @FunctionalInterface
    interface Binder<S> {
        Channel bind(int port, Supplier<S> current) throws Exception;
    }

    private static final class Listener<S> implements Supplier<S> {
        private volatile S service;
        private Channel channel;

        @Override
        public S get() {
            return service;
        }
    }

    private final ToIntFunction<S> port;
    private final Binder<S> binder;
    private final Map<Integer, Listener<S>> listeners = new HashMap<>();

    PortListeners(ToIntFunction<S> port, Binder<S> binder) {
        this.port = port;
        this.binder = binder;
    }

    /** Listens for exactly these services from now on; answers the ports that could not be bound. */
    List<DataPlane.UnboundPort> apply(List<S> services) {
        Map<Integer, S> wanted = new HashMap<>();
        services.forEach(service -> wanted.put(port.applyAsInt(service), service));
        for (Iterator<Map.Entry<Integer, Listener<S>>> it = listeners.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Integer, Listener<S>> listener = it.next();
            if (!wanted.containsKey(listener.getKey())) {
                // Closed before this returns: the port is free again for whatever binds it next.
                listener.getValue().channel.close().syncUninterruptibly();
                it.remove();
            }
        }
        List<DataPlane.UnboundPort> unbound = new ArrayList<>();
        wanted.forEach((number, service) -> {
            Listener<S> known = listeners.get(number);
            if (known != null) {
                known.service = service;
                return;
            }
            Listener<S> listener = new Listener<>();
            listener.service = service;
            try {
                listener.channel = binder.bind(number, listener);
                listeners.put(number, listener);
            } catch (Exception e) {
                unbound.add(new DataPlane.UnboundPort(number, e.getMessage()));
            }
        });
        return unbound;
    }

    @Override
    public void close() {
        listeners.values().forEach(listener -> listener.channel.close());
        listeners.clear();
    }
}
