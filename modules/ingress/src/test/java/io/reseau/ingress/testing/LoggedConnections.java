package io.reseau.ingress.testing;

import io.reseau.ingress.dataplane.LoggedConnection;

/** Client connections as the access log sees them, for requests made up in tests. */
public final class LoggedConnections {

    /** The first connection of the process, to port 80 over plain HTTP, without a PROXY protocol header. */
    public static final LoggedConnection PLAIN = new LoggedConnection(1, "http", "80", "", "", "", "", "");

    private LoggedConnections() {
    }
}
