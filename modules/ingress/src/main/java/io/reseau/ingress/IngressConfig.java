package io.reseau.ingress;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.netty.handler.ssl.OpenSsl;
import io.reseau.ingress.admission.AdmissionServer;
import io.reseau.ingress.admission.CertificateSource;
import io.reseau.ingress.admission.PemFiles;
import io.reseau.ingress.admission.WebhookSecret;
import io.reseau.ingress.apply.StatusAddresses;
import io.reseau.ingress.compute.AnnotationValues;
import io.reseau.ingress.compute.Annotations;
import io.reseau.ingress.compute.HeaderBuffers;
import io.reseau.ingress.compute.IngressClasses;
import io.reseau.ingress.compute.IngressTranslation;
import io.reseau.ingress.compute.StreamServices;
import io.reseau.ingress.compute.TlsParameters;
import io.reseau.ingress.dataplane.BlockedClients;
import io.reseau.ingress.dataplane.Compression;
import io.reseau.ingress.dataplane.DataPlaneSettings;
import io.reseau.ingress.dataplane.DataPlaneSettings.LimitStatuses;
import io.reseau.ingress.dataplane.LoggedFields;
import io.reseau.ingress.dataplane.OtlpExport;
import io.reseau.ingress.dataplane.SessionResumption;
import io.reseau.ingress.model.LoadBalance;
import io.reseau.ingress.model.Locality;
import io.reseau.ingress.model.NextUpstream;
import io.reseau.ingress.model.ObjectKey;
import io.reseau.ingress.model.RoutePolicy;
import io.reseau.ingress.model.SourceAccess;
import io.reseau.ingress.model.SourceRange;
import io.reseau.ingress.model.TlsPolicy;
import io.reseau.ingress.model.Tracing;
import io.reseau.ingress.model.ValuePattern;
import io.reseau.ingress.report.AccessLogFormat;
import io.reseau.ingress.report.LogEscape;
import io.reseau.ingress.report.StreamLogFormat;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/** reseau-ingress's configuration: properties {@code reseau.ingress.*}, or environment variables {@code RESEAU_INGRESS_*}. */
@ConfigMapping(prefix = "reseau.ingress")
public interface IngressConfig {

    /** The IngressClass controller this instance implements. */
    @WithDefault("reseau.io/ingress")
    String controller();

    /**
     * Values of the legacy {@code kubernetes.io/ingress.class} annotation served besides our IngressClasses'
     * names; {@code nginx} lets Ingresses written for ingress-nginx (such as the seed's) move over unchanged.
     */
    @WithName("legacy-class-names")
    @WithDefault("reseau,nginx")
    List<String> legacyClassNames();

    /**
     * Other controllers' IngressClass names whose Ingresses ({@code spec.ingressClassName}) reseau serves too, without
     * writing their status: {@code nginx} to try reseau beside ingress-nginx on the same Ingresses before moving the
     * traffic. None by default.
     */
    @WithName("adopted-class-names")
    Optional<List<String>> adoptedClassNames();

    /**
     * Ingresses of no class (no {@code ingressClassName}, no legacy annotation) are served even when no IngressClass
     * of reseau's is the default, as ingress-nginx's {@code --watch-ingress-without-class}.
     */
    @WithName("watch-ingress-without-class")
    @WithDefault("false")
    boolean watchIngressWithoutClass();

    /**
     * An Ingress's {@code defaultBackend} serves only the paths of its own hosts that no rule matches, never hosts
     * no rule names, as ingress-nginx's {@code --disable-catch-all}: no Ingress of a tenant takes every unknown
     * host's requests.
     */
    @WithName("disable-catch-all")
    @WithDefault("false")
    boolean disableCatchAll();

    /**
     * The one namespace whose Ingresses are served, as ingress-nginx's {@code --watch-namespace}; unset: every
     * namespace. Services, EndpointSlices and Secrets are then read there and in the namespaces of the objects the
     * settings name ({@code publish-service}, {@code default-backend-service}, {@code default-ssl-certificate}).
     */
    @WithName("watch-namespace")
    Optional<String> watchNamespace();

    /**
     * Whether requests go to the endpoints that the EndpointSlices hint for reseau's own node or zone, as
     * ingress-nginx's {@code enable-topology-aware-routing} (zones only) and kube-proxy (always) do for Services that
     * ask for it ({@code trafficDistribution: PreferSameNode}; {@code service.kubernetes.io/topology-mode: Auto},
     * {@code trafficDistribution: PreferClose}); the node is {@code node-name}, the zone its
     * {@code topology.kubernetes.io/zone} label.
     */
    @WithName("enable-topology-aware-routing")
    @WithDefault("false")
    boolean enableTopologyAwareRouting();

    /** The node reseau-ingress runs on (the chart gives the pod's {@code spec.nodeName}). */
    @WithName("node-name")
    Optional<String> nodeName();

    /**
     * A directory of ingress-nginx controller ConfigMap keys, a file each (a ConfigMap mounted as a volume; the
     * chart's {@code ingress.config}): read by {@link SettingsDirectory} before this mapping, each key as the setting
     * of the same name.
     */
    @WithName("settings-directory")
    Optional<Path> settingsDirectory();

    /** The controller's own LoadBalancer Service, {@code namespace/name}: its address goes into Ingress status. */
    @WithName("publish-service")
    Optional<String> publishService();

    /**
     * Addresses (IP addresses or host names, comma-separated) written into Ingress status instead of
     * {@code publish-service}'s, as ingress-nginx's {@code --publish-status-address}: for a controller reached at
     * an address no Service shows (a host port, an external balancer on bare metal).
     */
    @WithName("publish-status-address")
    Optional<List<String>> publishStatusAddress();

    /** Whether the served Ingresses' status is written at all, as ingress-nginx's {@code --update-status}. */
    @WithName("update-status")
    @WithDefault("true")
    boolean updateStatus();

    /**
     * ingress-nginx's {@code tcp-services} ConfigMap, {@code namespace/name}: its keys are ports relayed to the
     * Service ports its values name. None by default.
     */
    @WithName("tcp-services-configmap")
    Optional<String> tcpServicesConfigMap();

    /**
     * ingress-nginx's {@code udp-services} ConfigMap, {@code namespace/name}: its keys are ports whose datagrams are
     * relayed to the Service ports its values name. None by default.
     */
    @WithName("udp-services-configmap")
    Optional<String> udpServicesConfigMap();

    /** A TCP service's connection, or a UDP service's session, where nothing flows either way this long ends. */
    @WithName("proxy-stream-timeout")
    @WithDefault("600s")
    Duration proxyStreamTimeout();

    /**
     * {@code on}: a TCP service's connection that an endpoint refuses, or does not take within
     * {@code proxy-connect-timeout}, goes on to the next, as ingress-nginx's {@code proxy-stream-next-upstream};
     * {@code off}: one endpoint only.
     */
    @WithName("proxy-stream-next-upstream")
    @WithDefault("on")
    String proxyStreamNextUpstream();

