package io.reseau.ingress.dataplane;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of every backend connection: hands what the backend sends to the exchange using the
 * connection (a channel attribute set while it is checked out of the pool); with no exchange, the backend spoke
 * out of turn and the connection is closed. An HTTP/1.1 connection's handler is one of these that speaks HTTP
 * itself ({@link UpstreamHttp1Connection}); an HTTP/2 stream's follows Netty's codec; a tunnel's hands on bytes.
 * Duplex so that the HTTP/1.1 handler can write too; the writes of the others pass it by.
 */
class UpstreamHandler extends ChannelDuplexHandler {

    static final AttributeKey<UpstreamListener> LISTENER = AttributeKey.valueOf("reseau.ingress.upstream.listener");

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener listener = ctx.channel().attr(LISTENER).get();
        if (listener == null) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        listener.upstreamRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        UpstreamListener listener = ctx.channel().attr(LISTENER).get();
        if (listener != null) {
            listener.upstreamReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        UpstreamListener listener = ctx.channel().attr(LISTENER).getAndSet(null);
        if (listener != null) {
            listener.upstreamFailed(null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamListener listener = ctx.channel().attr(LISTENER).getAndSet(null);
        ctx.close();
        if (listener != null) {
            listener.upstreamFailed(cause);
        }
    }
}
