package io.reseau.ingress.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * An upgraded HTTP/1.1 connection (WebSocket): raw bytes both ways between the client and the backend connection
 * that accepted the upgrade. Nothing flowing either way for the route's proxy-read-timeout closes both, as
 * ingress-nginx closes idle WebSockets; the check rides on the event loop's {@link UpstreamDeadlines} tick.
 */
final class Tunnel extends ChannelInboundHandlerAdapter implements UpstreamListener, UpstreamDeadlines.Watched {

    private final Channel upstream;
    private final long idleNanos;
    private final UpstreamDeadlines deadlines;
    private final UpstreamDeadlines.Entry deadline = new UpstreamDeadlines.Entry(this);
    private ChannelHandlerContext ctx;
    private long lastActivity;

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

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastActivity = System.nanoTime();
        upstream.writeAndFlush(msg);
    }

    @Override
    public void upstreamRead(Object message) {
        lastActivity = System.nanoTime();
        ctx.write(message);
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
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