    /** Endpoints tried in all for a TCP service's connection ({@code proxy-stream-next-upstream-tries}; 0: each). */
    @WithName("proxy-stream-next-upstream-tries")
    @WithDefault("3")
    int proxyStreamNextUpstreamTries();

    /** No other endpoint tried this long after the connection came ({@code proxy-stream-next-upstream-timeout}). */
    @WithName("proxy-stream-next-upstream-timeout")
    @WithDefault("600s")
    Duration proxyStreamNextUpstreamTimeout();

    /**
     * Datagrams a UDP service's session expects back for each it relays, as ingress-nginx's setting of the same
     * name (nginx's {@code proxy_responses}): the session ends when they have come, or when idle.
     */
    @WithName("proxy-stream-responses")
    @WithDefault("1")
    int proxyStreamResponses();

    /**
     * The address the proxy's ports listen on; unset, every address of the pod, IPv6 and IPv4 ({@link EveryAddress}),
     * as ingress-nginx listens.
     */
    @WithName("bind-address")
    Optional<String> bindAddress();

    /** ingress-nginx's {@code disable-ipv6}: with no {@code bind-address}, the ports listen on IPv4 addresses only. */
    @WithName("disable-ipv6")
    @WithDefault("false")
    boolean disableIpv6();

    /** Where the proxy's ports listen: {@code bind-address}, or every address of the pod. */
    default String listenAddress() {
        return bindAddress().filter(address -> !address.isBlank()).orElseGet(() -> EveryAddress.here(disableIpv6()));
    }

    @WithName("http-port")
    @WithDefault("8080")
    int httpPort();

    @WithName("https-port")
    @WithDefault("8443")
    int httpsPort();

    /** The HTTPS port clients see (the Service's), used in HTTP to HTTPS redirects. */
    @WithName("https-redirect-port")
    @WithDefault("443")
    int httpsRedirectPort();

    /**
     * The status of the proxy's own redirects, HTTP to HTTPS and to or from {@code www.}: 301, 302, 307 or 308
     * (ingress-nginx's {@code http-redirect-code}; 308 keeps a POST a POST).
     */
    @WithName("http-redirect-code")
    @WithDefault("308")
    int httpRedirectCode();

    /**
     * Paths whose routes are never redirected to HTTPS, comma-separated (ingress-nginx's
     * {@code no-tls-redirect-locations}): a route's path starting with one; ACME's HTTP-01 challenges by default.
     */
    @WithName("no-tls-redirect-locations")
    @WithDefault("/.well-known/acme-challenge")
    List<String> noTlsRedirectLocations();

    /**
     * Paths the controller's {@code global-auth-url} does not guard, comma-separated (ingress-nginx's
     * {@code no-auth-locations}): a rule's path starting with one; ACME's HTTP-01 challenges by default, so that a
     * certificate issuer can prove the domain. An Ingress's own {@code auth-url} still applies there.
     */
    @WithName("no-auth-locations")
    @WithDefault("/.well-known/acme-challenge")
    List<String> noAuthLocations();

    /** Event loop threads, as ingress-nginx's {@code worker-processes}: a number, or {@code auto}, one per CPU. */
    @WithName("worker-processes")
    @WithDefault("auto")
    String workerProcesses();

    @WithName("max-connections")
    @WithDefault("100000")
    int maxConnections();

    /**
     * The request head's limits, as ingress-nginx's {@code large-client-header-buffers}: the request line and each
     * field line may take one buffer, the field section all of them.
     */
    @WithName("large-client-header-buffers")
    @WithDefault("4 8k")
    String largeClientHeaderBuffers();

    /** Strict-Transport-Security on responses over TLS, as ingress-nginx's {@code hsts} (on by default). */
    @WithName("hsts")
    @WithDefault("true")
    boolean hsts();

    @WithName("hsts-max-age")
    @WithDefault("31536000")
    long hstsMaxAge();

    @WithName("hsts-include-subdomains")
    @WithDefault("true")
    boolean hstsIncludeSubdomains();

    @WithName("hsts-preload")
    @WithDefault("false")
    boolean hstsPreload();

    /**
     * Request fields whose name holds an underscore are passed on to backends; by default they are dropped, as
     * ingress-nginx's {@code enable-underscores-in-headers} (nginx's {@code underscores_in_headers off}): an
     * application seeing fields as CGI-style variables reads {@code X_Forwarded_For} as {@code X-Forwarded-For}.
     */
    @WithName("enable-underscores-in-headers")
    @WithDefault("false")
    boolean enableUnderscoresInHeaders();

    /**
     * Requests without an X-Request-ID field get a new one for their backend and the access log, as
     * ingress-nginx's {@code generate-request-id} (on by default).
     */
    @WithName("generate-request-id")
    @WithDefault("true")
    boolean generateRequestId();

    /**
     * Requests traced with OpenTelemetry, as ingress-nginx's {@code enable-opentelemetry} (off by default): a server
     * span each, whose context goes to the backend in {@code traceparent}; an Ingress says otherwise with the
     * annotation of the same name. Spans go to {@code otlp-collector-host}: without it nothing is traced.
     */
    @WithName("enable-opentelemetry")
    @WithDefault("false")
    boolean enableOpentelemetry();

    /**
     * A client's {@code traceparent} is the parent of its request's span
     * ({@code opentelemetry-trust-incoming-span}).
     */
    @WithName("opentelemetry-trust-incoming-span")
    @WithDefault("true")
    boolean opentelemetryTrustIncomingSpan();

    /**
     * The spans' name, with nginx variables filled in for each request ({@code opentelemetry-operation-name});
     * without it, the method and the rule's path. An Ingress says otherwise with the annotation of the same name.
     */
    @WithName("opentelemetry-operation-name")
    Optional<String> opentelemetryOperationName();

    /** The OpenTelemetry collector spans are sent to ({@code otlp-collector-host}). */
    @WithName("otlp-collector-host")
    Optional<String> otlpCollectorHost();

    /** {@code grpc}, as ingress-nginx sends spans, or {@code http/protobuf}. */
    @WithName("otlp-collector-protocol")
    @WithDefault("grpc")
    String otlpCollectorProtocol();

    /** The collector's port: by default the protocol's, 4317 for gRPC (ingress-nginx's default), 4318 for HTTP. */
    @WithName("otlp-collector-port")
    OptionalInt otlpCollectorPort();

    @WithName("otel-service-name")
    @WithDefault("reseau-ingress")
    String otelServiceName();

    /** {@code AlwaysOn}, {@code AlwaysOff} (ingress-nginx's default) or {@code TraceIdRatioBased}. */
    @WithName("otel-sampler")
    @WithDefault("AlwaysOff")
    String otelSampler();

    @WithName("otel-sampler-ratio")
    @WithDefault("0.01")
    double otelSamplerRatio();

