package io.reseau.ingress.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.reseau.ingress.model.BackendProtocol;
import io.reseau.ingress.model.BackendTls;
import io.reseau.ingress.model.Route;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;

/**
 * Connections to backends for the exchanges of one event loop, used only from that loop (so without locks, and
 * the client and backend sides of an exchange share a thread). HTTP/1.1 connections are kept alive and reused
 * newest first; HTTP/2 backends (h2c, or h2 over TLS) get one connection per endpoint carrying a stream per
 * exchange. Both are renewed after {@code upstream-keepalive-requests} exchanges or {@code upstream-keepalive-time}.
 * Netty's own ChannelPool is not used: it is bound to one bootstrap, while reseau needs a connect timeout per route
 * and to drop the idle connections of endpoints that left the routing table.
 */
final class UpstreamPool {

    /**
     * The connections that can serve one endpoint with one protocol, over TLS checked by {@code tls} for the name
     * {@code tlsName} (both null: unchecked or plain). Equality written out: a record's generated one goes through
     * method handles that the JIT does not always inline, and this is looked up for every request.
     */
    record Key(InetSocketAddress endpoint, BackendProtocol protocol, BackendTls tls, String tlsName) {

        /**
         * The key of a route's connections to one of its endpoints, for a client that came over TLS
         * ({@code secure}) or not: {@code AUTO_HTTP} is the client's scheme.
         */
        static Key of(InetSocketAddress endpoint, Route route, boolean secure) {
            BackendProtocol protocol = route.backend().protocol().forClient(secure);
            BackendTls tls = protocol.tls() ? route.policy().backendTls().orElse(null) : null;
            return new Key(endpoint, protocol, tls, tls == null ? null : tls.nameFor(route.backend()));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && protocol == key.protocol && endpoint.equals(key.endpoint)
                    && (tls == null ? key.tls == null : tls.equals(key.tls) && tlsName.equals(key.tlsName));
        }

        @Override
        public int hashCode() {
            return 31 * endpoint.hashCode() + protocol.hashCode();
        }
    }

    /** An HTTP/2 backend connection: being opened or open, when it was asked for, how many streams it carried. */
    private static final class Http2Connection {

        final Future<Channel> channel;
        final long openedNanos;
        int streams;

        Http2Connection(Future<Channel> channel, long openedNanos) {
            this.channel = channel;
            this.openedNanos = openedNanos;
        }

        boolean broken() {
            return channel.isDone() && (!channel.isSuccess() || !channel.getNow().isActive());
        }

        /** Closes it: GOAWAY, the streams open on it finishing first. */
        void retire() {
            channel.addListener(f -> {
                if (f.isSuccess()) {
                    ((Channel) f.getNow()).close();
                }
            });
        }
    }

    /** The largest trailer section read from a backend; each request sets its response head's limit. */
    private static final int MAX_TRAILERS = 32 * 1024;

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final int maxIdlePerEndpoint;
    /** Requests a connection carries before it is closed (0: no limit), and how long it may be used (nanoseconds). */
    private final int maxRequests;
    private final long maxAgeNanos;
    /** Kept-alive HTTP/1.1 connections waiting for their next exchange, newest first, by their handler. */
    private final Map<Key, ArrayDeque<UpstreamHttp1Connection>> idle = new HashMap<>();
    private final Map<Key, Http2Connection> h2Connections = new HashMap<>();
    private final BackendTlsContexts tls;
    private final ExternalNames externalNames;
    /** The fields of HTTP/1.1 backends' responses that do not reach clients. */
    private final HiddenFields hidden;
    private final long idleTimeoutNanos;
    private boolean sweeping;

    UpstreamPool(EventLoop loop, ByteBufAllocator allocator, Class<? extends Channel> channelType,
            DataPlaneSettings.UpstreamKeepalive keepalive, BackendTlsContexts tls, ExternalNames externalNames,
            HiddenFields hidden) {
        this.loop = loop;
        this.maxIdlePerEndpoint = keepalive.connections();
        this.maxRequests = keepalive.requests();
        this.maxAgeNanos = keepalive.time().toNanos();
        this.tls = tls;
        this.externalNames = externalNames;
        this.hidden = hidden;
        this.bootstrap = new Bootstrap().group(loop).channel(channelType)
                .option(ChannelOption.ALLOCATOR, allocator)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
        this.idleTimeoutNanos = Math.max(TimeUnit.SECONDS.toNanos(1), keepalive.timeout().toNanos());
    }

