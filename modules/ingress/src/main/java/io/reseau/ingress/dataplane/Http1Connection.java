package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;

/**
 * The HTTP/1.1 front end, the only handler of a client connection (after TLS): its requests one {@link Exchange}
 * at a time (a pipelined request waits for the response before it, as HTTP/1.1 requires). Messages are pulled
 * from the {@link Http1Reader} only when the connection can take the next one, which gives back-pressure towards
 * the client. Here live what is HTTP/1.1's own: keep-alive and {@code Connection: close}, chunked responses,
 * dropping the rest of a body the exchange answered early, the client deadlines ({@link ClientTimeouts}), and the
 * switch to a {@link Tunnel} after an upgrade. Responses are written as bytes.
 */
final class Http1Connection extends ChannelInboundHandlerAdapter implements ClientStream, ClientTimeouts.Expiry {

    /** Room for a usual response head; a larger one grows the buffer. */
    private static final int HEAD_BUFFER = 512;
    /** Bodies up to this size are copied behind their head rather than written as a buffer of their own. */
    private static final int MERGED_BODY = 1024;

    private final DataPlane plane;
    private final LoopResources loop;
    private final boolean secure;
    private final ClientTimeouts timeouts;
    private final Http1Reader reader;
    private ChannelHandlerContext ctx;
    /** Writes without a promise per write: a failure reaches {@link #exceptionCaught}, which closes the connection. */
    private final Consumer<ByteBuf> writer = buffer -> ctx.write(buffer, ctx.voidPromise());
    private ClientInfo client;

    private Exchange exchange;
    private RequestHead request;
    private boolean keepAlive = true;
    /** Requests started on this connection; the one reaching {@code keep-alive-requests} is its last. */
    private int requests;
    /** Whether the response being written is chunked. */
    private boolean chunked;
    /** The response head, held until the first body part (or a flush) so that both may leave as one buffer. */
    private ByteBuf heldHead;
    private boolean requestComplete = true;
    private boolean discarding;

    Http1Connection(DataPlane plane, LoopResources loop, boolean secure) {
        this.plane = plane;
        this.loop = loop;
        this.secure = secure;
        DataPlaneSettings settings = plane.settings();
        this.timeouts = new ClientTimeouts(settings.headerTimeout(), settings.bodyTimeout(),
                settings.keepAliveTimeout());
        this.reader = new Http1Reader(
                new Http1RequestDecoder(settings.maxLineBytes(), settings.maxHeaderBytes(),
                        settings.underscoresInHeaders()), this::take);
    }

    /** Added to an open connection: when accepted (plain HTTP) or after the TLS handshake. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        reader.start(ctx);
        timeouts.start(ctx, this);
        reader.pull();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Http1Head.Malformed {
        timeouts.bytesArrived();
        reader.read((ByteBuf) msg);
    }

    /** A message the reader hands on: a request head, or a part of its body. */
    private void take(Object msg) {
        if (msg instanceof RequestHead head) {
            start(head);
        } else if (msg instanceof HttpContent content) {
            onContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void start(RequestHead head) {
        request = head;
        int maxRequests = plane.settings().keepAliveRequests();
        requests++;
        keepAlive = head.persistent() && (maxRequests == 0 || requests < maxRequests);
        requestComplete = !head.hasBody();
        if (requestComplete) {
            timeouts.requestReceived();
        } else {
            timeouts.headReceived();
        }
        exchange = new Exchange(plane, this);
        exchange.start(head, requestComplete);
    }

    private void onContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestComplete = true;
        }
        if (exchange != null) {
            if (last) {
                timeouts.requestReceived();
            }
            exchange.body(content);
            return;
        }
        // The exchange answered before the body ended: the rest is read and dropped, then the next request.
        content.release();
        if (!last) {
            reader.pull();
        } else if (discarding) {
            discarding = false;
            next();
        }
    }

    // ---- ClientStream -----------------------------------------------------------------------------------------