    /** A request whose trusted parent span was sampled is sampled too (and not, if not), whatever the sampler. */
    @WithName("otel-sampler-parent-based")
    @WithDefault("false")
    boolean otelSamplerParentBased();

    @WithName("otel-max-queuesize")
    @WithDefault("2048")
    int otelMaxQueueSize();

    @WithName("otel-schedule-delay-millis")
    @WithDefault("5000")
    long otelScheduleDelayMillis();

    @WithName("otel-max-export-batch-size")
    @WithDefault("512")
    int otelMaxExportBatchSize();

    /** Where spans go, read from the keys above; empty without {@code otlp-collector-host}. */
    default Optional<OtlpExport> tracing() {
        return otlpCollectorHost().filter(host -> !host.isBlank()).map(host -> {
            OtlpExport.Protocol protocol = read("otlp-collector-protocol", otlpCollectorProtocol(),
                    OtlpExport.Protocol::parse);
            return new OtlpExport(protocol,
                    protocol.endpoint(host.strip(), otlpCollectorPort().orElse(protocol.defaultPort())),
                    otelServiceName(),
                    read("otel-sampler", otelSampler(), name -> new OtlpExport.Sampling(
                            OtlpExport.Sampler.parse(name), otelSamplerRatio(), otelSamplerParentBased())),
                    otelMaxQueueSize(), Duration.ofMillis(otelScheduleDelayMillis()), otelMaxExportBatchSize(),
                    new Tracing(enableOpentelemetry(), opentelemetryTrustIncomingSpan()));
        });
    }

    /** Responses compressed for clients that take gzip, as ingress-nginx's {@code use-gzip} (off by default). */
    @WithName("use-gzip")
    @WithDefault("false")
    boolean useGzip();

    /** zlib's level for {@code use-gzip}, 1 to 9 (ingress-nginx's {@code gzip-level}). */
    @WithName("gzip-level")
    @WithDefault("1")
    int gzipLevel();

    /** Responses with a shorter Content-Length are not compressed (ingress-nginx's {@code gzip-min-length}). */
    @WithName("gzip-min-length")
    @WithDefault("256")
    long gzipMinLength();

    /** The media types compressed, separated by spaces (ingress-nginx's {@code gzip-types}); {@code *}: any. */
    @WithName("gzip-types")
    @WithDefault(Compression.DEFAULT_TYPES)
    String gzipTypes();

    /**
     * Clients never given gzip, by User-Agent, as ingress-nginx's {@code gzip-disable} (nginx's {@code gzip_disable}):
     * regular expressions separated by spaces, found anywhere in any case; {@code msie6} for Internet Explorer 4 to 6.
     */
    @WithName("gzip-disable")
    Optional<String> gzipDisable();

    /**
     * Responses compressed with brotli for clients that take it, in preference to gzip, as ingress-nginx's
     * {@code enable-brotli} (off by default), with {@code brotli-level} (0 to 11), {@code brotli-min-length} and
     * {@code brotli-types} as the gzip keys.
     */
    @WithName("enable-brotli")
    @WithDefault("false")
    boolean enableBrotli();

    @WithName("brotli-level")
    @WithDefault("4")
    int brotliLevel();

    @WithName("brotli-min-length")
    @WithDefault("20")
    long brotliMinLength();

    @WithName("brotli-types")
    @WithDefault(Compression.DEFAULT_TYPES)
    String brotliTypes();

    /** Connections start with a PROXY protocol header (v1 or v2), as ingress-nginx's {@code use-proxy-protocol}. */
    @WithName("use-proxy-protocol")
    @WithDefault("false")
    boolean useProxyProtocol();

    /**
     * How long a connection has to send its PROXY protocol header ({@code use-proxy-protocol}, TCP services'
     * {@code :PROXY}) before it is closed, as ingress-nginx's {@code proxy-protocol-header-timeout}.
     */
    @WithName("proxy-protocol-header-timeout")
    @WithDefault("5s")
    Duration proxyProtocolHeaderTimeout();

    /**
     * Believe the forwarded fields (X-Forwarded-For, -Proto, -Port) of connections from {@code proxy-real-ip-cidr},
     * as ingress-nginx's {@code use-forwarded-headers}.
     */
    @WithName("use-forwarded-headers")
    @WithDefault("false")
    boolean useForwardedHeaders();

    /**
     * The client's address from {@code forwarded-for-header} of connections from {@code proxy-real-ip-cidr}, as
     * ingress-nginx's {@code enable-real-ip} (nginx's realip module): as {@code use-forwarded-headers}, but the
     * scheme and port stay the connection's (X-Forwarded-Proto and -Port are not believed).
     */
    @WithName("enable-real-ip")
    @WithDefault("false")
    boolean enableRealIp();

    /** The proxies believed (comma-separated CIDRs); ingress-nginx's default trusts every address. */
    @WithName("proxy-real-ip-cidr")
    @WithDefault("0.0.0.0/0,::/0")
    String proxyRealIpCidr();

    @WithName("forwarded-for-header")
    @WithDefault("X-Forwarded-For")
    String forwardedForHeader();

    /**
     * With {@code use-forwarded-headers}: X-Forwarded-For to backends is the trusted proxies' field followed by the
     * last proxy's address, as ingress-nginx's {@code compute-full-forwarded-for}, instead of the client alone.
     */
    @WithName("compute-full-forwarded-for")
    @WithDefault("false")
    boolean computeFullForwardedFor();

    @WithName("client-header-timeout")
    @WithDefault("10s")
    Duration clientHeaderTimeout();

    @WithName("client-body-timeout")
    @WithDefault("60s")
    Duration clientBodyTimeout();

    /**
     * How long an idle client connection is kept between requests, as ingress-nginx's {@code keep-alive} (a number
     * alone is seconds, as there: {@code 75}, or {@code 75s}).
     */
    @WithName("keep-alive")
    @WithDefault("75s")
    Duration keepAliveTimeout();

    /**
     * On shutdown, how long to go on serving as before (while the pod's address leaves the Services' endpoints and
     * the load balancer), as ingress-nginx's {@code shutdown-grace-period}.
     */
    @WithName("shutdown-grace-period")
    @WithDefault("0s")
    Duration shutdownGracePeriod();

    /**
     * Then how long the requests in flight may take to finish before their connections are cut, no new connection
     * being taken, as ingress-nginx's {@code worker-shutdown-timeout}.
     */
    @WithName("worker-shutdown-timeout")
    @WithDefault("240s")
    Duration workerShutdownTimeout();

    /**
     * Requests served on one client connection before it is closed (HTTP/1.1) or told to go away (HTTP/2), as
     * ingress-nginx's {@code keep-alive-requests}: clients then connect again, possibly to another replica, so a
     * scaled-out ingress gets its share of long-lived clients; 0 means no limit.
     */
    @WithName("keep-alive-requests")
    @WithDefault("1000")
    int keepAliveRequests();

