package io.reseau.ingress.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.reseau.ingress.model.Route;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A TLS connection passed through undecrypted ({@code ssl-passthrough}): connects to an endpoint of the route's
 * backend (the next one when a connection fails and the route's {@code proxy-next-upstream} allows it, as many
 * as its attempts), sends what the client sent so
 * far (its ClientHello), then becomes a {@link Tunnel}. Reading from the client waits meanwhile. When no endpoint
 * can be reached the client's connection is closed: there is no HTTP to answer in.
 */
final class Passthrough extends ChannelInboundHandlerAdapter {

    private final Route route;
    private final DataPlane plane;
    private final LoopResources loop;
    private final List<InetSocketAddress> tried = new ArrayList<>();
    private final ArrayDeque<Object> received = new ArrayDeque<>();
    private ChannelHandlerContext ctx;

    Passthrough(Route route, DataPlane plane, LoopResources loop) {
        this.route = route;
        this.plane = plane;
        this.loop = loop;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.channel().config().setAutoRead(false);
        connect();
    }

    private void connect() {
        int attempts = route.policy().nextUpstream().attempts().orElse(plane.settings().attempts());
        Optional<InetSocketAddress> endpoint = tried.size() < attempts
                ? plane.picker().pick(route.backend(), tried) : Optional.empty();
        if (endpoint.isEmpty()) {
            ctx.close();
            return;
        }
        tried.add(endpoint.get());
        Future<Channel> connected = loop.pool().openTunnel(endpoint.get(), route.policy().connectTimeout());
        connected.addListener(done -> connected(endpoint.get(), connected));
    }

    private void connected(InetSocketAddress endpoint, Future<Channel> connected) {
        if (!connected.isSuccess()) {
            plane.picker().failed(endpoint);
            if (!route.policy().nextUpstream().afterConnectFailure(
                    connected.cause() instanceof ConnectTimeoutException)) {
                ctx.close();
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
        Tunnel tunnel = new Tunnel(upstream, route.policy().readTimeout().toNanos(), loop.deadlines());
        upstream.attr(UpstreamHandler.LISTENER).set(tunnel);
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

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        received.forEach(ReferenceCountUtil::release);
        received.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
