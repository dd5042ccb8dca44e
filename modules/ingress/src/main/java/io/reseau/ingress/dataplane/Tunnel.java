package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Raw bytes both ways between a client and a backend connection: an upgraded HTTP/1.1 connection (WebSocket) or a
 * {@link Relay}'s. Nothing flowing either way for the idle time closes both, as ingress-nginx closes idle
 * WebSockets; the check rides on the event loop's {@link UpstreamDeadlines} tick. Counts the bytes each way for
 * whoever is told when it closes.
 */
final class Tunnel extends ChannelInboundHandlerAdapter implements UpstreamListener, UpstreamDeadlines.Watched {

    private final Channel upstream;
    private final long idleNanos;
    private final UpstreamDeadlines deadlines;
    private final UpstreamDeadlines.Entry deadline = new UpstreamDeadlines.Entry(this);
    private ChannelHandlerContext ctx;
    private long lastActivity;
    private long bytesReceived;
    private long bytesSent;
    private Runnable whenClosed = () -> {
    };

    Tunnel(Channel upstream, long idleNanos, UpstreamDeadlines deadlines) {
        this.upstream = upstream;
        this.idleNanos = idleNanos;
        this.deadlines = deadlines;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        lastActivity = System.nanoTime();
        deadlines.watch(deadline);
    }

    /** Runs {@code closed} once the client's side has closed (on the event loop). */
    void whenClosed(Runnable closed) {
        this.whenClosed = closed;
    }

    /** Bytes the client sent through so far. */
    long bytesReceived() {
        return bytesReceived;
    }

    /** Bytes sent to the client so far. */
    long bytesSent() {
        return bytesSent;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActivity = System.nanoTime();
        bytesReceived += size(msg);
        upstream.writeAndFlush(msg);
    }

    @Override
    public void upstreamRead(Object message) {
        lastActivity = System.nanoTime();
        bytesSent += size(message);
        ctx.write(message);
    }

    private static long size(Object message) {
        return message instanceof ByteBuf bytes ? bytes.readableBytes() : 0;
    }

    @Override
    public void upstreamReadComplete() {
        ctx.flush();
    }

    @Override
    public void upstreamFailed(Throwable cause) {
        ctx.flush();
        ctx.close();
    }

    @Override
    public boolean stillWaiting(long now) {
        if (now - lastActivity < idleNanos) {
            return true;
        }
        // Closing the client side closes the backend side too (channelInactive).
        ctx.close();
        return false;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deadlines.unwatch(deadline);
        upstream.close();
        whenClosed.run();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
