package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;

/**
 * The client side of one {@link Exchange}, as a front end provides it: an HTTP/1.1 connection or an HTTP/2 stream.
 * The exchange hands it a response head ({@link ResponseHead}) and body parts ({@code HttpContent}); each front end
 * turns them into its own wire format (an HTTP/1.1 client gets a scanned head's lines copied), so the routing,
 * policy and backend handling exist once for both.
 */
interface ClientStream {

    /** What the client connection's event loop shares; backend connections of the exchange are made on it. */
    LoopResources loop();

    ByteBufAllocator alloc();

    /** The client connection's address, scheme and port, the same for every exchange of the connection. */
    ClientInfo client();

    /** The number of the exchange's request on its client connection, from 1 (nginx's {@code $connection_requests}). */
    long requestNumber();

    /** Whether the client is still there to be answered. */
    boolean open();

    /** The exchange can take the next part of the request body. */
    void pullBody();

    /** The connection must close once this exchange is answered (its request could not be read to its end). */
    void closeAfterResponse();

    /** An interim response (100 Continue, 103 Early Hints) from the backend. */
    void writeInterim(ResponseHead interim);

    /**
     * The response head; body parts follow until a {@code LastHttpContent}. The whole response is flushed once
     * complete. Answers the head's bytes as written (an HTTP/2 head as its fields written as HTTP/1.1 lines, as a
     * request's length counts them).
     */
    int writeHead(ResponseHead head);

    /** A part of the response body; a {@code LastHttpContent} (with trailers, if any) ends the response. */
    void writeBody(HttpContent part);

    void flush();

    /** Whether the client takes more now; when it does not, the exchange pauses its backend until resumed. */
    boolean writable();

    /**
     * Whether the client took any of what was written to it after {@code since} (a {@link System#nanoTime()}), as
     * far as can be told; asked while the exchange waits for a client that is behind.
     */
    boolean tookSince(long since);

    /** The response cannot be completed: the client must see it is cut short. */
    void abort();

    /** The exchange is over (answered, abandoned or tunnelled); the front end may go on to the next request. */
    void ended();

    /**
     * The backend accepted an upgrade ({@code 101}): from now on the client connection and {@code upstream} carry
     * raw bytes both ways, closed after {@code idleNanos} of silence. Only an HTTP/1.1 front end forwards an
     * {@code Upgrade} header, so only it is asked.
     */
    void upgrade(ResponseHead response, Channel upstream, long idleNanos);
}
