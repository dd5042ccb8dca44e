package io.reseau.ingress.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 client over TLS (ALPN h2) that shows what arrives frame by frame: each stream's HEADERS, DATA and
 * RST_STREAM as {@link Frame}s, in order. Its stream window is the one given; received DATA is given back to the
 * window only when the test says so ({@link #consume}), or at once with {@code autoConsume}; the connection's window is
 * at least as large. Netty's decoder under
 * it refuses DATA beyond the window (a connection error), so a body that arrives whole arrived within it.
 */
public final class H2Client implements AutoCloseable {

    /** What arrived on a stream. */
    public sealed interface Frame {
    }

    public record Headers(Http2Headers headers, boolean endOfStream) implements Frame {
    }

    public record Data(byte[] bytes, boolean endOfStream) implements Frame {
    }

    public record Reset(long errorCode) implements Frame {
    }

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Map<Integer, BlockingQueue<Frame>> streams = new ConcurrentHashMap<>();
    private final boolean autoConsume;
    private final Channel channel;
    private Http2ConnectionHandler handler;
    private int nextStream = 1;
    /** The last stream id of the server's GOAWAY, or -1 before one. */
    private volatile int goAwayLastStream = -1;

    public H2Client(int port, int initialWindow, boolean autoConsume) throws Exception {
        this(port, initialWindow, autoConsume, 0);
    }

    /** With a socket receive buffer of {@code receiveBuffer} bytes (0: the system's). */
    public H2Client(int port, int initialWindow, boolean autoConsume, int receiveBuffer) throws Exception {
        this.autoConsume = autoConsume;
        SslContext tls = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class);
        if (receiveBuffer > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, receiveBuffer);
        }
        channel = bootstrap.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                handler = new Http2ConnectionHandlerBuilder().server(false).frameListener(new Collector())
                        .initialSettings(Http2Settings.defaultSettings().initialWindowSize(initialWindow)).build();
                ch.pipeline().addLast(tls.newHandler(ch.alloc(), "localhost", port), handler);
            }
        }).connect("127.0.0.1", port).sync().channel();
        if (initialWindow > Http2CodecUtil.DEFAULT_WINDOW_SIZE) {
            // The connection's window as large as a stream's, so that a stream's window alone holds DATA back.
            run(ctx -> handler.decoder().flowController().incrementWindowSize(handler.connection().connectionStream(),
                    initialWindow - Http2CodecUtil.DEFAULT_WINDOW_SIZE));
        }
    }

    /** Sends a request (HEADERS, then DATA ending the stream when there is a body); answers its stream id. */
    public int send(String method, String authority, String path, Map<String, String> headers, byte[] body)
            throws Exception {
        int id;
        synchronized (this) {
            id = nextStream;
            nextStream += 2;
        }
        streams.put(id, new LinkedBlockingQueue<>());
        Http2Headers head = new DefaultHttp2Headers().method(method).scheme("https").authority(authority).path(path);
        headers.forEach((name, value) -> head.add(name, value));
        run(ctx -> {
            handler.encoder().writeHeaders(ctx, id, head, 0, body == null, ctx.newPromise());
            if (body != null) {
                handler.encoder().writeData(ctx, id, Unpooled.wrappedBuffer(body), 0, true, ctx.newPromise());
            }
        });
        return id;
    }

    public int get(String authority, String path) throws Exception {
        return send("GET", authority, path, Map.of(), null);
    }

    /** The last stream the server's GOAWAY said it would serve, or -1 if it sent none. */
    public int goAwayLastStream() {
        return goAwayLastStream;
    }

    /** Whether the connection is still open. */
    public boolean open() {
        return channel.isActive();
    }

    /** Resets a stream, as a client abandoning its request does. */
    public void reset(int stream) throws Exception {
        run(ctx -> handler.resetStream(ctx, stream, Http2Error.CANCEL.code(), ctx.newPromise()));
    }

    /** Stops reading the connection: a client that leaves what the server sends in its socket. */
    public void pauseReading() {
        channel.config().setAutoRead(false);
    }

    /** Gives {@code bytes} of a stream's received DATA back to its window (and the connection's). */
    public void consume(int stream, int bytes) throws Exception {
        run(ctx -> handler.decoder().flowController().consumeBytes(handler.connection().stream(stream), bytes));
    }

    /** The next frame of the stream, waiting up to 10 s. */
    public Frame next(int stream) throws InterruptedException {
        Frame frame = streams.get(stream).poll(10, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("nothing arrived on stream " + stream);
        }
        return frame;
    }

    /** Reads the stream to its end: status and body (with autoConsume). */
    public Response response(int stream) throws InterruptedException {
        Headers head = (Headers) next(stream);
        StringBuilder body = new StringBuilder();
        boolean end = head.endOfStream();
        Http2Headers trailers = null;
        while (!end) {
            Frame frame = next(stream);
            switch (frame) {
                case Data data -> {
                    body.append(new String(data.bytes(), StandardCharsets.ISO_8859_1));
                    end = data.endOfStream();
                }
                case Headers last -> {
                    trailers = last.headers();
                    end = last.endOfStream();
                }
                case Reset reset -> throw new AssertionError("stream " + stream + " reset: " + reset.errorCode());
            }
        }
        return new Response(Integer.parseInt(head.headers().status().toString()), head.headers(), body.toString(),
                trailers);
    }

    /** A whole response: status, HEADERS, body, trailing HEADERS (or null). */
    public record Response(int status, Http2Headers headers, String body, Http2Headers trailers) {
    }

    private interface Action {
        void run(ChannelHandlerContext ctx) throws Exception;
    }

    private void run(Action action) throws Exception {
        channel.eventLoop().submit(() -> {
            ChannelHandlerContext ctx = channel.pipeline().context(handler);
            action.run(ctx);
            // From the pipeline's tail, so through the HTTP/2 handler's own flush, which writes the DATA its flow
            // controller holds; ctx.flush() starts below that handler and sent HEADERS only, leaving the DATA until
            // the next read from the server (if any) flushed the handler.
            channel.flush();
            return null;
        }).sync();
    }

    private final class Collector extends Http2FrameAdapter {
        @Override
        public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
            goAwayLastStream = lastStreamId;
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                boolean endOfStream) {
            streams.get(streamId).add(new Headers(headers, endOfStream));
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                short weight, boolean exclusive, int padding, boolean endOfStream) {
            onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream)
                throws Http2Exception {
            streams.get(streamId).add(new Data(ByteBufUtil.getBytes(data), endOfStream));
            return autoConsume ? data.readableBytes() + padding : padding;
        }

        @Override
        public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
            streams.get(streamId).add(new Reset(errorCode));
        }
    }

    @Override
    public void close() {
        // Reading again first: the TLS close of a connection left paused took 30 s.
        channel.config().setAutoRead(true);
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
