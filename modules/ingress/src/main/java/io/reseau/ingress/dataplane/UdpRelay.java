package io.reseau.ingress.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.reseau.ingress.model.UdpService;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The datagrams of a UDP service's port: each client address gets a {@link UdpSession} with one endpoint of the
 * service as it is when the client's first datagram comes, as nginx's stream module does. A datagram no endpoint can
 * take is dropped and reported (502); so is one beyond the sessions a port may hold, which bounds the sockets a
 * flood of source addresses can open. All on the listener's event loop, so the sessions need no locks.
 */
final class UdpRelay extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOG = Logger.getLogger(UdpRelay.class);

    private final Supplier<UdpService> current;
    private final DataPlane plane;
    private final Bootstrap upstreams;
    private final UpstreamDeadlines deadlines;
    private final int maxSessions;
    private final Map<InetSocketAddress, UdpSession> sessions = new HashMap<>();

    /**
     * {@code upstreams} makes the sessions' datagram channels to endpoints, and {@code deadlines} checks their idle
     * time, on this relay's event loop.
     */
    UdpRelay(Supplier<UdpService> current, DataPlane plane, Bootstrap upstreams, UpstreamDeadlines deadlines,
            int maxSessions) {
        this.current = current;
        this.plane = plane;
        this.upstreams = upstreams;
        this.deadlines = deadlines;
        this.maxSessions = maxSessions;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket datagram) {
        InetSocketAddress client = datagram.sender();
        UdpSession session = sessions.get(client);
        if (session == null) {
            UdpService service = current.get();
            Optional<InetSocketAddress> endpoint = sessions.size() < maxSessions
                    ? plane.picker().pick(service.backend(), List.of()) : Optional.empty();
            if (endpoint.isEmpty()) {
                plane.observer().relayed(RelayedConnection.udp(client, service, null, 502,
                        datagram.content().readableBytes(), 0, 0));
                return;
            }
            UdpSession started = new UdpSession(ctx.channel(), client, service, endpoint.get(), plane,
                    deadlines);
            session = started;
            sessions.put(client, started);
            started.open(upstreams, () -> sessions.remove(client, started));
        }
        session.fromClient(datagram.content().retain());
    }

    /** Sending an answer to a client failed (a full socket buffer): that datagram is lost, as UDP allows. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debugf("UDP service on %s: %s", ctx.channel().localAddress(), cause.toString());
    }

    /** The port is no longer listened on: its sessions end. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        new ArrayList<>(sessions.values()).forEach(UdpSession::end);
        ctx.fireChannelInactive();
    }
}