    /** Idle keep-alive connections kept per backend endpoint and event loop, as ingress-nginx's key. */
    @WithName("upstream-keepalive-connections")
    @WithDefault("320")
    int upstreamKeepaliveConnections();

    /** How long a backend connection is kept idle, as ingress-nginx's key (seconds, or a duration). */
    @WithName("upstream-keepalive-timeout")
    @WithDefault("60s")
    Duration upstreamKeepaliveTimeout();

    /** Requests one backend connection carries before it is closed (0: no limit), as ingress-nginx's key. */
    @WithName("upstream-keepalive-requests")
    @WithDefault("10000")
    int upstreamKeepaliveRequests();

    /** How long one backend connection is used before it is closed, as ingress-nginx's key. */
    @WithName("upstream-keepalive-time")
    @WithDefault("1h")
    Duration upstreamKeepaliveTime();

    /** Consecutive failures that eject an endpoint, and for how long (nginx's max_fails / fail_timeout). */
    @WithName("max-fails")
    @WithDefault("3")
    int maxFails();

    @WithName("eject-for")
    @WithDefault("10s")
    Duration ejectFor();

    /**
     * Endpoints tried in all for a request that may go on to another ({@code proxy-next-upstream}), the first
     * included, as ingress-nginx's {@code proxy-next-upstream-tries}; 0: every endpoint once.
     */
    @WithName("proxy-next-upstream-tries")
    @WithDefault("3")
    int proxyNextUpstreamTries();

    /**
     * As ingress-nginx's {@code retry-non-idempotent}: POST, PATCH and LOCK requests go on to another endpoint too
     * (nginx's {@code non_idempotent} added to every route's {@code proxy-next-upstream}).
     */
    @WithName("retry-non-idempotent")
    @WithDefault("false")
    boolean retryNonIdempotent();

    /**
     * Backends' Server fields reach clients, as ingress-nginx's {@code allow-backend-server-header}; by default they
     * are left out (nginx does not pass them on), so that a backend's software and version are not told to anyone.
     */
    @WithName("allow-backend-server-header")
    @WithDefault("false")
    boolean allowBackendServerHeader();

    /**
     * Fields of backends' responses that clients do not get (comma-separated names, any case), as ingress-nginx's
     * {@code hide-headers}: {@code X-Powered-By}, say.
     */
    @WithName("hide-headers")
    Optional<List<String>> hideHeaders();

    /** HTTP/2 offered to TLS clients, as ingress-nginx's {@code use-http2}; false: HTTP/1.1 only. */
    @WithName("use-http2")
    @WithDefault("true")
    boolean useHttp2();

    /** Streams one HTTP/2 client may have open at once, as ingress-nginx's key. */
    @WithName("http2-max-concurrent-streams")
    @WithDefault("128")
    int maxConcurrentStreams();

    /** Defaults of the per-Ingress annotations, as ingress-nginx's ConfigMap keys of the same names. */
    @WithName("proxy-body-size")
    @WithDefault("1m")
    String proxyBodySize();

    /**
     * The largest response head (status line and fields) taken from an HTTP/1.1 backend; larger ones are answered
     * {@code 502}. ingress-nginx's default is 4k; reseau's is larger, so that its users' annotations raising it to
     * 8k or 16k are not needed.
     */
    @WithName("proxy-buffer-size")
    @WithDefault("32k")
    String proxyBufferSize();

    /**
     * Of a request body received whole ({@code proxy-request-buffering: "on"}), the bytes held in memory; the rest
     * waits in a temporary file, as nginx's. ingress-nginx's default is 8k; reseau's is one read of a client's
     * socket, so that most bodies never touch the disk.
     */
    @WithName("client-body-buffer-size")
    @WithDefault("64k")
    String clientBodyBufferSize();

    /**
     * {@code on}: the part of a response a slow client has not taken beyond the 512 KiB held in memory is read from
     * the backend on into a temporary file of up to {@code proxy-max-temp-file-size} (0: none), freeing the backend
     * sooner; {@code off}, as ingress-nginx's default, the backend waits for the client.
     */
    @WithName("proxy-buffering")
    @WithDefault("off")
    String proxyBuffering();

    /**
     * {@code on}: a request's body is received whole before its backend is asked, for every Ingress without the
     * annotation of the same name, as ingress-nginx's {@code proxy-request-buffering} (whose default is {@code on});
     * {@code off}: bodies stream to the backend as they arrive.
     */
    @WithName("proxy-request-buffering")
    @WithDefault("off")
    String proxyRequestBuffering();

    /**
     * As ingress-nginx's {@code proxy-redirect-from} and {@code -to}: a backend's Location starting with the first
     * starts with the second instead, for every Ingress without the annotations; {@code off}: none.
     */
    @WithName("proxy-redirect-from")
    Optional<String> proxyRedirectFrom();

    @WithName("proxy-redirect-to")
    Optional<String> proxyRedirectTo();

    /**
     * As ingress-nginx's {@code proxy-cookie-domain} and {@code proxy-cookie-path} ({@code from to}, or {@code off}):
     * each Set-Cookie's Domain or Path rewritten so, for every Ingress without the annotations of the same names.
     */
    @WithName("proxy-cookie-domain")
    Optional<String> proxyCookieDomain();

    @WithName("proxy-cookie-path")
    Optional<String> proxyCookiePath();

    @WithName("proxy-max-temp-file-size")
    @WithDefault("1024m")
    String proxyMaxTempFileSize();

    @WithName("proxy-connect-timeout")
    @WithDefault("5s")
    Duration proxyConnectTimeout();

    @WithName("proxy-read-timeout")
    @WithDefault("60s")
    Duration proxyReadTimeout();

    @WithName("proxy-send-timeout")
    @WithDefault("60s")
    Duration proxySendTimeout();

    /**
     * Whether requests go to Services' ClusterIPs rather than straight to their endpoints, unless an Ingress says
     * otherwise ({@code service-upstream}).
     */
    @WithName("service-upstream")
    @WithDefault("false")
    boolean serviceUpstream();

    /** {@code round_robin} or {@code ewma}, unless an Ingress says otherwise ({@code load-balance}). */
    @WithName("load-balance")
    @WithDefault("round_robin")
    String loadBalance();

    /** Redirect plain HTTP to HTTPS for hosts with TLS, unless an Ingress says {@code ssl-redirect: "false"}. */
    @WithName("ssl-redirect")
    @WithDefault("true")
    boolean sslRedirect();

    /**
     * Redirect plain HTTP to HTTPS for every host, with TLS or without (TLS ended before reseau), unless an Ingress
     * says {@code force-ssl-redirect: "false"}, as ingress-nginx's {@code force-ssl-redirect}.
     */
    @WithName("force-ssl-redirect")
    @WithDefault("false")
    boolean forceSslRedirect();

    /** One JSON line per request on the {@code reseau.ingress.access} log category. */
    @WithName("access-log")
    @WithDefault("true")
    boolean accessLog();

