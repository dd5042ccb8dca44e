package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;

/**
 * The HTTP/2 front end: one handler per client connection, on Netty's connection handler (frames, HPACK, flow
 * control, stream states, the rapid-reset and other limits). Each stream's HEADERS start an {@link Exchange} kept
 * on the stream itself ({@link Http2ClientStream}); DATA and trailers go to it as body parts; a stream that closes
 * before its response is written (RST_STREAM from the client, GOAWAY, the connection closing) ends its exchange.
 * No child channel, pipeline or HTTP/1 object codec per stream: that was most of the CPU an HTTP/2 request cost.
 */
final class Http2ClientConnection extends Http2ConnectionHandler implements Http2FrameListener {

    private final DataPlane plane;
    private final LoopResources loop;
    private final Http2Connection.PropertyKey exchangeKey;
    private ChannelHandlerContext ctx;
    private ClientInfo client;
    /** Streams started on this connection; the one reaching {@code keep-alive-requests} is its last. */
    private int streams;
    /** When the client last opened the connection's window (a {@link System#nanoTime()}). */
    private long windowGrantedAt = Long.MIN_VALUE;

    Http2ClientConnection(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings settings,
            DataPlane plane, LoopResources loop) {
        super(decoder, encoder, settings);
        this.plane = plane;
        this.loop = loop;
        this.exchangeKey = connection().newKey();
        connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                Http2ClientStream closed = stream.removeProperty(exchangeKey);
                if (closed != null) {
                    closed.streamClosed();
                }
            }
        });
        encoder.flowController().listener(stream -> {
            Http2ClientStream writable = stream.getProperty(exchangeKey);
            if (writable != null && encoder.flowController().isWritable(stream)) {
                writable.clientWritable();
            }
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    DataPlane plane() {
        return plane;
    }

    LoopResources loop() {
        return loop;
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    /** HTTP/2 is only offered over TLS (ALPN). */
    ClientInfo client() {
        if (client == null) {
            client = ClientInfo.of(ctx.channel(), true);
        }
        return client;
    }

    /** Whether the client took any of the connection's data after {@code since}: opened its window, or read more. */
    boolean tookSince(long since) {
        return windowGrantedAt > since || TcpProgress.tookSince(ctx.channel(), since);
    }

    /** The stream's side of its exchange; null for a stream without one. */
    private Http2ClientStream exchangeOf(int streamId) {
        Http2Stream stream = connection().stream(streamId);
        return stream == null ? null : stream.getProperty(exchangeKey);
    }

    // ---- frames from the client -------------------------------------------------------------------------------

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
            boolean endOfStream) throws Http2Exception {
        Http2Stream stream = connection().stream(streamId);
        Http2ClientStream existing = stream.getProperty(exchangeKey);
        if (existing != null) {
            LastHttpContent trailers = Http2Requests.trailers(streamId, headers);
            oneStream(streamId, () -> existing.body(trailers));
            return;
        }
        RequestHead request = Http2Requests.request(streamId, headers, endOfStream,
                plane.settings().underscoresInHeaders(), plane.settings().maxLineBytes());
        Http2ClientStream client = new Http2ClientStream(this, stream, endOfStream, ++streams);
        stream.setProperty(exchangeKey, client);
        oneStream(streamId, () -> client.start(request, endOfStream));
        int maxRequests = plane.settings().keepAliveRequests();
        if (maxRequests > 0 && streams == maxRequests) {
            endGracefully();
        }
    }

    /** A drain: the connection ends gracefully. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientConnections.DRAIN) {
            endGracefully();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    /**
     * Ends the connection gracefully: GOAWAY naming the last stream started as the last, those streams served however
     * long they last (a gRPC stream may last hours; their own timeouts apply), then the connection closed. Through the
     * whole pipeline, so that this handler's own close does it.
     */
    private void endGracefully() {
        gracefulShutdownTimeoutMillis(-1);
        ctx.channel().close();
    }

    /**
     * Runs what a frame does to its exchange, so that a failure there resets that stream only, as it would have
     * closed one connection over HTTP/1.1, rather than being taken for a connection error ending every stream.
     */
    private static void oneStream(int streamId, Runnable step) throws Http2Exception {
        try {
            step.run();
        } catch (RuntimeException e) {
            throw Http2Exception.streamError(streamId, Http2Error.INTERNAL_ERROR, e, "the exchange failed");
        }
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
            short weight, boolean exclusive, int padding, boolean endOfStream) throws Http2Exception {
        onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream)
            throws Http2Exception {
        int bytes = data.readableBytes() + padding;
        Http2ClientStream client = exchangeOf(streamId);
        if (client == null || !client.takesBody()) {
            // Nobody reads it: the window is given back at once.
            return bytes;
        }
        client.received(bytes);
        HttpContent part = endOfStream ? new DefaultLastHttpContent(data.retain()) : new DefaultHttpContent(data.retain());
        oneStream(streamId, () -> client.body(part));
        return 0;
    }

    /** Gives flow-control window back for request body bytes the exchange has passed on. */
    void consumed(Http2Stream stream, int bytes) {
        try {
            if (decoder().flowController().consumeBytes(stream, bytes)) {
                ctx.flush();
            }
        } catch (Http2Exception e) {
            onError(ctx, false, e);
        }
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
        // The stream is closed by the codec right after: onStreamClosed ends the exchange.
    }

    @Override
    public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
            boolean exclusive) {
    }

    @Override
    public void onSettingsAckRead(ChannelHandlerContext ctx) {
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
    }

    @Override
    public void onPingRead(ChannelHandlerContext ctx, long data) {
    }

    @Override
    public void onPingAckRead(ChannelHandlerContext ctx, long data) {
    }

    @Override
    public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId, Http2Headers headers,
            int padding) {
    }

    @Override
    public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
    }

    @Override
    public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {
        if (streamId == 0) {
            windowGrantedAt = System.nanoTime();
            return;
        }
        Http2ClientStream client = exchangeOf(streamId);
        if (client != null) {
            client.windowGranted();
        }
    }

    @Override
    public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags,
            ByteBuf payload) {
    }
}
