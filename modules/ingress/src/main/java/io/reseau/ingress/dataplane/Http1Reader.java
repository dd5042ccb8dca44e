package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Turns an HTTP/1.1 client's bytes into requests ({@link Http1RequestDecoder}) and hands them to the connection one
 * message at a time, each time it {@linkplain #pull() asks}, while the socket keeps reading on its own: what
 * arrives unasked (a pipelined request, a body part while the backend connection opens) is held, and only then is
 * reading paused until the connection has taken it. Netty's FlowControlHandler does the same with reading off,
 * which costs two epoll_ctl calls per request; here the common case costs none. A plain object rather than
 * handlers of its own, because every handler a request passes through costs each read its dispatch.
 */
final class Http1Reader {

    private final Http1RequestDecoder decoder;
    private final Consumer<Object> taker;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private final Cumulation cumulation = new Cumulation();
    private boolean wanted;

    Http1Reader(Http1RequestDecoder decoder, Consumer<Object> taker) {
        this.decoder = decoder;
        this.taker = taker;
    }

    void start(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Bytes from the client; a body that turns out malformed throws, and the connection fails. */
    void read(ByteBuf bytes) throws Http1Head.Malformed {
        try {
            decoder.decode(cumulation.add(ctx.alloc(), bytes), held);
        } finally {
            cumulation.releaseIfConsumed();
        }
        if (wanted && !held.isEmpty()) {
            wanted = false;
            taker.accept(held.poll());
        }
        if (!held.isEmpty()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** The exchange of {@code request} is over: a scanned head's scanner can read the next one. */
    void done(RequestHead request) {
        if (request instanceof ScannedRequestHead scanned) {
            decoder.reuse(scanned);
        }
    }

    /** The connection can take the next message: now if one is held, else when it arrives. */
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
        taker.accept(next);
    }

    private void resume() {
        if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** The bytes read but not decoded (after an upgrade, the tunnel's), or null; the reader keeps nothing after. */
    ByteBuf leftover() {
        ByteBuf rest = cumulation.take();
        release();
        return rest;
    }

    void release() {
        for (Object msg = held.poll(); msg != null; msg = held.poll()) {
            ReferenceCountUtil.release(msg);
        }
        cumulation.release();
    }
}