    /** No access log, as ingress-nginx's {@code disable-access-log} ({@code access-log: false} in reseau's words). */
    @WithName("disable-access-log")
    @WithDefault("false")
    boolean disableAccessLog();

    /**
     * Request URIs (path and query, comma-separated, in any case) whose requests are not written to the access log,
     * as ingress-nginx's {@code skip-access-log-urls}: health checks, say.
     */
    @WithName("skip-access-log-urls")
    Optional<List<String>> skipAccessLogUrls();

    /**
     * Whether requests no Ingress rule takes (answered by the {@code default-backend-service} or a plain 404) are
     * written to the access log, as ingress-nginx's {@code enable-access-log-for-default-backend}: off by default,
     * which keeps scanners of unknown hosts out of it (the request metrics still count them).
     */
    @WithName("enable-access-log-for-default-backend")
    @WithDefault("false")
    boolean accessLogForDefaultBackend();

    /**
     * ingress-nginx's {@code log-format-upstream}: the access log line as nginx variables ({@link
     * io.reseau.ingress.report.AccessLogFormat}); empty: a JSON object per request.
     */
    @WithName("log-format-upstream")
    Optional<String> logFormatUpstream();

    /**
     * ingress-nginx's {@code log-format-stream}: the access log line of a relayed connection as nginx stream
     * variables ({@link io.reseau.ingress.report.StreamLogFormat}); empty: a JSON object per connection.
     */
    @WithName("log-format-stream")
    Optional<String> logFormatStream();

    /**
     * ingress-nginx's {@code log-format-escape-json}: the values of {@code log-format-upstream} and
     * {@code log-format-stream} escaped as JSON strings.
     */
    @WithName("log-format-escape-json")
    @WithDefault("false")
    boolean logFormatEscapeJson();

    /** ingress-nginx's {@code log-format-escape-none}: the values written as they are (before the JSON key). */
    @WithName("log-format-escape-none")
    @WithDefault("false")
    boolean logFormatEscapeNone();

    /** Shortest time between two syncs: changes in between are applied together. */
    @WithName("min-sync-period")
    @WithDefault("50ms")
    Duration minSyncPeriod();

    @WithName("sync-period")
    @WithDefault("10m")
    Duration syncPeriod();

    /**
     * The Service ({@code namespace/name}, its first port) that answers requests no Ingress rule matches and makes
     * the error pages of {@code custom-http-errors}, as ingress-nginx's {@code --default-backend-service}; none by
     * default (404).
     */
    @WithName("default-backend-service")
    Optional<String> defaultBackendService();

    /**
     * The TLS Secret ({@code namespace/name}) whose certificate is served for names no Ingress's certificate covers
     * and for TLS sections without a Secret, as ingress-nginx's {@code --default-ssl-certificate}; none by default
     * (a certificate generated at start).
     */
    @WithName("default-ssl-certificate")
    Optional<String> defaultSslCertificate();

    /**
     * Where the validating admission webhook listens, as ingress-nginx's {@code --validating-webhook}
     * ({@code :8443}, or {@code host:port}); unset: no webhook. It answers over HTTPS with the certificate of
     * {@code validating-webhook-certificate} and {@code validating-webhook-key} (PEM files someone else makes, as
     * ingress-nginx's flags), or of {@code validating-webhook-secret}, which reseau makes if it is missing and whose
     * authority it sets as the caBundle of {@code validating-webhook-configuration}.
     */
    @WithName("validating-webhook")
    Optional<String> validatingWebhook();

    @WithName("validating-webhook-certificate")
    Optional<String> validatingWebhookCertificate();

    @WithName("validating-webhook-key")
    Optional<String> validatingWebhookKey();

    /** The Secret ({@code namespace/name}) that keeps the webhook's certificate. */
    @WithName("validating-webhook-secret")
    Optional<String> validatingWebhookSecret();

    /** The ValidatingWebhookConfiguration (a name) that sends reviews to this webhook. */
    @WithName("validating-webhook-configuration")
    Optional<String> validatingWebhookConfiguration();

    /** Where the webhook listens, if one is asked for. */
    default Optional<AdmissionServer.Settings> admission() {
        return validatingWebhook().filter(address -> !address.isBlank())
                .map(address -> AdmissionServer.Settings.of(address, EveryAddress.here(disableIpv6())));
    }

    /** Where the webhook's certificate comes from: the files, or the Secret; anything else stops the start. */
    default CertificateSource admissionCertificate(KubernetesClient client) {
        Optional<String> certificate = validatingWebhookCertificate().filter(path -> !path.isBlank());
        Optional<String> key = validatingWebhookKey().filter(path -> !path.isBlank());
        Optional<String> secret = validatingWebhookSecret().filter(name -> !name.isBlank());
        Optional<String> configuration = validatingWebhookConfiguration().filter(name -> !name.isBlank());
        if (certificate.isPresent() && key.isPresent() && secret.isEmpty() && configuration.isEmpty()) {
            return new PemFiles(Path.of(certificate.get()), Path.of(key.get()));
        }
        if (secret.isPresent() && configuration.isPresent() && certificate.isEmpty() && key.isEmpty()) {
            return new WebhookSecret(client, ObjectKey.parse("validating-webhook-secret", secret.get()),
                    configuration.get());
        }
        throw new IllegalArgumentException("validating-webhook needs either validating-webhook-certificate and"
                + " validating-webhook-key, or validating-webhook-secret and validating-webhook-configuration");
    }

    /** Statuses of every backend's answers replaced by the default backend's, as ingress-nginx's ConfigMap key. */
    @WithName("custom-http-errors")
    Optional<String> customHttpErrors();

    /**
     * Client addresses every Ingress serves unless its {@code whitelist-source-range} says otherwise
     * (comma-separated CIDRs, as ingress-nginx's ConfigMap key). None: all.
     */
    @WithName("whitelist-source-range")
    Optional<String> whitelistSourceRange();

    /** Client addresses every Ingress refuses (403) unless its {@code denylist-source-range} says otherwise. */
    @WithName("denylist-source-range")
    Optional<String> denylistSourceRange();

    /** Client addresses refused (403) whatever they ask, as ingress-nginx's {@code block-cidrs}. */
    @WithName("block-cidrs")
    Optional<String> blockCidrs();

    /**
     * Clients refused (403) whatever they ask by their User-Agent field, as ingress-nginx's
     * {@code block-user-agents}: comma-separated, each the whole value in any case, or {@code ~regex} /
     * {@code ~*regex} (case-insensitive) found anywhere in it.
     */
    @WithName("block-user-agents")
    Optional<String> blockUserAgents();

    /** The same by the Referer field, as ingress-nginx's {@code block-referers}. */
    @WithName("block-referers")
    Optional<String> blockReferers();

