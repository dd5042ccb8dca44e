package io.reseau.ingress.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.reseau.ingress.model.Canary;
import io.reseau.ingress.model.Route;
import io.reseau.ingress.model.RoutingTable;
import io.reseau.ingress.model.TcpService;
import io.reseau.ingress.model.TlsCertificate;
import io.reseau.ingress.model.UdpService;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.jboss.logging.Logger;

/**
 * The reverse proxy: Netty on epoll (NIO where epoll is unavailable), an HTTP port and an HTTPS port, serving
 * whatever {@link Snapshot} was last {@linkplain #apply applied}. Requests read the snapshot once, at their start,
 * so swapping it never disturbs one in flight.
 */
public final class DataPlane implements AutoCloseable {

    /** A TCP or UDP service's port that could not be listened on, and why. */
    public record UnboundPort(int port, String message) {
    }

    /**
     * A certificate that could not be loaded, why, and what is done without it: a host's gets the default
     * certificate, a {@code proxy-ssl-secret}'s is not presented to backends.
     */
    public record CertificateProblem(TlsCertificate certificate, String message, String consequence) {
    }

    private static final Logger LOG = Logger.getLogger(DataPlane.class);
    /** The largest UDP payload over IPv4 (65,535 less the IP and UDP headers). */
    private static final int MAX_DATAGRAM = 65_507;
    /** How long a TLS context no table uses lives on (see {@link RetiredTlsContexts}). */
    private static final Duration RETIRED_TLS_GRACE = Duration.ofSeconds(10);
    /**
     * When a client connection stops taking more (its backends' reads pause) and resumes. Netty's default (64 KiB)
     * is one 64 KiB response: HTTP/1.1 paused the backend for every such response, and Netty's HTTP/2 flow
     * controller writes no more than this per round (so 128 streams of 64 KiB took 128 rounds of flush and
     * writability events). Above a typical socket buffer, below what would let one slow client hold much memory.
     */
    private static final WriteBufferWaterMark CLIENT_WATER_MARK = new WriteBufferWaterMark(256 * 1024, 512 * 1024);

    private final DataPlaneSettings settings;
    private final HiddenFields hiddenFields;
    private final RequestObserver observer;
    private final RequestTracing tracing;
    private final EventLoopGroup bosses;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> serverChannel;
    private final Class<? extends Channel> clientChannel;
    private final Class<? extends DatagramChannel> datagramChannel;
    private final TlsContexts tls;
    private final RetiredTlsContexts retiredTls;
    private final OcspStapling stapling;
    private final BackendTlsContexts backendTls;
    private final AtomicReference<Snapshot> snapshot;
    private final EndpointPicker picker;
    private final BasicAuthGate basicAuth = new BasicAuthGate();
    private final RateLimiter rateLimiter = new RateLimiter();
    private final SubrequestClient subrequests = new SubrequestClient();
    private final ExternalAuthClient externalAuth = new ExternalAuthClient(subrequests);
    private final MirrorClient mirrors = new MirrorClient(subrequests);
    private final ClientConnections clients;
    private final ExternalNames externalNames;
    private final Map<EventLoop, LoopResources> loops = new ConcurrentHashMap<>();
    private final List<Channel> listeners = new ArrayList<>();
    private final PortListeners<TcpService> tcpListeners = new PortListeners<>(TcpService::port, this::bindTcp);
    private final PortListeners<UdpService> udpListeners = new PortListeners<>(UdpService::port, this::bindUdp);

    public DataPlane(DataPlaneSettings settings, RequestObserver observer) {
        this(settings, observer, NameResolution.system());
    }

    /** A data plane that looks ExternalName Services' names up there. */
    public DataPlane(DataPlaneSettings settings, RequestObserver observer, NameResolution names) {
        this.settings = settings;
        this.hiddenFields = HiddenFields.of(settings.backendServerHeader(), settings.hiddenResponseFields());
        if (settings.compressions().stream().anyMatch(c -> c.coding() == Compression.Coding.BROTLI)) {
            BrotliEncoder.ensureAvailable();
        }
        this.observer = observer;
        this.tracing = RequestTracing.of(settings.tracing());
        boolean epoll = Epoll.isAvailable();
        this.bosses = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        this.retiredTls = new RetiredTlsContexts(bosses, RETIRED_TLS_GRACE);
        this.tls = new TlsContexts(settings.tls(), settings.http2(), retiredTls::retire);
        this.stapling = new OcspStapling(bosses);
        this.backendTls = new BackendTlsContexts(retiredTls::retire);
        this.workers = epoll ? new EpollEventLoopGroup(settings.workers()) : new NioEventLoopGroup(settings.workers());
        this.serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.clientChannel = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        this.datagramChannel = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
        this.snapshot = new AtomicReference<>(new Snapshot(RoutingTable.EMPTY, Map.of(), tls.defaultContext(),
                tls.defaultAskingContext()));
        this.picker = new EndpointPicker(settings.maxFails(), settings.ejectFor());
        this.clients = new ClientConnections(settings.maxConnections());
        this.externalNames = new ExternalNames(datagramChannel, names);
    }

