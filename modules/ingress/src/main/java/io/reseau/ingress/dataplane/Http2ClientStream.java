package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;

/**
 * One HTTP/2 stream as the client side of its {@link Exchange}: the response head becomes HEADERS, body parts DATA,
 * trailers a last HEADERS, written through the connection's encoder (so flow control and the sharing of the
 * connection between streams stay Netty's). The head is held until the first body part, so that a small response
 * read in one go leaves as HEADERS and one DATA ending the stream, and a bodyless one as HEADERS alone.
 */
final class Http2ClientStream implements ClientStream {

    private final Http2ClientConnection connection;
    private final ChannelHandlerContext ctx;
    private final Http2Stream stream;
    /** The stream's request's number on its connection, from 1. */
    private final long requestNumber;
    private Exchange exchange;
    private boolean requestComplete;
    private boolean responseComplete;
    private Http2Headers heldHead;
    private int unconsumed;
    /** When the client last opened the stream's window (a {@link System#nanoTime()}). */
    private long windowGrantedAt = Long.MIN_VALUE;

    Http2ClientStream(Http2ClientConnection connection, Http2Stream stream, boolean requestComplete,
            long requestNumber) {
        this.connection = connection;
        this.ctx = connection.context();
        this.stream = stream;
        this.requestComplete = requestComplete;
        this.requestNumber = requestNumber;
    }

    void start(RequestHead request, boolean complete) {
        exchange = new Exchange(connection.plane(), this);
        exchange.start(request, complete);
    }

    /** Whether DATA of this stream still has a reader (the exchange may have answered before the body ended). */
    boolean takesBody() {
        return exchange != null && !exchange.ended();
    }

    /** Request body bytes (with padding) handed to the exchange, whose window is given back once passed on. */
    void received(int bytes) {
        unconsumed += bytes;
    }

    void body(HttpContent part) {
        if (part instanceof LastHttpContent) {
            requestComplete = true;
        }
        if (takesBody()) {
            exchange.body(part);
        } else {
            part.release();
        }
    }

    /** The client opened the stream's window. */
    void windowGranted() {
        windowGrantedAt = System.nanoTime();
    }

    void clientWritable() {
        if (exchange != null) {
            exchange.clientWritable();
        }
    }

    /** The stream closed: with the response unfinished, the client reset it or the connection went. */
    void streamClosed() {
        if (exchange != null && !responseComplete) {
            exchange.clientClosed();
        }
        exchange = null;
    }

    // ---- ClientStream -----------------------------------------------------------------------------------------

    @Override
    public LoopResources loop() {
        return connection.loop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public long requestNumber() {
        return requestNumber;
    }

    @Override
    public ClientInfo client() {
        return connection.client();
    }

    @Override
    public boolean open() {
        return stream.state() != Http2Stream.State.CLOSED && ctx.channel().isActive();
    }

    @Override
    public void pullBody() {
        if (unconsumed > 0 && open()) {
            int bytes = unconsumed;
            unconsumed = 0;
            connection.consumed(stream, bytes);
        }
    }

    @Override
    public void closeAfterResponse() {
        // The stream ends with its response anyway; other streams of the connection are not concerned.
    }

    @Override
    public void writeInterim(ResponseHead interim) {
        // Interim responses are not passed on over HTTP/2.
    }

    @Override
    public int writeHead(ResponseHead head) {
        heldHead = head.http2Headers();
        return Http2Requests.responseHeadLength(heldHead);
    }

    @Override
    public void writeBody(HttpContent part) {
        boolean last = part instanceof LastHttpContent;
        responseComplete = last;
        Http2Headers trailers = last ? Http2Requests.trailers((LastHttpContent) part) : null;
        boolean endsWithData = last && trailers == null;
        if (heldHead != null) {
            boolean headersEnd = endsWithData && !part.content().isReadable();
            writeHeaders(heldHead, headersEnd);
            heldHead = null;
            if (headersEnd) {
                part.release();
                connection.flush(ctx);
                return;
            }
        }
        if (part.content().isReadable() || endsWithData) {
            writeData(part, endsWithData);
        } else {
            part.release();
        }
        if (trailers != null) {
            writeHeaders(trailers, true);
        }
        if (last) {
            // The backend connection goes back to its pool now, so its read-complete will not come here.
            connection.flush(ctx);
        }
    }

    private void writeHeaders(Http2Headers headers, boolean endOfStream) {
        stopBodyAfter(connection.encoder().writeHeaders(ctx, stream.id(), headers, 0, endOfStream, ctx.newPromise()),
                endOfStream);
    }

    private void writeData(HttpContent part, boolean endOfStream) {
        stopBodyAfter(connection.encoder().writeData(ctx, stream.id(), part.content(), 0, endOfStream, ctx.newPromise()),
                endOfStream);
    }

    /**
     * When the response ends while the client is still sending a body nobody reads, the client is asked to stop
     * once the response is out: RST_STREAM with NO_ERROR (RFC 9113 8.1).
     */
    private void stopBodyAfter(ChannelFuture written, boolean endOfStream) {
        if (endOfStream && !requestComplete) {
            written.addListener(f -> {
                if (!requestComplete) {
                    reset(Http2Error.NO_ERROR);
                }
            });
        }
    }

    @Override
    public void flush() {
        if (heldHead != null) {
            writeHeaders(heldHead, false);
            heldHead = null;
        }
        connection.flush(ctx);
    }

    @Override
    public boolean writable() {
        return connection.encoder().flowController().isWritable(stream);
    }

    /**
     * A stream out of window takes more when the client opens it; one with window left waits on the connection (its
     * window, or the socket).
     */
    @Override
    public boolean tookSince(long since) {
        return windowGrantedAt > since
                || connection.encoder().flowController().windowSize(stream) > 0 && connection.tookSince(since);
    }

    @Override
    public void abort() {
        responseComplete = true;
        reset(Http2Error.INTERNAL_ERROR);
    }

    private void reset(Http2Error error) {
        if (stream.state() != Http2Stream.State.CLOSED) {
            connection.resetStream(ctx, stream.id(), error.code(), ctx.newPromise());
            connection.flush(ctx);
        }
    }

    @Override
    public void ended() {
        exchange = null;
        pullBody();
    }

    @Override
    public void upgrade(ResponseHead response, Channel upstream, long idleNanos) {
        // Nothing over HTTP/2 asks for an upgrade: a backend switching protocols unasked has failed the exchange.
        upstream.close();
        abort();
    }
}