    /** The status of requests over an Ingress's {@code limit-rps} or {@code limit-rpm} (429 is common). */
    @WithName("limit-req-status-code")
    @WithDefault("503")
    int limitReqStatusCode();

    /** The status of requests over an Ingress's {@code limit-connections}. */
    @WithName("limit-conn-status-code")
    @WithDefault("503")
    int limitConnStatusCode();

    /*
     * ingress-nginx's global-auth-* ConfigMap keys: the external authentication of every Ingress without its own
     * auth-url (and without enable-global-auth: "false"), read as the auth-* annotations they stand for.
     */

    @WithName("global-auth-url")
    Optional<String> globalAuthUrl();

    @WithName("global-auth-method")
    Optional<String> globalAuthMethod();

    @WithName("global-auth-signin")
    Optional<String> globalAuthSignin();

    @WithName("global-auth-signin-redirect-param")
    Optional<String> globalAuthSigninRedirectParam();

    @WithName("global-auth-response-headers")
    Optional<String> globalAuthResponseHeaders();

    @WithName("global-auth-request-redirect")
    Optional<String> globalAuthRequestRedirect();

    @WithName("global-auth-cache-key")
    Optional<String> globalAuthCacheKey();

    @WithName("global-auth-cache-duration")
    Optional<String> globalAuthCacheDuration();

    @WithName("global-auth-always-set-cookie")
    Optional<String> globalAuthAlwaysSetCookie();

    /**
     * ingress-nginx's {@code proxy-next-upstream}: when a request goes on to another endpoint, for every Ingress
     * without the annotation ({@code error timeout}, nginx's default, without it).
     */
    @WithName("proxy-next-upstream")
    Optional<String> proxyNextUpstream();

    /** ingress-nginx's {@code proxy-next-upstream-timeout}: no endpoint tried after this long (seconds; 0: none). */
    @WithName("proxy-next-upstream-timeout")
    Optional<String> proxyNextUpstreamTimeout();

    /**
     * How fast responses are sent to clients by default, in kilobytes (1,024 bytes) a second once their first
     * {@code limit-rate-after} kilobytes are out, as ingress-nginx's keys; 0: as fast as clients take them.
     */
    @WithName("limit-rate")
    @WithDefault("0")
    int limitRate();

    @WithName("limit-rate-after")
    @WithDefault("0")
    int limitRateAfter();

    default IngressTranslation.Settings translation() {
        Map<String, String> nextUpstream = given(Map.of("proxy-next-upstream", proxyNextUpstream(),
                "proxy-next-upstream-timeout", proxyNextUpstreamTimeout()));
        RoutePolicy.HttpsRedirect httpsRedirect = new RoutePolicy.HttpsRedirect(sslRedirect(), forceSslRedirect(),
                false);
        RoutePolicy defaults = RoutePolicy.defaults(httpsRedirect,
                read("proxy-request-buffering", proxyRequestBuffering(), AnnotationValues::onOff),
                AnnotationValues.size(proxyBodySize()),
                read("proxy-buffer-size", proxyBufferSize(), AnnotationValues::headSize),
                read("client-body-buffer-size", clientBodyBufferSize(), AnnotationValues::bodyMemorySize),
                proxyConnectTimeout(), proxyReadTimeout(), proxySendTimeout(), LoadBalance.parse(loadBalance()),
                serviceUpstream(), new SourceAccess(ranges("whitelist-source-range", whitelistSourceRange()),
                        ranges("denylist-source-range", denylistSourceRange()), false),
                Annotations.globalAuth(globalAuthKeys()),
                new Tracing(enableOpentelemetry(), opentelemetryTrustIncomingSpan(),
                        opentelemetryOperationName().filter(name -> !name.isBlank()).map(name ->
                                read("opentelemetry-operation-name", name.strip(), AnnotationValues::operationName))))
                .withNextUpstream(read("proxy-next-upstream", nextUpstream, Annotations::globalNextUpstream))
                .withResponseRate(read("limit-rate", limitRate(),
                        rate -> Annotations.globalResponseRate(rate, limitRateAfter())))
                .withResponseBuffering(new RoutePolicy.ResponseBuffering(
                        read("proxy-buffering", proxyBuffering(), AnnotationValues::onOff),
                        read("proxy-max-temp-file-size", proxyMaxTempFileSize(), AnnotationValues::size)))
                .withHeaders(read("proxy-redirect-*, proxy-cookie-*", responseRewriteKeys(),
                        Annotations::globalResponseRewrites));
        Set<String> legacy = new HashSet<>();
        legacyClassNames().forEach(name -> legacy.add(name.strip()));
        Set<String> adopted = Set.copyOf(names(adoptedClassNames()));
        Set<String> allowedResponseHeaders = Set.copyOf(names(globalAllowedResponseHeaders()).stream()
                .map(name -> name.toLowerCase(Locale.ROOT)).toList());
        return new IngressTranslation.Settings(new IngressClasses.Selection(controller(), legacy, adopted,
                watchIngressWithoutClass()), defaults,
                defaultBackendService().map(key -> ObjectKey.parse("default-backend-service", key)),
                customHttpErrors().map(AnnotationValues::statuses).orElse(Set.of()),
                defaultSslCertificate().map(key -> ObjectKey.parse("default-ssl-certificate", key)),
                allowedResponseHeaders, !disableCatchAll(), names(Optional.of(noAuthLocations())), Locality.UNKNOWN);
    }

    /**
     * Where Ingress status addresses come from: {@code publish-status-address}, else {@code publish-service}; none
     * with {@code update-status: false}. A malformed value stops the start with its setting's name.
     */
    default Optional<StatusAddresses> statusAddresses() {
        if (!updateStatus()) {
            return Optional.empty();
        }
        return publishStatusAddress().filter(addresses -> !addresses.isEmpty())
                .<StatusAddresses>map(addresses -> StatusAddresses.Given.of("publish-status-address", addresses))
                .or(() -> publishService().map(key -> new StatusAddresses.OfService(
                        ObjectKey.parse("publish-service", key))));
    }

    /**
     * ingress-nginx's {@code proxy-set-headers}: a ConfigMap ({@code namespace/name}) of fields set on every request
     * to a backend.
     */
    @WithName("proxy-set-headers")
    Optional<String> proxySetHeaders();

    /** ingress-nginx's {@code add-headers}: a ConfigMap of fields set on every response to a client. */
    @WithName("add-headers")
    Optional<String> addHeaders();

    /**
     * As ingress-nginx's {@code proxy-add-original-uri-header}: every request to a backend gets X-Original-URI, its
     * target as the client sent it, before any rewrite.
     */
    @WithName("proxy-add-original-uri-header")
    @WithDefault("false")
    boolean proxyAddOriginalUriHeader();

    /**
     * ingress-nginx's {@code global-allowed-response-headers}: the response fields (comma-separated names) an
     * Ingress's {@code custom-headers} ConfigMap may set. Without it that annotation is reported and ignored, and
     * ConfigMaps are not watched for it.
     */
    @WithName("global-allowed-response-headers")
    Optional<List<String>> globalAllowedResponseHeaders();

