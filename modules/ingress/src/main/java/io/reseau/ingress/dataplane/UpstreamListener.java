package io.reseau.ingress.dataplane;

/** What an upstream connection reports to the exchange currently using it. */
interface UpstreamListener {

    /** A response head or body part from the backend (an {@code HttpObject}), or raw bytes once tunnelled. */
    void upstreamRead(Object message);

    /** The end of one read from the backend: time to flush towards the client. */
    void upstreamReadComplete();

    /** The backend connection closed or failed; {@code cause} is null for a plain close. */
    void upstreamFailed(Throwable cause);
}
