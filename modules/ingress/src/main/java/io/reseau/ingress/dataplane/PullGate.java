package io.reseau.ingress.dataplane;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Hands the exchange one decoded message each time it {@linkplain #pull() asks}, while the socket keeps reading
 * on its own: a message arriving unasked (a pipelined request, a body part while the backend connection opens) is
 * held, and only then is reading paused until the exchange has taken it. Netty's FlowControlHandler does the same
 * with reading off, which costs two epoll_ctl calls per request; here the common case costs none.
 */
final class PullGate extends ChannelInboundHandlerAdapter {

    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean wanted;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The exchange can take the next message: now if one is held, else when it arrives. */
    void pull() {
        Object next = held.poll();
        if (next == null) {
            wanted = true;
            resume();
            return;
        }
        if (held.isEmpty()) {
            resume();
        }
        ctx.fireChannelRead(next);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (wanted) {
            wanted = false;
            ctx.fireChannelRead(msg);
            return;
        }
        held.add(msg);
        ctx.channel().config().setAutoRead(false);
    }

    private void resume() {
        if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    private void releaseHeld() {
        for (Object msg = held.poll(); msg != null; msg = held.poll()) {
            ReferenceCountUtil.release(msg);
        }
    }
}