    /**
     * A kept-alive HTTP/1.1 connection to the key's endpoint, ready for one exchange, or null when there is none (or
     * the key is HTTP/2's): then {@link #open} one. Most requests take one, without a future made for it.
     */
    Channel keptAlive(Key key) {
        ArrayDeque<UpstreamHttp1Connection> connections = idle.get(key);
        while (connections != null && !connections.isEmpty()) {
            Channel channel = connections.pollFirst().channel();
            if (channel.isActive()) {
                return channel;
            }
        }
        return null;
    }

    /** A new connection (HTTP/1.1), or a stream (HTTP/2), to the key's endpoint, for one exchange. */
    Future<Channel> open(Key key, Duration connectTimeout) {
        if (key.protocol().http2()) {
            return openStream(key, connectTimeout);
        }
        return connect(key.endpoint(), connectTimeout, new UpstreamInitializer(key, connectTimeout));
    }

    /** A new connection carrying raw bytes ({@code ssl-passthrough}), never pooled. */
    Future<Channel> openTunnel(InetSocketAddress endpoint, Duration connectTimeout) {
        return connect(endpoint, connectTimeout, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new UpstreamHandler());
            }
        });
    }

    /**
     * Gives a connection back after a complete exchange; {@code reusable} false closes it, and so does having carried
     * its last request or been open for its time ({@code upstream-keepalive-requests}, {@code upstream-keepalive-time}).
     */
    void release(Channel channel, Key key, boolean reusable) {
        channel.attr(UpstreamHandler.LISTENER).set(null);
        if (channel instanceof Http2StreamChannel) {
            // A finished stream is already closed; one the client abandoned is reset.
            channel.close();
            return;
        }
        long now = System.nanoTime();
        // The connection's own handler is the last of its pipeline (after TLS, if any); a tunnel's is not.
        if (!reusable || !channel.isActive() || !(channel.pipeline().last() instanceof UpstreamHttp1Connection kept)
                || spent(kept.requests(), kept.openedNanos(), now)) {
            channel.close();
            return;
        }
        ArrayDeque<UpstreamHttp1Connection> connections = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (connections.size() >= maxIdlePerEndpoint) {
            channel.close();
            return;
        }
        kept.idleSince(now);
        connections.addFirst(kept);
        if (!sweeping) {
            sweeping = true;
            loop.schedule(this::closeIdle, sweepPeriodNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Whether a connection that carried {@code requests} and was opened then may not carry another. */
    private boolean spent(int requests, long openedNanos, long now) {
        return (maxRequests > 0 && requests >= maxRequests) || now - openedNanos >= maxAgeNanos;
    }

    /**
     * Closes the connections nobody used for the idle timeout (a quarter of it late at most). One timer per pool,
     * running only while some connection is idle, rather than an idle-state handler on every connection, which
     * read the clock and added a listener to every read and write of every exchange.
     */
    private void closeIdle() {
        long now = System.nanoTime();
        boolean left = false;
        for (ArrayDeque<UpstreamHttp1Connection> connections : idle.values()) {
            // Newest first: the connections idle longest are at the end.
            while (!connections.isEmpty() && now - connections.peekLast().idleSinceNanos() >= idleTimeoutNanos) {
                connections.pollLast().channel().close();
            }
            left |= !connections.isEmpty();
        }
        if (left) {
            loop.schedule(this::closeIdle, sweepPeriodNanos(), TimeUnit.NANOSECONDS);
        } else {
            sweeping = false;
        }
    }

    private long sweepPeriodNanos() {
        return idleTimeoutNanos / 4;
    }

    /** Closes idle connections to endpoints no longer in the routing table (busy ones finish their exchange). */
    void retainOnly(Set<InetSocketAddress> endpoints) {
        for (Iterator<Map.Entry<Key, ArrayDeque<UpstreamHttp1Connection>>> it = idle.entrySet().iterator();
                it.hasNext();) {
            Map.Entry<Key, ArrayDeque<UpstreamHttp1Connection>> entry = it.next();
            if (!endpoints.contains(entry.getKey().endpoint())) {
                entry.getValue().forEach(kept -> kept.channel().close());
                it.remove();
            }
        }
        for (Iterator<Map.Entry<Key, Http2Connection>> it = h2Connections.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Key, Http2Connection> entry = it.next();
            if (!endpoints.contains(entry.getKey().endpoint())) {
                entry.getValue().retire();
                it.remove();
            }
        }
    }

    void closeAll() {
        retainOnly(Set.of());
    }

    /**
     * A stream on the endpoint's HTTP/2 connection; a new connection when there is none, it broke, or it has carried
     * {@code upstream-keepalive-requests} streams or been open for {@code upstream-keepalive-time} (then retired,
     * its streams finishing), as HTTP/1.1 connections are renewed.
     */
    private Future<Channel> openStream(Key key, Duration connectTimeout) {
        long now = System.nanoTime();
        Http2Connection connection = h2Connections.get(key);
        if (connection != null && !connection.broken() && spent(connection.streams, connection.openedNanos, now)) {
            connection.retire();
            connection = null;
        }
        if (connection == null || connection.broken()) {
            connection = new Http2Connection(connect(key.endpoint(), connectTimeout,
                    new UpstreamInitializer(key, connectTimeout)), now);
            h2Connections.put(key, connection);
        }
        connection.streams++;
        Http2Connection used = connection;
        Promise<Channel> stream = loop.newPromise();
        connection.channel.addListener(done -> {
            if (!done.isSuccess()) {
                h2Connections.remove(key, used);
                stream.tryFailure(done.cause());
                return;
            }
            new Http2StreamChannelBootstrap((Channel) done.getNow()).handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false), new UpstreamHandler());
                }
            }).open().addListener(opened -> {
                if (opened.isSuccess()) {
                    stream.trySuccess((Channel) opened.getNow());
                } else {
                    stream.tryFailure(opened.cause());
                }
            });
        });
        return stream;
    }

    /**
     * A connection to the endpoint; an ExternalName Service's (a name, unresolved) is looked up first, the lookup
     * and the connection together within the connect timeout (nginx's resolver has a timeout of its own; a name
     * nobody answers for would otherwise hold the request for the DNS client's retries).
     */
    private Future<Channel> connect(InetSocketAddress endpoint, Duration connectTimeout,
            ChannelInitializer<Channel> initializer) {
        Promise<Channel> connected = loop.newPromise();
        if (!endpoint.isUnresolved()) {
            open(endpoint, connectTimeout, initializer, connected);
            return connected;
        }
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        ScheduledFuture<?> timer = loop.schedule(() -> connected.tryFailure(new ConnectTimeoutException(
                "no address for " + endpoint.getHostString() + " within " + connectTimeout.toMillis() + " ms")),
                connectTimeout.toNanos(), TimeUnit.NANOSECONDS);
        externalNames.resolve(loop, endpoint).addListener((Future<InetSocketAddress> found) -> {
            timer.cancel(false);
            if (connected.isDone()) {
                return;
            }
            if (found.isSuccess()) {
                open(found.getNow(), Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                        deadline - System.nanoTime())), initializer, connected);
            } else {
                connected.tryFailure(found.cause());
            }
        });
        return connected;
    }

    private void open(InetSocketAddress address, Duration connectTimeout, ChannelInitializer<Channel> initializer,
            Promise<Channel> connected) {
        ChannelFuture future = bootstrap.clone()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .handler(initializer).connect(address);
        future.addListener(f -> {
            if (f.isSuccess()) {
                connected.trySuccess(future.channel());
            } else {
                connected.tryFailure(f.cause());
            }
        });
    }

    /**
     * A connection to a backend: TLS first for HTTPS and GRPCS (checking the certificate's chain and name when the
     * key says, the name sent as SNI unless it says not to; the handshake given the connect timeout too, as nginx
     * gives it), then HTTP/1.1, HTTP/2 or FastCGI as the protocol says.
     */
    private final class UpstreamInitializer extends ChannelInitializer<Channel> {
        private final Key key;
        private final Duration connectTimeout;

        UpstreamInitializer(Key key, Duration connectTimeout) {
            this.key = key;
            this.connectTimeout = connectTimeout;
        }

        @Override
        protected void initChannel(Channel ch) {
            BackendProtocol protocol = key.protocol();
            if (protocol.tls()) {
                SslContext context = tls.context(key.tls(), protocol.http2());
                String peer = key.tls() == null ? key.endpoint().getHostString() : key.tlsName();
                SslHandler handler = context.newHandler(ch.alloc(), peer, key.endpoint().getPort());
                if (key.tls() != null && (key.tls().verify() || !key.tls().serverName())) {
                    SSLParameters parameters = handler.engine().getSSLParameters();
                    if (key.tls().verify()) {
                        parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    }
                    if (!key.tls().serverName()) {
                        parameters.setServerNames(List.of());
                    }
                    handler.engine().setSSLParameters(parameters);
                }
                handler.setHandshakeTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
                ch.pipeline().addLast(handler);
            }
            if (protocol.http2()) {
                ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                        new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
            } else if (protocol == BackendProtocol.FCGI) {
                ch.pipeline().addLast(new UpstreamFastCgiConnection());
            } else {
                ch.pipeline().addLast(new UpstreamHttp1Connection(MAX_TRAILERS, hidden));
            }
        }
    }
}
