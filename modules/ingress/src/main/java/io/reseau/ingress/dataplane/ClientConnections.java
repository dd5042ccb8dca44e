package io.reseau.ingress.dataplane;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client connections open: those beyond the configured number are closed before they cost any parsing, and the
 * others are kept in a group, so that a shutdown can ask each to end gracefully ({@link #DRAIN}).
 */
@ChannelHandler.Sharable
final class ClientConnections extends ChannelInboundHandlerAdapter {

    /**
     * The event each open connection's pipeline gets when the data plane drains: a connection between requests
     * closes, one serving a request closes after its response (HTTP/1.1) or after the streams it has (HTTP/2).
     */
    static final Object DRAIN = new Object() {
        @Override
        public String toString() {
            return "drain";
        }
    };

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    ClientConnections(int max) {
        this.max = max;
    }

    int open() {
        return open.get();
    }

    /**
     * Asks every open connection to end gracefully and waits up to {@code timeout} for them to close; answers how
     * many are still open.
     */
    int drain(Duration timeout) throws InterruptedException {
        ChannelGroupFuture closed = channels.newCloseFuture();
        channels.forEach(channel -> channel.pipeline().fireUserEventTriggered(DRAIN));
        closed.await(timeout.toMillis());
        return open();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            ctx.close();
            return;
        }
        ctx.channel().closeFuture().addListener(f -> open.decrementAndGet());
        channels.add(ctx.channel());
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }
}
