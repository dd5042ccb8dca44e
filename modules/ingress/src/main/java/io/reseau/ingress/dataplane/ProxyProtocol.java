package io.reseau.ingress.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The PROXY protocol (versions 1 and 2, as HAProxy and the cloud load balancers send it): a connection starts with
 * a header naming the client the load balancer accepted, before any HTTP or TLS byte. Netty's decoder reads it and
 * leaves the pipeline; this handler keeps the client's address on the channel, where {@link ClientInfo} finds it,
 * and leaves too. A connection without a valid header, or without a whole one in time (nginx's
 * {@code proxy_protocol_timeout}), is closed, as nginx's {@code listen ... proxy_protocol} does; a {@code LOCAL}
 * header (the balancer's own health check) keeps the socket's address.
 */
final class ProxyProtocol extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<InetSocketAddress> CLIENT = AttributeKey.valueOf("reseau.proxyProtocolClient");

    /** The user event fired once the header is read, for whoever waits to know the client first. */
    static final Object HEADER_READ = new Object();

    private final Duration timeout;
    private ScheduledFuture<?> deadline;

    private ProxyProtocol(Duration timeout) {
        this.timeout = timeout;
    }

    /** Reads the PROXY header first on this connection, which is closed unless it comes within {@code timeout}. */
    static void expect(ChannelPipeline pipeline, Duration timeout) {
        pipeline.addLast(new HAProxyMessageDecoder(), new ProxyProtocol(timeout));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule((Runnable) ctx::close, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        deadline.cancel(false);
    }

    /** Whether this connection's PROXY header is still to be read. */
    static boolean awaited(ChannelPipeline pipeline) {
        return pipeline.get(ProxyProtocol.class) != null;
    }

    /** The client the PROXY header named, else the socket's peer. */
    static InetSocketAddress client(Channel connection) {
        return named(connection).orElseGet(() -> (InetSocketAddress) connection.remoteAddress());
    }

    /** The client the PROXY header named; empty without one, or with a {@code LOCAL} one. */
    static Optional<InetSocketAddress> named(Channel connection) {
        return Optional.ofNullable(connection.attr(CLIENT).get());
    }

    /**
     * A version 1 header for a backend, naming the connection's client (as {@link #client} finds it) and the
     * address it reached, as nginx's {@code proxy_protocol on} sends.
     */
    static HAProxyMessage header(Channel connection) {
        InetSocketAddress client = client(connection);
        InetSocketAddress reached = (InetSocketAddress) connection.localAddress();
        boolean v6 = client.getAddress() instanceof Inet6Address || reached.getAddress() instanceof Inet6Address;
        return new HAProxyMessage(HAProxyProtocolVersion.V1, HAProxyCommand.PROXY,
                v6 ? HAProxyProxiedProtocol.TCP6 : HAProxyProxiedProtocol.TCP4, textOf(client, v6),
                textOf(reached, v6), client.getPort(), reached.getPort());
    }

    /** The address as text, an IPv4 one written as IPv4-mapped when the other is IPv6. */
    private static String textOf(InetSocketAddress address, boolean v6) {
        String text = NetUtil.toAddressString(address.getAddress());
        return v6 && !(address.getAddress() instanceof Inet6Address) ? "::ffff:" + text : text;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null) {
                ctx.channel().attr(CLIENT).set(new InetSocketAddress(header.sourceAddress(), header.sourcePort()));
            }
        } finally {
            header.release();
        }
        ctx.fireUserEventTriggered(HEADER_READ);
        ctx.pipeline().remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // No valid header: this is not a connection from the load balancer.
        ctx.close();
    }
}
