package io.reseau.ingress.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.reseau.ingress.model.UdpService;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * One client address's datagrams to a UDP service, relayed through a datagram channel connected to one endpoint,
 * and the endpoint's answers sent back from the service's port. Ends as nginx's stream sessions do: once the
 * endpoint has answered {@code proxy-stream-responses} datagrams for each the client sent, when nothing has flowed
 * for {@code proxy-stream-timeout}, or when the endpoint refuses (an ICMP port unreachable, which also counts against
 * it as a failed connection would). The idle check rides on the event loop's {@link UpstreamDeadlines} tick, as a
 * {@link Tunnel}'s does. The observer is told of it then ({@link RelayedConnection}: 200, or 502 when the endpoint
 * refused before answering). On the listener's event loop only.
 */
final class UdpSession implements UpstreamDeadlines.Watched {

    private final Channel listener;
    private final InetSocketAddress client;
    private final UdpService service;
    private final InetSocketAddress endpoint;
    private final DataPlane plane;
    private final UpstreamDeadlines deadlines;
    private final UpstreamDeadlines.Entry deadline = new UpstreamDeadlines.Entry(this);
    private final long startNanos = System.nanoTime();
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private Runnable onEnd;
    private Channel upstream;
    private long lastActiveNanos = startNanos;
    private long datagrams;
    private long responses;
    private long bytesReceived;
    private long bytesSent;
    private boolean refused;
    private boolean ended;

    UdpSession(Channel listener, InetSocketAddress client, UdpService service, InetSocketAddress endpoint,
            DataPlane plane, UpstreamDeadlines deadlines) {
        this.listener = listener;
        this.client = client;
        this.service = service;
        this.endpoint = endpoint;
        this.plane = plane;
        this.deadlines = deadlines;
    }

    /** Opens the channel to the endpoint; {@code onEnd} runs when the session ends. */
    void open(Bootstrap upstreams, Runnable onEnd) {
        this.onEnd = onEnd;
        deadlines.watch(deadline);
        ChannelFuture connecting = upstreams.clone().handler(new Answers()).connect(endpoint);
        connecting.addListener(done -> connected(connecting));
    }

    /** A datagram from the client, which this session now holds. */
    void fromClient(ByteBuf datagram) {
        datagrams++;
        bytesReceived += datagram.readableBytes();
        lastActiveNanos = System.nanoTime();
        if (ended) {
            datagram.release();
        } else if (upstream == null) {
            pending.add(datagram);
        } else {
            upstream.writeAndFlush(datagram, upstream.voidPromise());
            endIfAnswered();
        }
    }

    private void connected(ChannelFuture connecting) {
        if (!connecting.isSuccess()) {
            refused();
            return;
        }
        if (ended) {
            connecting.channel().close();
            return;
        }
        upstream = connecting.channel();
        while (!pending.isEmpty()) {
            upstream.write(pending.poll(), upstream.voidPromise());
        }
        upstream.flush();
        endIfAnswered();
    }

    /** The endpoint's answer, sent on to the client from the service's port. */
    private void fromEndpoint(ByteBuf answer) {
        if (responses++ == 0) {
            plane.picker().succeeded(endpoint);
        }
        bytesSent += answer.readableBytes();
        lastActiveNanos = System.nanoTime();
        listener.writeAndFlush(new DatagramPacket(answer.retain(), client), listener.voidPromise());
        endIfAnswered();
    }

    private void endIfAnswered() {
        if (datagrams > 0 && responses >= service.responses() * datagrams) {
            end();
        }
    }

    /** Counted once per session against the endpoint, however many datagrams it refused. */
    private void refused() {
        if (ended) {
            return;
        }
        plane.picker().failed(endpoint);
        refused = true;
        end();
    }

    /** Nothing has flowed either way for the idle time: the session ends. */
    @Override
    public boolean stillWaiting(long now) {
        if (now - lastActiveNanos < service.idleTimeout().toNanos()) {
            return true;
        }
        end();
        return false;
    }

    /** Ends the session (once): closes the endpoint's channel and tells the observer. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        deadlines.unwatch(deadline);
        pending.forEach(ReferenceCountUtil::release);
        pending.clear();
        if (upstream != null) {
            upstream.close();
        }
        onEnd.run();
        plane.observer().relayed(RelayedConnection.udp(client, service, endpoint,
                refused && responses == 0 ? 502 : 200, bytesReceived, bytesSent, System.nanoTime() - startNanos));
    }

    /** The endpoint channel's side: its datagrams, and the refusal an ICMP port unreachable reports. */
    private final class Answers extends SimpleChannelInboundHandler<DatagramPacket> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket answer) {
            fromEndpoint(answer.content());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            refused();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            end();
        }
    }
}