    /**
     * {@code proxy-set-headers} and {@code add-headers}, read: a value that is not {@code namespace/name} stops the
     * start.
     */
    default IngressController.GlobalFields globalFields() {
        return new IngressController.GlobalFields(
                proxySetHeaders().map(key -> ObjectKey.parse("proxy-set-headers", key)),
                addHeaders().map(key -> ObjectKey.parse("add-headers", key)), proxyAddOriginalUriHeader());
    }

    /** The TCP and UDP services' settings, beside HTTP and HTTPS on {@code takenPorts}. */
    default StreamServices.Settings streamServices(Set<Integer> takenPorts) {
        if (proxyStreamResponses() < 0) {
            throw new IllegalArgumentException("proxy-stream-responses: " + proxyStreamResponses()
                    + " is not a number of datagrams (0 or more)");
        }
        return new StreamServices.Settings(
                tcpServicesConfigMap().map(key -> ObjectKey.parse("tcp-services-configmap", key)),
                udpServicesConfigMap().map(key -> ObjectKey.parse("udp-services-configmap", key)),
                takenPorts, proxyConnectTimeout(), proxyStreamTimeout(), proxyStreamResponses(),
                streamNextUpstream(), Locality.UNKNOWN);
    }

    /** When a TCP service's connection goes on to the next endpoint: the {@code proxy-stream-next-upstream*} keys. */
    private NextUpstream streamNextUpstream() {
        if (!read("proxy-stream-next-upstream", proxyStreamNextUpstream(), AnnotationValues::onOff)) {
            return NextUpstream.OFF;
        }
        return new NextUpstream(true, true, Set.of(), false, Optional.of(read("proxy-stream-next-upstream-tries",
                proxyStreamNextUpstreamTries(), AnnotationValues::tries)),
                Optional.of(proxyStreamNextUpstreamTimeout()).filter(time -> !time.isZero()));
    }

    /** The TLS versions offered to clients, space-separated, as ingress-nginx's {@code ssl-protocols}. */
    @WithName("ssl-protocols")
    @WithDefault("TLSv1.2 TLSv1.3")
    String sslProtocols();

    /**
     * The TLS 1.2 cipher suites offered to clients, an OpenSSL cipher list as ingress-nginx's {@code ssl-ciphers}
     * ({@code HIGH:!aNULL:!MD5}, suite names). None: the suites HTTP/2 allows.
     */
    @WithName("ssl-ciphers")
    Optional<String> sslCiphers();

    /**
     * The key exchange groups offered to clients, as ingress-nginx's {@code ssl-ecdh-curve} (nginx's names joined by
     * {@code :}, such as {@code X25519:prime256v1:secp384r1}); {@code auto}: the TLS library's own choice.
     */
    @WithName("ssl-ecdh-curve")
    @WithDefault("auto")
    String sslEcdhCurve();

    /**
     * ingress-nginx's {@code ssl-session-ticket-key}: 48 random bytes in base64 ({@code openssl rand -base64 48})
     * that encrypt TLS session tickets, the same in every replica, so that a client resumes its session on any of
     * them. None: each replica makes its own keys and rotates them every two days.
     */
    @WithName("ssl-session-ticket-key")
    Optional<String> sslSessionTicketKey();

    /**
     * Whether clients may resume their TLS sessions by session tickets, as ingress-nginx's
     * {@code ssl-session-tickets}. On by default, where ingress-nginx turns it off: reseau's TLS engine resumes
     * TLS 1.3 sessions by tickets only, so off means a full handshake for every new TLS 1.3 connection.
     */
    @WithName("ssl-session-tickets")
    @WithDefault("true")
    boolean sslSessionTickets();

    /** Whether each certificate's context keeps TLS 1.2 sessions to resume by ID, as ingress-nginx's key. */
    @WithName("ssl-session-cache")
    @WithDefault("true")
    boolean sslSessionCache();

    /**
     * The size of that cache as nginx's {@code ssl_session_cache shared:SSL:10m} gives it (about 4,000 sessions a
     * megabyte), as ingress-nginx's {@code ssl-session-cache-size}.
     */
    @WithName("ssl-session-cache-size")
    @WithDefault("10m")
    String sslSessionCacheSize();

    /**
     * TLS handshakes naming no host of an Ingress rule (or no name at all) are refused with an
     * {@code unrecognized_name} alert, before any certificate is shown, as ingress-nginx's {@code ssl-reject-handshake}.
     */
    @WithName("ssl-reject-handshake")
    @WithDefault("false")
    boolean sslRejectHandshake();

    /**
     * The server's order of TLS 1.2 suites is preferred to the client's ({@code ssl-prefer-server-ciphers}, as
     * ingress-nginx's, on by default); an Ingress says otherwise for its hosts with the annotation of that name.
     */
    @WithName("ssl-prefer-server-ciphers")
    @WithDefault("true")
    boolean sslPreferServerCiphers();

    /**
     * Whether certificates' OCSP answers are fetched from their responders and stapled to TLS handshakes
     * ({@code enable-ocsp}, as ingress-nginx's, off by default).
     */
    @WithName("enable-ocsp")
    @WithDefault("false")
    boolean enableOcsp();

    /** {@code enable-ocsp}, where the TLS engine can staple (BoringSSL's). */
    private boolean ocspStapling(Consumer<String> leftOut) {
        if (enableOcsp() && !OpenSsl.isOcspSupported()) {
            leftOut.accept("enable-ocsp: OCSP stapling needs the OpenSSL (BoringSSL) TLS engine, which is not"
                    + " available on this platform: not stapling");
            return false;
        }
        return enableOcsp();
    }

    /**
     * How long a client may resume its TLS session (a full handshake after), as ingress-nginx's
     * {@code ssl-session-timeout}: the lifetime of the sessions each certificate's context keeps and of the tickets
     * it issues. A number alone is seconds.
     */
    @WithName("ssl-session-timeout")
    @WithDefault("10m")
    Duration sslSessionTimeout();

