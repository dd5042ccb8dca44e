package io.reseau.ingress.testing;

import io.reseau.ingress.dataplane.CompletedRequest;
import io.reseau.ingress.dataplane.RelayedConnection;
import io.reseau.ingress.dataplane.RequestObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the relayed connections a data plane tells of, in the order they ended; requests are not kept. */
public final class RelayRecorder implements RequestObserver {

    private final List<RelayedConnection> connections = new CopyOnWriteArrayList<>();

    @Override
    public void completed(CompletedRequest request) {
    }

    @Override
    public void relayed(RelayedConnection connection) {
        connections.add(connection);
    }

    public List<RelayedConnection> connections() {
        return connections;
    }
}