    /** Binds both ports; returns once they accept connections. */
    public void start() throws InterruptedException {
        LOG.infof("TLS by %s", SslContext.defaultServerProvider());
        listeners.add(bind(settings.httpPort(), new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                LoopResources loop = loop(ch.eventLoop());
                ch.config().setAllocator(loop.buffers());
                ch.pipeline().addLast(clients);
                if (settings.proxyProtocol()) {
                    ProxyProtocol.expect(ch.pipeline(), settings.proxyProtocolTimeout());
                }
                ch.pipeline().addLast(new Http1Connection(DataPlane.this, loop, false));
            }
        }));
        listeners.add(bind(settings.httpsPort(), new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                LoopResources loop = loop(ch.eventLoop());
                ch.config().setAllocator(loop.buffers());
                ch.pipeline().addLast(clients);
                if (settings.proxyProtocol()) {
                    ProxyProtocol.expect(ch.pipeline(), settings.proxyProtocolTimeout());
                }
                ch.pipeline().addLast(new SniRouting(snapshot::get, DataPlane.this, loop));
                ch.pipeline().addLast(new ProtocolNegotiation(DataPlane.this, loop));
            }
        }));
    }

    /**
     * Listens for exactly these TCP services from now on (ingress-nginx's {@code tcp-services}); answers those whose
     * port could not be bound. Not thread-safe: one controller applies.
     */
    public List<UnboundPort> applyTcp(List<TcpService> services) {
        return tcpListeners.apply(services);
    }

    /** A TCP service's port: each connection relayed to the service as it is when accepted. */
    private Channel bindTcp(int port, Supplier<TcpService> current) throws InterruptedException {
        return bind(port, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                LoopResources loop = loop(ch.eventLoop());
                ch.config().setAllocator(loop.buffers());
                TcpService service = current.get();
                ch.pipeline().addLast(clients);
                if (service.proxyProtocolIn()) {
                    ProxyProtocol.expect(ch.pipeline(), settings.proxyProtocolTimeout());
                }
                ch.pipeline().addLast(new Relay(RelayTarget.of(service), DataPlane.this, loop));
            }
        });
    }

    /**
     * Listens for exactly these UDP services from now on (ingress-nginx's {@code udp-services}); answers those whose
     * port could not be bound. Not thread-safe: one controller applies.
     */
    public List<UnboundPort> applyUdp(List<UdpService> services) {
        return udpListeners.apply(services);
    }

    /**
     * A UDP service's port: each client's datagrams relayed to the service as it is at the client's first, through
     * datagram channels on the port's event loop. Datagrams up to the largest UDP payload are read whole.
     */
    private Channel bindUdp(int port, Supplier<UdpService> current) throws InterruptedException {
        return datagrams(workers.next()).handler(new ChannelInitializer<DatagramChannel>() {
            @Override
            protected void initChannel(DatagramChannel ch) {
                ch.pipeline().addLast(new UdpRelay(current, DataPlane.this, datagrams(ch.eventLoop()),
                        loop(ch.eventLoop()).deadlines(), settings.maxConnections()));
            }
        }).bind(settings.bindAddress(), port).sync().channel();
    }

    private Bootstrap datagrams(EventLoopGroup group) {
        return new Bootstrap().group(group).channel(datagramChannel)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
    }

    private Channel bind(int port, ChannelInitializer<SocketChannel> initializer) throws InterruptedException {
        return new ServerBootstrap().group(bosses, workers).channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, CLIENT_WATER_MARK)
                .childHandler(initializer)
                .bind(settings.bindAddress(), port).sync().channel();
    }

    /** The HTTP port bound (useful when configured as 0). */
    public int httpPort() {
        return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
    }

    /** The HTTPS port bound. */
    public int httpsPort() {
        return ((InetSocketAddress) listeners.get(1).localAddress()).getPort();
    }

    /**
     * Serves a new routing table from now on: builds the TLS contexts of new certificates, swaps the snapshot in
     * one step, then lets each event loop drop idle connections to endpoints that are gone. Not thread-safe: one
     * controller applies.
     */
    public List<CertificateProblem> apply(RoutingTable table) {
        List<CertificateProblem> problems = new ArrayList<>();
        Map<TlsContexts.Key, SslContext> contexts = tls.contexts(TlsContexts.keys(table),
                (certificate, message) -> problems.add(new CertificateProblem(certificate, message,
                        "its hosts get the default certificate")));
        List<Route> routes = routes(table).toList();
        backendTls.apply(routes.stream().flatMap(route -> route.policy().backendTls().stream()).distinct().toList(),
                (certificate, message) -> problems.add(new CertificateProblem(certificate, message,
                        "backends are asked without a client certificate")));
        // upstream-hash-by's rings, made here rather than by the first request on an event loop.
        routes.forEach(route -> route.policy().hashBy()
                .ifPresent(hash -> picker.prepare(route.backend().endpoints(), hash)));
        if (settings.tls().ocspStapling()) {
            Map<SslContext, TlsCertificate> served = new IdentityHashMap<>();
            contexts.forEach((key, context) -> {
                if (key.certificate() != null) {
                    served.put(context, key.certificate());
                }
            });
            stapling.follow(served);
        }
        snapshot.set(new Snapshot(table, Map.copyOf(contexts), tls.defaultContext(), tls.defaultAskingContext()));
        Set<InetSocketAddress> endpoints = new HashSet<>();
        for (Route route : routes) {
            endpoints.addAll(route.backend().endpoints());
            route.policy().customErrors().ifPresent(errors -> endpoints.addAll(errors.backend().endpoints()));
        }
        loops.values().forEach(loop -> loop.loop().execute(() -> loop.pool().retainOnly(endpoints)));
        return problems;
    }

    /** Client connections open now. */
    public int openConnections() {
        return clients.open();
    }

    /**
     * Every route of the table: the hosts' routes and fallbacks, the canary routes beside them, and the default
     * backend's.
     */
    private static Stream<Route> routes(RoutingTable table) {
        return Stream.concat(Stream.of(table.exactHosts().values().stream(), table.wildcardHosts().values().stream(),
                        table.anyHost().stream()).flatMap(hosts -> hosts)
                .flatMap(vh -> Stream.concat(vh.routes().stream(), vh.fallback().stream()))
                .flatMap(route -> Stream.concat(Stream.of(route), route.canary().map(Canary::route).stream())),
                table.defaultBackend().stream());
    }

    /** The routing table served now. */
    public RoutingTable servedTable() {
        return snapshot.get().table();
    }

    Snapshot snapshot() {
        return snapshot.get();
    }

    OcspStapling stapling() {
        return stapling;
    }

    DataPlaneSettings settings() {
        return settings;
    }

    /** The fields of backends' responses that clients do not get. */
    HiddenFields hiddenFields() {
        return hiddenFields;
    }

    RequestObserver observer() {
        return observer;
    }

    RequestTracing tracing() {
        return tracing;
    }

    EndpointPicker picker() {
        return picker;
    }

    BasicAuthGate basicAuth() {
        return basicAuth;
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    ExternalAuthClient externalAuth() {
        return externalAuth;
    }

    MirrorClient mirrors() {
        return mirrors;
    }

    /** The resources of an event loop, made for its first connection. */
    private LoopResources loop(EventLoop loop) {
        return loops.computeIfAbsent(loop, l -> {
            LoopBuffers buffers = new LoopBuffers(ByteBufAllocator.DEFAULT, l);
            UpstreamPool pool = new UpstreamPool(l, buffers, clientChannel, settings.upstreamKeepalive(),
                    backendTls, externalNames, hiddenFields);
            return new LoopResources(l, buffers, pool, new UpstreamDeadlines(l),
                    new Deflaters(settings.compressions().stream()
                            .filter(compression -> compression.coding() == Compression.Coding.GZIP)
                            .mapToInt(Compression::level).findFirst().orElse(Deflater.DEFAULT_COMPRESSION)));
        });
    }

    /**
     * Ends the client connections gracefully, as nginx's graceful quit does: stops accepting (HTTP, HTTPS and TCP
     * services), closes the connections between requests, lets those serving one finish it (HTTP/1.1 answered with
     * {@code Connection: close}, HTTP/2 sent a GOAWAY after the streams it has), and waits up to {@code timeout} for
     * them to end. Answers how many were still open then; {@link #close} cuts those.
     */
    public int drain(Duration timeout) throws InterruptedException {
        listeners.forEach(listener -> listener.close().syncUninterruptibly());
        tcpListeners.close();
        return clients.drain(timeout);
    }

    @Override
    public void close() {
        listeners.forEach(Channel::close);
        tcpListeners.close();
        udpListeners.close();
        loops.values().forEach(loop -> loop.loop().execute(loop::close));
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        bosses.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        basicAuth.close();
        subrequests.close();
        externalNames.close();
        tracing.close();
        stapling.close();
        tls.close();
        backendTls.close();
        retiredTls.close();
    }
}