    /** The data plane's settings; what they cannot offer is told to {@code leftOut}. */
    default DataPlaneSettings dataPlane(Consumer<String> leftOut) {
        int threads = read("worker-processes", workerProcesses().strip(), processes -> processes.equals("auto")
                ? Runtime.getRuntime().availableProcessors() : AnnotationValues.positive(processes));
        HeaderBuffers headerBuffers = read("large-client-header-buffers", largeClientHeaderBuffers(),
                HeaderBuffers::parse);
        List<Compression> compressions = new ArrayList<>();
        if (enableBrotli()) {
            compressions.add(Compression.of(Compression.Coding.BROTLI, brotliLevel(), brotliMinLength(),
                    brotliTypes()));
        }
        if (useGzip()) {
            compressions.add(read("gzip-disable", gzipDisable().orElse(""), Compression.of(Compression.Coding.GZIP,
                    gzipLevel(), gzipMinLength(), gzipTypes())::withDisabledFor));
        }
        DataPlaneSettings settings = new DataPlaneSettings(listenAddress(), httpPort(), httpsPort(), threads,
                maxConnections(), headerBuffers.line(), headerBuffers.fields(), enableUnderscoresInHeaders(),
                clientHeaderTimeout(), clientBodyTimeout(), keepAliveTimeout(), keepAliveRequests(),
                new DataPlaneSettings.UpstreamKeepalive(upstreamKeepaliveConnections(), upstreamKeepaliveTimeout(),
                        upstreamKeepaliveRequests(), upstreamKeepaliveTime()),
                maxFails(), ejectFor(),
                read("proxy-next-upstream-tries", proxyNextUpstreamTries(), AnnotationValues::tries),
                retryNonIdempotent(), read("http-redirect-code", httpRedirectCode(),
                        code -> new DataPlaneSettings.Redirects(httpsRedirectPort(), code, noTlsRedirectLocations())),
                maxConcurrentStreams(), useHttp2(), hsts() ? Optional.of(hstsField()) : Optional.empty(),
                allowBackendServerHeader(),
                read("hide-headers", hideHeaders().orElse(List.of()), AnnotationValues::fieldNames),
                generateRequestId(), compressions,
                useProxyProtocol(), proxyProtocolHeaderTimeout(), Optional.empty(),
                new BlockedClients(ranges("block-cidrs", blockCidrs()),
                        patterns("block-user-agents", blockUserAgents()), patterns("block-referers", blockReferers())),
                new LimitStatuses(
                        read("limit-req-status-code", limitReqStatusCode(), LimitStatuses::errorStatus),
                        read("limit-conn-status-code", limitConnStatusCode(), LimitStatuses::errorStatus)),
                new DataPlaneSettings.ClientTls(new TlsPolicy(
                        TlsParameters.protocols("ssl-protocols", sslProtocols(), leftOut),
                        TlsParameters.cipherSuites("ssl-ciphers", sslCiphers().orElse(""), leftOut)),
                        sslRejectHandshake(), sessionResumption(), sslPreferServerCiphers(),
                        TlsParameters.curves("ssl-ecdh-curve", sslEcdhCurve(), leftOut), ocspStapling(leftOut)),
                tracing(),
                loggedFields());
        return useForwardedHeaders() || enableRealIp() ? settings.toBuilder()
                .trustedProxies(AnnotationValues.ranges(proxyRealIpCidr()), forwardedForHeader().strip(),
                        computeFullForwardedFor(), useForwardedHeaders()).build()
                : settings;
    }

    /** The fields {@code log-format-upstream} names beyond Referer and User-Agent. */
    private LoggedFields loggedFields() {
        return accessLogFormat().map(AccessLogFormat::loggedFields).orElse(LoggedFields.NONE);
    }

    /** How the values of the access log's lines are escaped ({@code log-format-escape-json}, {@code -none}). */
    private LogEscape logEscape() {
        return LogEscape.of(logFormatEscapeJson(), logFormatEscapeNone());
    }

    /** The access log's line ({@code log-format-upstream}); empty: reseau's JSON line. */
    default Optional<AccessLogFormat> accessLogFormat() {
        return logFormatUpstream().filter(template -> !template.isBlank())
                .map(template -> AccessLogFormat.of(template, logEscape()));
    }

    /** The relayed connections' log line ({@code log-format-stream}); empty: reseau's JSON line. */
    default Optional<StreamLogFormat> streamLogFormat() {
        return logFormatStream().filter(template -> !template.isBlank())
                .map(template -> StreamLogFormat.of(template, logEscape()));
    }

    /** How clients resume their TLS sessions, from the {@code ssl-session-*} keys. */
    private SessionResumption sessionResumption() {
        return new SessionResumption(sslSessionTimeout(), sslSessionTickets(),
                sslSessionTicketKey().filter(key -> !key.isBlank())
                        .map(key -> read("ssl-session-ticket-key", key, SessionResumption::ticketKey)),
                sslSessionCache() ? read("ssl-session-cache-size", sslSessionCacheSize().strip(),
                        size -> SessionResumption.cachedSessions(AnnotationValues.size(size))) : 0);
    }

    /** The proxy-redirect-* and proxy-cookie-* keys set, by their names. */
    private Map<String, String> responseRewriteKeys() {
        return given(Map.of("proxy-redirect-from", proxyRedirectFrom(), "proxy-redirect-to", proxyRedirectTo(),
                "proxy-cookie-domain", proxyCookieDomain(), "proxy-cookie-path", proxyCookiePath()));
    }

    /** The global-auth-* keys set, by their names. */
    private Map<String, String> globalAuthKeys() {
        return given(Map.of("global-auth-url", globalAuthUrl(), "global-auth-method", globalAuthMethod(),
                "global-auth-signin", globalAuthSignin(),
                "global-auth-signin-redirect-param", globalAuthSigninRedirectParam(),
                "global-auth-response-headers", globalAuthResponseHeaders(),
                "global-auth-request-redirect", globalAuthRequestRedirect(),
                "global-auth-cache-key", globalAuthCacheKey(), "global-auth-cache-duration", globalAuthCacheDuration(),
                "global-auth-always-set-cookie", globalAuthAlwaysSetCookie()));
    }

    /** Of these settings by their names, those set, as the keys of ingress-nginx's ConfigMap would be. */
    private static Map<String, String> given(Map<String, Optional<String>> settings) {
        Map<String, String> set = new HashMap<>();
        settings.forEach((name, value) -> value.ifPresent(text -> set.put(name, text)));
        return set;
    }

    /** The names of a comma-separated setting, stripped, blank entries left out. */
    private static List<String> names(Optional<List<String>> setting) {
        return setting.orElse(List.of()).stream().map(String::strip).filter(name -> !name.isEmpty()).toList();
    }

    /** The address ranges of a setting, none when it is not set; a malformed one stops the start with its name. */
    private static List<SourceRange> ranges(String setting, Optional<String> value) {
        return value.filter(text -> !text.isBlank()).map(text -> read(setting, text, AnnotationValues::ranges))
                .orElse(List.of());
    }

    private static List<ValuePattern> patterns(String setting, Optional<String> value) {
        return value.filter(text -> !text.isBlank()).map(text -> read(setting, text, ValuePattern::list))
                .orElse(List.of());
    }

    /** A setting's value, read by {@code parser}: a malformed one stops the start with the setting's name. */
    private static <V, T> T read(String setting, V value, Function<V, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
        }
    }

    /** The Strict-Transport-Security value these settings make. */
    default String hstsField() {
        return "max-age=" + hstsMaxAge() + (hstsIncludeSubdomains() ? "; includeSubDomains" : "")
                + (hstsPreload() ? "; preload" : "");
    }
}
