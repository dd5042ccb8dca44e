package io.reseau.ingress.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.reseau.ingress.model.NextUpstream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A connection relayed as bytes, a TLS connection passed through undecrypted ({@code ssl-passthrough}) or one of a
 * TCP service: connects to an endpoint of the target's backend (the next one when a connection fails and its
 * {@code proxy-next-upstream} allows it, as many as its attempts and within its time), sends the PROXY protocol
 * header if asked, then what the client sent so far (a ClientHello), then becomes a {@link Tunnel}. Reading from the
 * client waits meanwhile. When no endpoint can be reached the client's connection is closed: there is no HTTP to
 * answer in.
 * The observer is told of the connection once it has ended ({@link RelayedConnection}).
 */
final class Relay extends ChannelInboundHandlerAdapter {

    private final RelayTarget target;
    private final DataPlane plane;
    private final LoopResources loop;
    private final List<InetSocketAddress> tried = new ArrayList<>();
    private final ArrayDeque<Object> received = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private long startNanos;
    private boolean reported;

    Relay(RelayTarget target, DataPlane plane, LoopResources loop) {
        this.target = target;
        this.plane = plane;
        this.loop = loop;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (!ProxyProtocol.awaited(ctx.pipeline())) {
            start();
        }
    }

    /** A PROXY protocol header had to be read first: the client is known now. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == ProxyProtocol.HEADER_READ) {
            start();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    private void start() {
        startNanos = System.nanoTime();
        ctx.channel().config().setAutoRead(false);
        connect();
    }

    private void connect() {
        NextUpstream next = target.nextUpstream();
        int attempts = next.attempts().orElse(plane.settings().attempts());
        boolean inTime = tried.isEmpty() || next.inTime(System.nanoTime() - startNanos);
        Optional<InetSocketAddress> endpoint = inTime && tried.size() < attempts
                ? plane.picker().pick(target.backend(), tried) : Optional.empty();
        if (endpoint.isEmpty()) {
            giveUp();
            return;
        }
        tried.add(endpoint.get());
        Future<Channel> connected = loop.pool().openTunnel(endpoint.get(), target.connectTimeout());
        connected.addListener(done -> connected(endpoint.get(), connected));
    }

    private void connected(InetSocketAddress endpoint, Future<Channel> connected) {
        if (!connected.isSuccess()) {
            plane.picker().failed(endpoint);
            if (!target.nextUpstream().afterConnectFailure(
                    connected.cause() instanceof ConnectTimeoutException)) {
                giveUp();
            } else if (ctx.channel().isActive()) {
                connect();
            }
            return;
        }
        Channel upstream = connected.getNow();
        if (!ctx.channel().isActive()) {
            upstream.close();
            return;
        }
        Tunnel tunnel = new Tunnel(upstream, target.idleTimeout().toNanos(), loop.deadlines());
        tunnel.whenClosed(() -> report(endpoint, 200, tunnel.bytesReceived(), tunnel.bytesSent()));
        upstream.attr(UpstreamHandler.LISTENER).set(tunnel);
        if (target.proxyProtocol()) {
            upstream.pipeline().addFirst(HAProxyMessageEncoder.INSTANCE);
            upstream.write(ProxyProtocol.header(ctx.channel()), upstream.voidPromise());
        }
        while (!received.isEmpty()) {
            upstream.write(received.poll(), upstream.voidPromise());
        }
        upstream.flush();
        ctx.pipeline().replace(this, Tunnel.class.getName(), tunnel);
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        received.add(msg);
    }

    /** No endpoint took the connection: nginx's stream log says 502. */
    private void giveUp() {
        report(null, 502, 0, 0);
        ctx.close();
    }

    private void report(InetSocketAddress upstream, int status, long bytesReceived, long bytesSent) {
        if (reported || startNanos == 0) {
            return;
        }
        reported = true;
        String client = NetUtil.toAddressString(ProxyProtocol.client(ctx.channel()).getAddress());
        plane.observer().relayed(new RelayedConnection(client, target.protocol(), target.entry(), target.backend(),
                upstream, status, bytesReceived, bytesSent, System.nanoTime() - startNanos, target.accessLog()));
    }

    /** Before an endpoint took it: the client left first (499, as nginx says of such requests). */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        received.forEach(ReferenceCountUtil::release);
        received.clear();
        report(null, 499, 0, 0);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