    @Override
    public LoopResources loop() {
        return loop;
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public long requestNumber() {
        return requests;
    }

    @Override
    public ClientInfo client() {
        if (client == null) {
            client = ClientInfo.of(ctx.channel(), secure);
        }
        return client;
    }

    @Override
    public boolean open() {
        return ctx.channel().isActive();
    }

    @Override
    public void pullBody() {
        reader.pull();
    }

    @Override
    public void closeAfterResponse() {
        keepAlive = false;
    }

    @Override
    public void writeInterim(ResponseHead interim) {
        ByteBuf out = ctx.alloc().buffer(HEAD_BUFFER);
        interim.writeHttp1(out, false, false);
        out.writeBytes(Http1Wire.CRLF);
        ctx.writeAndFlush(out, ctx.voidPromise());
    }

    /**
     * Frames the body: by the Content-Length given, else chunked for an HTTP/1.1 client, or until the connection
     * closes for an HTTP/1.0 one; and says whether the connection stays open.
     */
    @Override
    public int writeHead(ResponseHead head) {
        boolean http10 = request.version().equals(HttpVersion.HTTP_1_0);
        int code = head.status();
        boolean bodyless = request.method().equals(HttpMethod.HEAD) || code == 204 || code == 304;
        boolean delimited = bodyless || head.contentLength() >= 0;
        chunked = !delimited && !http10;
        if (!delimited && http10) {
            keepAlive = false;
        }
        ByteBuf out = ctx.alloc().buffer(HEAD_BUFFER);
        head.writeHttp1(out, http10, false);
        if (chunked) {
            out.writeBytes(Http1Wire.CHUNKED);
        }
        if (!keepAlive) {
            out.writeBytes(Http1Wire.CONNECTION_CLOSE);
        } else if (http10) {
            out.writeBytes(Http1Wire.CONNECTION_KEEP_ALIVE);
        }
        out.writeBytes(Http1Wire.CRLF);
        heldHead = out;
        return out.readableBytes();
    }

    /** A small body with a length is copied behind its head: the response leaves as one buffer. */
    @Override
    public void writeBody(HttpContent part) {
        ByteBuf content = part.content();
        if (heldHead != null && !chunked && content.readableBytes() <= MERGED_BODY) {
            heldHead.writeBytes(content);
        }
        writeHeldHead();
        Http1Wire.frame(part, chunked, ctx.alloc(), writer);
        if (part instanceof LastHttpContent) {
            ctx.flush();
        }
    }

    @Override
    public void flush() {
        writeHeldHead();
        ctx.flush();
    }

    private void writeHeldHead() {
        if (heldHead != null) {
            writer.accept(heldHead);
            heldHead = null;
        }
    }

    @Override
    public boolean writable() {
        return ctx.channel().isWritable();
    }

    @Override
    public boolean tookSince(long since) {
        return TcpProgress.tookSince(ctx.channel(), since);
    }

    /** A drain: between requests the connection closes now, else after the response being served. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event != ClientConnections.DRAIN) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        keepAlive = false;
        if (exchange == null) {
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null && ctx.channel().isWritable()) {
            exchange.clientWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void abort() {
        releaseHeldHead();
        keepAlive = false;
        ctx.close();
    }

    @Override
    public void ended() {
        exchange = null;
        reader.done(request);
        request = null;
        if (!requestComplete && keepAlive) {
            discarding = true;
            reader.pull();
            return;
        }
        next();
    }

    /** Waits for the next request, or closes the connection when it is not kept alive. */
    private void next() {
        if (!keepAlive || !ctx.channel().isActive()) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        timeouts.responseSent();
        reader.pull();
    }

    @Override
    public void upgrade(ResponseHead response, Channel upstream, long idleNanos) {
        exchange = null;
        Tunnel tunnel = new Tunnel(upstream, idleNanos, loop.deadlines());
        upstream.attr(UpstreamHandler.LISTENER).set(tunnel);
        ByteBuf head = ctx.alloc().buffer(HEAD_BUFFER);
        response.writeHttp1(head, false, true);
        head.writeBytes(Http1Wire.CONNECTION_UPGRADE);
        head.writeBytes(Http1Wire.CRLF);
        ctx.writeAndFlush(head);
        // From here both sides are raw bytes: the HTTP handlers leave, handing on anything they had buffered (the
        // client side first, so that the tunnel can write what the backend sent right after its 101).
        timeouts.stop();
        ByteBuf leftover = reader.leftover();
        ctx.pipeline().replace(this, "tunnel", tunnel);
        if (leftover != null) {
            tunnel.channelRead(ctx.pipeline().context(tunnel), leftover);
        }
        UpstreamHttp1Connection.tunnel(upstream.pipeline());
        ctx.channel().config().setAutoRead(true);
    }

    // ---- client deadlines and endings -------------------------------------------------------------------------

    @Override
    public void requestTimedOut() {
        keepAlive = false;
        if (exchange == null) {
            // The head itself did not arrive in time.
            exchange = new Exchange(plane, this);
            requests++;
            request = NettyRequestHead.TIMED_OUT;
            requestComplete = false;
        }
        exchange.requestTimedOut(request);
    }

    private void releaseHeldHead() {
        if (heldHead != null) {
            heldHead.release();
            heldHead = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timeouts.stop();
        reader.release();
        releaseHeldHead();
        if (exchange != null) {
            exchange.clientClosed();
            exchange = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
