package io.reseau.ingress.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.opentelemetry.api.trace.Span;
import io.reseau.ingress.model.Backend;
import io.reseau.ingress.model.BackendProtocol;
import io.reseau.ingress.model.LoadBalance;
import io.reseau.ingress.model.Mirror;
import io.reseau.ingress.model.NextUpstream;
import io.reseau.ingress.model.NginxVariables;
import io.reseau.ingress.model.ResponseRate;
import io.reseau.ingress.model.Route;
import io.reseau.ingress.model.RoutePolicy;
import io.reseau.ingress.model.Tracing;
import io.reseau.ingress.model.VirtualHost;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One request and its response, whichever front end received it ({@link ClientStream}): check the head, route it
 * on the snapshot of that moment, answer locally, or pass it through its access steps ({@link RouteAccess}) and
 * forward it to an endpoint (retrying another when that is safe), then relay the response back (or the
 * {@code custom-http-errors} backend's instead). The backend connection stops reading while the client cannot
 * take more.
 */
final class Exchange implements UpstreamListener, UpstreamDeadlines.Watched, RouteAccess.Next {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.TRACE);

    private static final AsciiString X_FORWARDED_PREFIX = AsciiString.cached("X-Forwarded-Prefix");
    private static final AsciiString STRICT_TRANSPORT_SECURITY = AsciiString.cached("strict-transport-security");
    /** The most of a buffered body held for a route without a body limit; the rest streams. */
    private static final long UNLIMITED_BODY_BUFFER = 1 << 20;
    private static final Logger LOG = Logger.getLogger(Exchange.class);

    private final DataPlane plane;
    private final ClientStream client;
    private final UpstreamPool pool;
    private final UpstreamDeadlines deadlines;
    private final UpstreamDeadlines.Entry deadline = new UpstreamDeadlines.Entry(this);
    private RequestHead request;
    /** The client as forwarded fields name it, or null to use the connection's ({@link #origin()}). */
    private ClientInfo origin;
    private long started;
    private String host = "";
    private String path = "";
    /** The request target's query with its {@code ?}, or empty. */
    private String query = "";
    /** The request's OpenTelemetry span, on a traced route once it is forwarded or answered here; else null. */
    private Span span;
    private boolean requestComplete;
    private boolean ended;
    private long bodyBytes;
    /** The route of the Ingress rule the request matched (null: none), and the one serving it (its canary's, say). */
    private Route matched;
    private Route route;
    /** Routed, and no Ingress rule took the request. */
    private boolean unmatched;
    /**
     * What the backend connection's codec writes: an {@link UpstreamHttp1Request} for an HTTP/1.1 backend, an
     * {@code HttpRequest} for an HTTP/2 one, a {@link FastCgiRequest} for a FastCGI one.
     */
    private Object upstreamRequest;
    /** Whether a body or an upgrade follows the request head. */
    private boolean bodyExpected;
    /** The request went on to the {@code custom-http-errors} backend: the client's body is dropped. */
    private boolean errorPage;
    /** {@code proxy-request-buffering}: the body is being received whole before the backend is asked. */
    private boolean buffering;
    /** reseau answered the client's {@code Expect: 100-continue} itself: the backend's 100 is not passed on. */
    private boolean continued;
    private ArrayDeque<HttpContent> pending;
    /**
     * Of a body received whole, what came after its first {@code client-body-buffer-size} bytes (null: nothing, or
     * all of it sent since); until it is all sent, later parts are appended to it too, to keep their order.
     */
    private SpilledBody spilled;
    /**
     * {@code proxy-buffering}: what of the response the client has not taken yet beyond what its connection holds
     * (null: nothing, or all of it written since); until it is all written, later parts are appended to it too.
     */
    private SpilledResponse spilledResponse;
    /**
     * When the client last took any of its response while the exchange waited for it (the backend paused for it, or
     * the response spilled); it is cut off after proxy-read-timeout without.
     */
    private long clientTookAt;
    /** The spilled response is being written to the client: a writability event meanwhile is that loop's to see. */
    private boolean writingSpilled;
    private final UpstreamAttempts attempts = new UpstreamAttempts();
    /** The backend connections the last endpoint's are taken from and given back to. */
    private UpstreamPool.Key poolKey;
    private Channel upstream;
    private boolean bodySent;
    private boolean upstreamKeepAlive;
    private boolean responseStarted;
    private boolean interimResponse;
    private int status;
    private long responseBytes;
    /** The response head's bytes as written to the client (0 before it is). */
    private int responseHeadBytes;
    /** The values of the response fields the access log names ({@link LoggedFields}), by variable. */
    private Map<String, String> responseFields = Map.of();
    private long lastUpstreamActivity;
    private String affinityCookie;
    /** The key of {@code upstream-hash-by}, or null when the route balances otherwise. */
    private String hashKey;
    /** When the endpoint of a {@code load-balance: ewma} route was asked (0 otherwise, or once it answered). */
    private long askedAt;
    /** The access steps of this request, once routed to be forwarded: they hold its rate limiter admission. */
    private RouteAccess access;
    /** The {@code mirror-target} copy of this request while its body is still coming, else null. */
    private MirrorClient.Copy mirrorCopy;
    /** The request's X-Request-ID (empty without one), and whether reseau made it (the backend is told). */
    private String requestId = "";
    private boolean requestIdMade;
    /** The authentication service's cookies for the response ({@code auth-url}), or null. */
    private AuthCookies authCookies;
    /** The response body's compressor ({@code use-gzip}, {@code enable-brotli}) while it is relayed compressed. */
    private BodyEncoder encoder;
    /** When the response started, for its {@code limit-rate}. */
    private long responseStartedAt;
    /** The backend is not read until then, to keep the response to its {@code limit-rate}; else null. */
    private ScheduledFuture<?> throttled;

    Exchange(DataPlane plane, ClientStream client) {
        this.plane = plane;
        this.client = client;
        this.pool = client.loop().pool();
        this.deadlines = client.loop().deadlines();
    }

    /**
     * Who sent the request: the connection's client, or the one trusted proxies' forwarded fields name
     * ({@code use-forwarded-headers}), known once the head is read.
     */
    private ClientInfo origin() {
        return origin != null ? origin : client.client();
    }

    /** The client's X-Request-ID, or one made for the request when it has none ({@code generate-request-id}). */
    private void identify(RequestHead head) {
        String sent = head.value(RequestId.LOWERCASE);
        if (sent != null && !sent.isEmpty()) {
            requestId = sent;
        } else if (plane.settings().generateRequestId()) {
            requestId = RequestId.fresh();
            requestIdMade = true;
        }
    }

    /**
     * A request ID reseau made joins the request's own fields, which the access steps' subrequests ({@code auth-url})
     * and {@code mirror-target} copies take as the backend does; only routes with those pay for the fields' decoding.
     */
    private void shareRequestId() {
        if (requestIdMade) {
            request.headers().set(RequestId.FIELD, requestId);
            requestIdMade = false;
        }
    }

    /** The request's values of nginx variables, for the fields its route sets. */
    private RequestVariables variables() {
        return new RequestVariables(request, path, host, origin(), requestId);
    }

    /**
     * {@code opentelemetry-operation-name} filled in: the request's variables, and those of the Ingress rule matched
     * (also when its canary serves the request, as the access log's), or of the default backend's route.
     */
    private String operationName(String template) {
        RequestVariables variables = variables();
        Route rule = matched != null ? matched : route;
        Backend backend = rule.backend();
        return NginxVariables.expand(template, name -> switch (name) {
            case "$namespace" -> backend.namespace();
            case "$ingress_name" -> rule.ingressName();
            case "$service_name" -> backend.service();
            case "$service_port" -> backend.port();
            default -> variables.value(name);
        });
    }

    /** Whether the response is complete (or abandoned): parts of the request arriving now are dropped. */
    boolean ended() {
        return ended;
    }

    // ---- the request ------------------------------------------------------------------------------------------

    /**
     * The request head: checked, routed, then answered here or forwarded. Body parts follow by {@link #body}, unless
     * {@code complete} says the request ends with its head (HTTP/2 HEADERS ending the stream).
     */
    void start(RequestHead head, boolean complete) {
        request = head;
        if (plane.settings().trustedProxies().isPresent()) {
            origin = plane.settings().trustedProxies().get().client(client.client(), head);
        }
        started = System.nanoTime();
        requestComplete = complete;
        identify(head);
        Optional<RequestChecks.Refusal> refusal = RequestChecks.check(head);
        if (refusal.isPresent()) {
            client.closeAfterResponse();
            answer(LocalResponses.error(client.alloc(), refusal.get().status(), refusal.get().reason()));
            return;
        }
        String hostHeader = head.host();
        host = hostHeader == null ? "" : hostHeader;
        Optional<String> blocked = plane.settings().blocked().refusal(origin().address(), head);
        if (blocked.isPresent()) {
            // block-cidrs, block-user-agents, block-referers: refused whatever it asks, as in nginx's http block.
            answer(LocalResponses.error(client.alloc(), HttpResponseStatus.FORBIDDEN, blocked.get()));
            return;
        }
        String uri = head.target();
        int question = uri.indexOf('?');
        query = question < 0 ? "" : uri.substring(question);
        Optional<String> normalized = PathNormalizer.normalize(question < 0 ? uri : uri.substring(0, question));
        if (normalized.isEmpty()) {
            path = uri;
            client.closeAfterResponse();
            answer(LocalResponses.error(client.alloc(), HttpResponseStatus.BAD_REQUEST,
                    "the path is malformed or leaves the root"));
            return;
        }
        path = normalized.get();
        Optional<VirtualHost> virtualHost = plane.snapshot().table().virtualHost(host);
        if (virtualHost.isPresent() && virtualHost.get().redirectTo().isPresent()) {
            // from-to-www-redirect, as ingress-nginx's return <http-redirect-code> $scheme://host$request_uri.
            answer(LocalResponses.redirect(client.alloc(), plane.settings().redirects().status(),
                    origin().scheme() + "://" + virtualHost.get().redirectTo().get() + uri));
            return;
        }
        // Not flatMap: its function, capturing this exchange, would be a new object for every request.
        Optional<Route> matched = virtualHost.isPresent() ? virtualHost.get().route(path) : Optional.empty();
        if (matched.isEmpty()) {
            unmatched = true;
            Optional<Route> defaultBackend = plane.snapshot().table().defaultBackend();
            if (defaultBackend.isPresent()) {
                // The controller's default-backend-service answers what no rule matches, as it was asked.
                route = defaultBackend.get();
                forward(uri);
                return;
            }
            answer(LocalResponses.error(client.alloc(), HttpResponseStatus.NOT_FOUND, "no Ingress rule matches"));
            return;
        }
        this.matched = matched.get();
        route = CanaryChoice.route(this.matched, head, CanaryChoice.RANDOM);
        RoutePolicy policy = route.policy();
        if (policy.maxBodyBytes() > 0 && head.contentLength() > policy.maxBodyBytes()) {
            client.closeAfterResponse();
            answer(LocalResponses.error(client.alloc(), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "the body is larger than " + policy.maxBodyBytes() + " bytes"));
            return;
        }
        if (policy.hashBy().isPresent()) {
            hashKey = variables().expand(policy.hashBy().get().key());
        }
        RouteDecision.Outcome outcome = RouteDecision.decide(virtualHost.get(), route, head, host, path, query,
                origin().address(), origin().secure(), plane.settings().redirects());
        switch (outcome) {
            case RouteDecision.Outcome.Forbidden f -> answer(LocalResponses.error(client.alloc(),
                    HttpResponseStatus.FORBIDDEN, "the client address is not allowed"));
            case RouteDecision.Outcome.Redirect r -> answer(LocalResponses.redirect(client.alloc(), r.status(),
                    r.location()));
            case RouteDecision.Outcome.Preflight p -> {
                FullHttpResponse preflight = LocalResponses.empty(client.alloc(), HttpResponseStatus.NO_CONTENT);
                Cors.preflight(p.cors(), head.value(HttpHeaderNames.ORIGIN), preflight.headers());
                answer(preflight);
            }
            case RouteDecision.Outcome.Forward forward -> {
                if (policy.rewriteLog() && policy.rewriteTarget().isPresent()) {
                    RewriteLog.rewritten(route, host, path + query, forward.pathAndQuery(), origin());
                }
                if (!RouteAccess.needed(virtualHost.get(), policy)) {
                    // Most routes: nothing to check, and nothing made for it.
                    forward(forward.pathAndQuery());
                    return;
                }
                shareRequestId();
                access = new RouteAccess(plane, client, new RouteAccess.Request(head, route, virtualHost.get(), host,
                        path, origin(), matched.get().ingress(), started), this);
                access.check(forward.pathAndQuery());
            }
        }
    }

    @Override
    public void setOnResponse(AuthCookies cookies) {
        authCookies = cookies;
    }

    @Override
    public void forward(String pathAndQuery) {
        if (route.backend().endpoints().isEmpty()) {
            if (askedErrorPage(HttpResponseStatus.SERVICE_UNAVAILABLE.code())) {
                return;
            }
            answer(LocalResponses.error(client.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "service " + route.backend().describe() + " has no ready endpoint"));
            return;
        }
        boolean upgrade = request.upgrade();
        boolean chunkedBody = request.chunked();
        bodyExpected = chunkedBody || request.contentLength() > 0 || upgrade;
        RoutePolicy policy = route.policy();
        if (policy.upstreamHost().isPresent() || policy.forwardedPrefix().isPresent()
                || policy.headers().isPresent()) {
            // Rare: only then are the request's fields decoded to be edited.
            HttpHeaders fields = request.headers();
            policy.upstreamHost().ifPresent(vhost -> fields.set(HttpHeaderNames.HOST, vhost));
            policy.forwardedPrefix().ifPresent(prefix -> fields.set(X_FORWARDED_PREFIX, prefix));
            policy.headers().ifPresent(edits -> RequestVariables.set(edits.request(), fields, this::variables));
        }
        trace();
        if (policy.mirror().isPresent() && !upgrade) {
            mirror(policy.mirror().get());
        }
        upstreamRequest = upstreamRequest(request.method(), pathAndQuery, chunkedBody, upgrade);
        if (route.policy().affinity().isPresent()) {
            affinityCookie = request.cookie(route.policy().affinity().get().cookieName());
        }
        if ((policy.requestBuffering() || bodyNeedsLength()) && bodyExpected && !upgrade && !requestComplete) {
            bufferBody();
            return;
        }
        if (bodyNeedsLength()) {
            upstreamRequest = ((UpstreamRequestHead) upstreamRequest).withBufferedBody(bodyBytes);
        }
        connect();
    }

    /**
     * Whether the request's chunked body must reach the backend with its length (over HTTP/1.0, or FastCGI), so whole
     * first.
     */
    private boolean bodyNeedsLength() {
        return upstreamRequest instanceof UpstreamRequestHead head && head.needsLength();
    }

    /**
     * {@code proxy-request-buffering} (or a body that must go with its length): the body is read whole, as fast as
     * the client sends it, before the backend is asked, so that a slow client does not hold a backend connection; a
     * client waiting for {@code 100 Continue} gets it from here. The parts wait in {@link #pending}, bounded by the
     * route's {@code proxy-body-size}.
     */
    private void bufferBody() {
        buffering = true;
        String expect = request.value(HttpHeaderNames.EXPECT);
        if (expect != null && HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
            continued = true;
            client.writeInterim(NettyResponseHead.local(new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.CONTINUE)));
        }
        client.pullBody();
    }

    /**
     * A part of a buffered body has arrived: the backend is asked once the body is whole (a chunked one with its
     * length), or once {@link #UNLIMITED_BODY_BUFFER} bytes are held for a route without a body limit, the rest
     * streaming then (unless the body must go with its length); until then the client is read on.
     */
    private void keepBuffering(boolean last) {
        if (!last && (route.policy().maxBodyBytes() > 0 || bodyBytes < UNLIMITED_BODY_BUFFER || bodyNeedsLength())) {
            client.pullBody();
            return;
        }
        buffering = false;
        if (last && upstreamRequest instanceof UpstreamRequestHead head && head.chunked()) {
            upstreamRequest = head.withBufferedBody(bodyBytes);
        }
        connect();
    }

    /**
     * {@code mirror-target}: a copy of the request as the client sent it, going now (without a body to copy, or once
     * the whole body has arrived) or once the body parts still to come are copied too.
     */
    private void mirror(Mirror mirror) {
        shareRequestId();
        Optional<MirrorClient.Copy> copy = plane.mirrors().copy(mirror, request,
                new RequestUrl(origin().scheme(), host, request.target()), origin(), route.policy().readTimeout());
        if (copy.isEmpty()) {
            return;
        }
        if (mirror.body() && pending != null) {
            for (HttpContent part : pending) {
                if (!copy.get().add(part.content())) {
                    return;
                }
            }
        }
        if (!mirror.body() || requestComplete) {
            copy.get().send();
        } else {
            mirrorCopy = copy.get();
        }
    }

    /** What is sent to the route's backend: the request's method, fields and framing, and the path given. */
    private Object upstreamRequest(HttpMethod method, String pathAndQuery, boolean chunkedBody, boolean upgrade) {
        BackendProtocol protocol = route.backend().protocol();
        if (protocol.http2()) {
            return new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, pathAndQuery, forwardedFields(upgrade));
        }
        if (protocol == BackendProtocol.FCGI) {
            return new FastCgiRequest(method, FastCgiParams.of(request, forwardedFields(false), pathAndQuery,
                    origin(), host, route.policy().fastCgi(), this::variables), chunkedBody,
                    route.policy().maxResponseHead());
        }
        return new UpstreamHttp1Request(method, pathAndQuery, request, chunkedBody, upgrade, origin(), host,
                requestIdMade ? requestId : null, route.policy().maxResponseHead(), -1, route.policy().upstreamHttp());
    }

    /**
     * The request's end-to-end fields with reseau's forwarded ones and X-Request-ID, for a backend whose codec takes
     * them decoded (HTTP/2, FastCGI). The request's own headers become these, without a copy: what is read from them
     * later (Origin, Cookie) is end-to-end and stays.
     */
    private HttpHeaders forwardedFields(boolean upgrade) {
        HttpHeaders headers = request.headers();
        HopByHop.strip(headers, upgrade, true);
        HopByHop.stripConversionHeaders(headers);
        ForwardedHeaders.set(headers, origin(), host);
        if (requestIdMade) {
            headers.set(RequestId.FIELD, requestId);
        }
        return headers;
    }

    private void connect() {
        Optional<InetSocketAddress> chosen = Affinity.endpoint(affinityCookie, route.backend().endpoints(),
                attempts.tried(), plane.picker()).or(this::pick);
        if (chosen.isEmpty()) {
            upstreamFailure(HttpResponseStatus.BAD_GATEWAY, "no endpoint of " + route.backend().describe()
                    + " could be reached");
            return;
        }
        long now = System.nanoTime();
        attempts.asking(chosen.get(), now, errorPage);
        if (route.policy().loadBalance() == LoadBalance.EWMA) {
            askedAt = now;
        }
        poolKey = UpstreamPool.Key.of(chosen.get(), route, client.client().secure());
        Channel kept = pool.keptAlive(poolKey);
        if (kept != null) {
            connected(kept);
            return;
        }
        Future<Channel> opened = pool.open(poolKey, route.policy().connectTimeout());
        if (opened.isDone()) {
            opened(opened);
        } else {
            opened.addListener(f -> opened(opened));
        }
    }

    /** The route's choice of endpoint: by {@code upstream-hash-by}'s key, else as {@code load-balance} says. */
    private Optional<InetSocketAddress> pick() {
        EndpointPicker picker = plane.picker();
        if (hashKey != null) {
            return picker.pickByHash(route.backend(), hashKey, route.policy().hashBy().get().subsetSize(),
                    attempts.tried());
        }
        return route.policy().loadBalance() == LoadBalance.EWMA
                ? picker.pickByLatency(route.backend(), attempts.tried())
                : picker.pick(route.backend(), attempts.tried());
    }

    /** A new connection or stream to the endpoint is open, or could not be opened. */
    private void opened(Future<Channel> opened) {
        if (opened.isSuccess()) {
            connected(opened.getNow());
        } else if (client.open() && !ended) {
            plane.picker().failed(attempts.endpoint());
            boolean timedOut = opened.cause() instanceof ConnectTimeoutException;
            HttpResponseStatus failure = timedOut ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY;
            attempts.failed(failure.code());
            retryOr(route.policy().nextUpstream().afterConnectFailure(timedOut), failure,
                    "cannot connect to " + attempts.endpoint() + (timedOut ? " in time" : ""));
        }
    }

    private void connected(Channel channel) {
        if (!client.open() || ended) {
            // The client left, or the exchange was answered meanwhile (a body over its limit): nothing to send.
            pool.release(channel, poolKey, false);
            return;
        }
        upstream = channel;
        upstream.attr(UpstreamHandler.LISTENER).set(this);
        upstream.config().setAutoRead(true);
        lastUpstreamActivity = System.nanoTime();
        attempts.connected(lastUpstreamActivity);
        deadlines.watch(deadline);
        // Writes whose outcome nobody waits for take the void promise: a failure reaches UpstreamHandler as an
        // exception, which fails the exchange just the same, and no promise is made per write.
        upstream.write(upstreamRequest, upstream.voidPromise());
        if (errorPage) {
            // The error backend's request has no body.
            upstream.write(LastHttpContent.EMPTY_LAST_CONTENT, upstream.voidPromise());
            upstream.flush();
            return;
        }
        if (bodyExpected) {
            // The client may wait for the head to be answered (Expect: 100-continue) before it sends the body.
            upstream.flush();
        }
        // Parts received while connecting (an HTTP/2 request's body in its first frame) go now; they stay queued
        // until here so that a failed connection can be retried with them.
        boolean sentLast = false;
        while (pending != null && !pending.isEmpty()) {
            HttpContent part = pending.poll();
            sentLast |= part instanceof LastHttpContent;
            sendToUpstream(part);
        }
        if (spilled != null) {
            sendSpilled();
            return;
        }
        if (requestComplete && !sentLast) {
            // A request whose end arrived before the connection did, or a retry of one whose (empty) end was
            // already sent on the failed connection.
            sendToUpstream(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        upstream.flush();
        if (!requestComplete) {
            client.pullBody();
        }
    }

    /** A part of the request body; a {@code LastHttpContent} ends the request. */
    void body(HttpContent content) {
        if (ended || errorPage) {
            content.release();
            return;
        }
        bodyBytes += content.content().readableBytes();
        boolean last = content instanceof LastHttpContent;
        long max = route == null ? 0 : route.policy().maxBodyBytes();
        if (max > 0 && bodyBytes > max) {
            content.release();
            fail(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the body is larger than " + max + " bytes");
            return;
        }
        if (last) {
            requestComplete = true;
        }
        if (mirrorCopy != null) {
            if (!mirrorCopy.add(content.content())) {
                mirrorCopy = null;
            } else if (last) {
                mirrorCopy.send();
                mirrorCopy = null;
            }
        }
        if (spilled != null || (buffering && bodyBytes > route.policy().bodyMemoryBytes())) {
            if (spill(content) && upstream == null && buffering) {
                keepBuffering(last);
            }
            return;
        }
        if (upstream == null) {
            if (pending == null) {
                pending = new ArrayDeque<>(2);
            }
            pending.add(content);
            if (buffering) {
                keepBuffering(last);
            }
            return;
        }
        lastUpstreamActivity = System.nanoTime();
        sendToUpstream(content);
        upstream.flush();
    }

    /**
     * Ends the exchange on a failure: answered with {@code status} when no response has started, else cut short;
     * the client connection closes after it, and the backend's is not kept (its exchange is unfinished).
     */
    private void fail(HttpResponseStatus status, String reason) {
        if (!responseStarted) {
            client.closeAfterResponse();
            closeUpstream();
            answer(LocalResponses.error(client.alloc(), status, reason));
        } else {
            cutShort();
        }
    }

    /** The response cannot be completed: the client sees it cut short, and neither connection is kept. */
    private void cutShort() {
        client.closeAfterResponse();
        upstreamKeepAlive = false;
        client.abort();
        finish(false);
    }

    /**
     * Appends a part of a body received whole to its temporary file (its end, if last, is sent once the file is);
     * false when the file cannot be written, the client then answered {@code 500}, as nginx answers it.
     */
    private boolean spill(HttpContent content) {
        try {
            if (spilled == null) {
                spilled = SpilledBody.create(temporaryFiles());
            }
            spilled.append(content.content());
            return true;
        } catch (IOException e) {
            fail(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "the request body could not be written to a temporary file: " + e.getMessage());
            return false;
        } finally {
            content.release();
        }
    }

    /**
     * Sends the temporary file's bytes to the backend a chunk at a time, the next once the last is written while
     * the connection cannot take more; then the request's end, or the client is read on.
     */
    private void sendSpilled() {
        try {
            while (spilled.hasMore()) {
                bodySent = true;
                ChannelFuture written = upstream.writeAndFlush(new DefaultHttpContent(spilled.next(upstream.alloc())));
                if (!upstream.isWritable()) {
                    written.addListener((ChannelFutureListener) done -> {
                        if (done.isSuccess() && !ended && upstream != null) {
                            lastUpstreamActivity = System.nanoTime();
                            sendSpilled();
                        }
                    });
                    return;
                }
            }
        } catch (IOException e) {
            fail(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "the request body could not be read back from its temporary file: " + e.getMessage());
            return;
        }
        closeSpilled();
        if (requestComplete) {
            sendToUpstream(LastHttpContent.EMPTY_LAST_CONTENT);
            upstream.flush();
        } else {
            client.pullBody();
        }
    }

    /** Writes a part of the request body; whoever calls notes the activity (connecting did, just before). */
    private void sendToUpstream(HttpContent part) {
        boolean last = part instanceof LastHttpContent;
        bodySent |= part.content().isReadable();
        if (last) {
            upstream.write(part, upstream.voidPromise());
            return;
        }
        upstream.write(part).addListener((ChannelFutureListener) written -> {
            if (written.isSuccess() && !ended) {
                lastUpstreamActivity = System.nanoTime();
                client.pullBody();
            }
        });
    }

    /**
     * A message that carries head and body in one object (an HTTP/2 backend's {@code FullHttpResponse}) as its body
     * alone, so the head, already handled, is not written twice; any other part as it is.
     */
    private static HttpContent bodyPart(HttpContent content) {
        if (!(content instanceof HttpMessage)) {
            return content;
        }
        return content instanceof LastHttpContent last
                ? new DefaultLastHttpContent(content.content(), last.trailingHeaders())
                : new DefaultHttpContent(content.content());
    }

    // ---- the response -----------------------------------------------------------------------------------------

    @Override
    public void upstreamRead(Object message) {
        ResponseHead head = switch (message) {
            case ResponseHead scanned -> scanned;
            case HttpResponse response -> NettyResponseHead.fromBackend(response, route.backend().protocol().http2(),
                    plane.hiddenFields());
            default -> null;
        };
        if (head != null) {
            Channel from = upstream;
            onResponse(head);
            if (ended || upstream != from) {
                // Answered already, or handed to the error backend: nothing more of this response is relayed.
                ReferenceCountUtil.release(message);
                return;
            }
        }
        if (message instanceof HttpContent content) {
            if (interimResponse) {
                content.release();
                if (content instanceof LastHttpContent) {
                    interimResponse = false;
                }
                return;
            }
            boolean last = content instanceof LastHttpContent;
            attempts.bodyRead(content.content().readableBytes());
            HttpContent part = bodyPart(content);
            if (encoder != null) {
                part = encoder.encode(part, client.alloc());
            }
            responseBytes += part.content().readableBytes();
            if (!relay(part)) {
                return;
            }
            if (last) {
                if (!requestComplete) {
                    // The response ended before the request: the rest of it cannot be told from the next request.
                    client.closeAfterResponse();
                }
                if (spilledResponse == null) {
                    finish(false);
                } else {
                    attempts.released(System.nanoTime());
                    releaseBackend(false);
                    // The backend's read-complete, which flushes what went to the client before the file, is no
                    // longer this exchange's.
                    client.flush();
                }
            } else {
                if (spilledResponse != null ? spilledResponse.full() : !client.writable() && !spillsResponse()) {
                    upstream.config().setAutoRead(false);
                    waitForClient();
                }
                keepToRate();
            }
        } else if (head == null) {
            ReferenceCountUtil.release(message);
        }
    }

    /** Whether the route reads a response on into a temporary file while the client is behind. */
    private boolean spillsResponse() {
        return route.policy().responseBuffering().fileBytes() > 0;
    }

    /**
     * Sends a part of the response body to the client, or to the temporary file while the client is behind on a
     * {@code proxy-buffering} route (and until what waits there is written); false when the file failed, the
     * response then cut short.
     */
    private boolean relay(HttpContent part) {
        if (spilledResponse == null) {
            long fileBytes = route.policy().responseBuffering().fileBytes();
            if (client.writable() || fileBytes == 0) {
                client.writeBody(part);
                return true;
            }
            try {
                spilledResponse = SpilledResponse.create(temporaryFiles(), fileBytes);
            } catch (IOException e) {
                part.release();
                return spillFailed(e);
            }
            waitForClient();
        }
        try {
            spilledResponse.add(part);
            return true;
        } catch (IOException e) {
            return spillFailed(e);
        }
    }

    /** The client takes more: what waits for it in the temporary file is written, as much as it takes. */
    private void writeSpilled() {
        if (writingSpilled) {
            return;
        }
        writingSpilled = true;
        clientTookAt = System.nanoTime();
        try {
            boolean all;
            do {
                all = spilledResponse.writeTo(client);
                client.flush();
                // The flush may have found the client gone.
            } while (!all && !ended && client.writable());
            if (all && !ended) {
                boolean complete = spilledResponse.complete();
                closeSpilledResponse();
                if (complete) {
                    finish(false);
                }
            }
        } catch (IOException e) {
            spillFailed(e);
        } finally {
            writingSpilled = false;
        }
    }

    /** The temporary file of the response could not be written or read: the response is cut short. */
    private boolean spillFailed(IOException e) {
        LOG.errorf("the response to %s %s%s could not go through a temporary file (proxy-buffering): %s",
                request.method(), host, path, e.getMessage());
        cutShort();
        return false;
    }

    private static Path temporaryFiles() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private void onResponse(ResponseHead response) {
        long now = System.nanoTime();
        if (askedAt != 0) {
            plane.picker().answered(attempts.endpoint(), now - askedAt);
            askedAt = 0;
        }
        int code = response.status();
        if (code == 101) {
            upgrade(response);
            return;
        }
        attempts.answered(code, now);
        if (code >= 100 && code < 200) {
            interimResponse = true;
            if (!(continued && code == 100)) {
                client.writeInterim(response);
            }
            return;
        }
        if (route.policy().nextUpstream().afterStatus(code) && mayTryAnother(true)) {
            tryAnotherAfter(code);
            return;
        }
        Optional<RoutePolicy.CustomErrors> errors = errorPages(code).filter(RoutePolicy.CustomErrors::interceptBackend);
        if (errors.isPresent()) {
            askErrorBackend(code, errors.get());
            return;
        }
        responseStarted = true;
        responseStartedAt = now;
        status = code;
        upstreamKeepAlive = response.persistent()
                && !(upstreamRequest instanceof UpstreamHttp1Request http1 && !http1.http().keepsAlive());
        RoutePolicy policy = route.policy();
        if (policy.cors().isPresent()) {
            Cors.simple(policy.cors().get(), request.value(HttpHeaderNames.ORIGIN), response.headers());
        }
        if (policy.affinity().isPresent()) {
            Affinity.remember(policy.affinity().get(), affinityCookie, attempts.endpoint(), response.headers(),
                    origin().secure(), request.value(HttpHeaderNames.USER_AGENT));
        }
        List<Compression> compressions = plane.settings().compressions();
        if (!compressions.isEmpty()) {
            encoder = Compression.encoderFor(compressions, request, response, client.loop().deflaters());
        }
        writeHead(response);
    }

    /**
     * Writes the response head: with the authentication service's cookies, the route's {@code response-headers},
     * and Strict-Transport-Security over TLS when configured and the head has none.
     */
    private void writeHead(ResponseHead head) {
        if (authCookies != null) {
            authCookies.addTo(head);
        }
        if (route != null && route.policy().headers().isPresent()) {
            ResponseFieldEdits.apply(route.policy().headers().get(), head.headers(), this::variables);
        }
        if (origin().secure() && plane.settings().hsts().isPresent()) {
            head.addIfAbsent(STRICT_TRANSPORT_SECURITY, plane.settings().hsts().get());
        }
        responseFields = plane.settings().loggedFields().of(head);
        responseHeadBytes = client.writeHead(head);
    }

    /**
     * {@code custom-http-errors}: the backend answered a status the error backend answers for instead. Its answer is
     * dropped with its connection, and the error backend is asked for {@code /} (GET, HEAD staying HEAD, without a
     * body), with ingress-nginx's fields saying what happened; its answer goes to the client.
     */
    private void askErrorBackend(int code, RoutePolicy.CustomErrors errors) {
        if (upstream != null) {
            pool.release(upstream, poolKey, false);
            upstream = null;
        }
        releaseHeldBodies();
        if (!requestComplete) {
            // The rest of the client's body is read and dropped; the connection is not reused after it.
            client.closeAfterResponse();
        }
        ErrorPageFields.set(request.headers(), code, request.target(), route);
        route = new Route(route.ingress(), route.match(), errors.backend(),
                route.policy().withCustomErrors(Optional.empty()));
        errorPage = true;
        bodyExpected = false;
        attempts.startOver();
        hashKey = null;
        affinityCookie = null;
        upstreamRequest = upstreamRequest(request.method().equals(HttpMethod.HEAD) ? HttpMethod.HEAD : HttpMethod.GET,
                "/", false, false);
        connect();
    }

    /**
     * Whether another endpoint may be tried: the route's {@code proxy-next-upstream} {@code allows} it for what
     * happened, the method is idempotent (or the route or the controller retries any), no byte of the body went out,
     * and an endpoint is left to try within the route's number of attempts and time.
     */
    private boolean mayTryAnother(boolean allowed) {
        NextUpstream next = route.policy().nextUpstream();
        return allowed && (next.nonIdempotent() || plane.settings().retryNonIdempotent()
                || IDEMPOTENT.contains(request.method())) && !bodySent
                && attempts.triedCount() < next.attempts().orElse(plane.settings().attempts())
                && attempts.triedCount() < route.backend().endpoints().size()
                && next.inTime(System.nanoTime() - started);
    }

    /**
     * {@code proxy-next-upstream: http_<status>}: the backend's answer is dropped with its connection and the next
     * endpoint asked; the answer counts against its endpoint unless a 403 or 404, as in nginx.
     */
    private void tryAnotherAfter(int code) {
        pool.release(upstream, poolKey, false);
        upstream = null;
        if (NextUpstream.countsAsFailure(code)) {
            plane.picker().failed(attempts.endpoint());
        }
        connect();
    }

    @Override
    public void upstreamReadComplete() {
        // Once per read from the backend rather than per message: the clock is read often enough for a deadline.
        lastUpstreamActivity = System.nanoTime();
        if (encoder != null) {
            HttpContent held = encoder.flush(client.alloc());
            responseBytes += held.content().readableBytes();
            if (!relay(held)) {
                return;
            }
        }
        client.flush();
    }

    /**
     * The client takes more again: what waits for it in the temporary file is written, and the backend may be read
     * again, unless the response is ahead of its rate or the file holds all it may.
     */
    void clientWritable() {
        if (spilledResponse != null) {
            writeSpilled();
            if (spilledResponse != null && spilledResponse.full()) {
                return;
            }
        }
        if (upstream != null && throttled == null && !upstream.config().isAutoRead()) {
            upstream.config().setAutoRead(true);
            // The wait for the backend starts again.
            lastUpstreamActivity = System.nanoTime();
        }
    }

    /**
     * {@code limit-rate}: once the response is ahead of its rate, the backend is not read until it is not; the
     * pause is reseau's, so it does not count against the backend's read timeout.
     */
    private void keepToRate() {
        Optional<ResponseRate> rate = route.policy().responseRate();
        if (rate.isEmpty()) {
            return;
        }
        long wait = rate.get().waitNanos(responseBytes, System.nanoTime() - responseStartedAt);
        if (wait > 0) {
            upstream.config().setAutoRead(false);
            throttled = client.loop().loop().schedule(this::rateCaughtUp, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void rateCaughtUp() {
        throttled = null;
        lastUpstreamActivity = System.nanoTime();
        if (!ended && client.writable()) {
            clientWritable();
        }
    }

    @Override
    public void upstreamFailed(Throwable cause) {
        Channel failed = upstream;
        upstream = null;
        if (failed != null) {
            pool.release(failed, poolKey, false);
        }
        if (ended) {
            return;
        }
        if (responseStarted) {
            // The response is cut short: the client must see it is incomplete.
            client.abort();
            finish(true);
            return;
        }
        plane.picker().failed(attempts.endpoint());
        attempts.failed(HttpResponseStatus.BAD_GATEWAY.code());
        retryOr(route.policy().nextUpstream().onError(), HttpResponseStatus.BAD_GATEWAY, "the backend "
                + attempts.endpoint()
                + " closed the connection" + (cause == null ? "" : ": " + cause.getMessage()));
    }

    /** Tries the next endpoint when {@link #mayTryAnother} says so; else answers with the status. */
    private void retryOr(boolean allowed, HttpResponseStatus failure, String reason) {
        if (mayTryAnother(allowed)) {
            connect();
            return;
        }
        upstreamFailure(failure, reason);
    }

    private void upstreamFailure(HttpResponseStatus failure, String reason) {
        if (askedErrorPage(failure.code())) {
            return;
        }
        releaseHeldBodies();
        if (!requestComplete) {
            client.closeAfterResponse();
        }
        answer(LocalResponses.error(client.alloc(), failure, reason), true);
    }

    /**
     * {@code custom-http-errors}: the route's error backend, when it makes the page of this status and has an
     * endpoint (and the request is not its own: an error backend that fails is answered as any backend).
     */
    private Optional<RoutePolicy.CustomErrors> errorPages(int status) {
        return route.policy().customErrors().filter(errors -> errors.statuses().contains(status)
                && !errors.backend().endpoints().isEmpty());
    }

    /** Whether the error backend was asked for the page of reseau's own answer with this status. */
    private boolean askedErrorPage(int status) {
        Optional<RoutePolicy.CustomErrors> errors = errorPages(status);
        errors.ifPresent(pages -> askErrorBackend(status, pages));
        return errors.isPresent();
    }

    // ---- deadlines --------------------------------------------------------------------------------------------

    /** proxy-send-timeout while the request goes out, proxy-read-timeout while the response is awaited. */
    private long currentUpstreamTimeout() {
        return (requestComplete ? route.policy().readTimeout() : route.policy().sendTimeout()).toNanos();
    }

    @Override
    public boolean stillWaiting(long now) {
        if (upstream == null || route == null) {
            return spilledResponse != null && clientStillTaking(now);
        }
        if (pausedForClient()) {
            return clientStillTaking(now);
        }
        if (throttled != null || now - lastUpstreamActivity < currentUpstreamTimeout()) {
            return true;
        }
        Channel slow = upstream;
        upstream = null;
        slow.attr(UpstreamHandler.LISTENER).set(null);
        slow.close();
        plane.picker().failed(attempts.endpoint());
        if (!attempts.hasStatus()) {
            attempts.failed(HttpResponseStatus.GATEWAY_TIMEOUT.code());
        }
        if (responseStarted) {
            client.abort();
            finish(true);
            return false;
        }
        if (mayTryAnother(route.policy().nextUpstream().onTimeout())) {
            // Still watched: the next endpoint's connection, once made, is timed by the same entry.
            connect();
            return true;
        }
        upstreamFailure(HttpResponseStatus.GATEWAY_TIMEOUT, "the backend " + attempts.endpoint()
                + " did not answer in time");
        return false;
    }

    /** The backend is not read until the client takes more (not by {@code limit-rate}: that pause is reseau's). */
    private boolean pausedForClient() {
        return throttled == null && !upstream.config().isAutoRead();
    }

    /** The exchange starts waiting for the client to take more of its response. */
    private void waitForClient() {
        clientTookAt = System.nanoTime();
    }

    /**
     * A client that has taken nothing of its response for {@code proxy-read-timeout} while the exchange waited for it
     * is cut off (as nginx's {@code send_timeout} cuts off a client that takes nothing); one that takes any of it,
     * however slowly, is not. The backend is not blamed.
     */
    private boolean clientStillTaking(long now) {
        if (client.tookSince(clientTookAt)) {
            clientTookAt = now;
            return true;
        }
        if (now - clientTookAt < route.policy().readTimeout().toNanos()) {
            return true;
        }
        cutShort();
        return false;
    }

    /** The client did not send its request in time: {@code 408}, or the connection cut if answering started. */
    void requestTimedOut(RequestHead placeholder) {
        client.closeAfterResponse();
        if (responseStarted) {
            client.abort();
            return;
        }
        closeUpstream();
        if (request == null) {
            // The head itself did not arrive in time.
            request = placeholder;
            started = System.nanoTime();
        }
        answer(LocalResponses.error(client.alloc(), HttpResponseStatus.REQUEST_TIMEOUT,
                "the request did not arrive in time"));
    }

    // ---- WebSocket and other upgrades -------------------------------------------------------------------------

    private void upgrade(ResponseHead response) {
        responseStarted = true;
        status = 101;
        ended = true;
        releaseAdmission();
        deadlines.unwatch(deadline);
        Channel tunnelled = upstream;
        upstream = null;
        report(completed(false));
        client.upgrade(response, tunnelled, route.policy().readTimeout().toNanos());
    }

    // ---- endings ----------------------------------------------------------------------------------------------

    @Override
    public void answer(FullHttpResponse response) {
        answer(response, false);
    }

    @Override
    public boolean over() {
        return !client.open() || ended;
    }

    /** Writes a response reseau makes itself; the rest of the request body, if any, is for the front end to drop. */
    private void answer(FullHttpResponse response, boolean upstreamError) {
        status = response.status().code();
        if (route != null) {
            trace();
            route.policy().cors().ifPresent(cors -> Cors.simple(cors, request.value(HttpHeaderNames.ORIGIN),
                    response.headers()));
        } else if (unmatched) {
            traceUnrouted();
        }
        if (request != null && request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        responseBytes = response.content().readableBytes();
        responseStarted = true;
        writeHead(NettyResponseHead.local(response));
        client.writeBody(new DefaultLastHttpContent(response.content()));
        finish(upstreamError);
    }

    /**
     * Starts the request's span if its route is traced and it has none yet: as it goes to the backend (whose
     * {@code traceparent} then names it), or as reseau answers it itself (a redirect, a refusal of its access
     * steps, no ready endpoint).
     */
    private void trace() {
        RoutePolicy policy = route.policy();
        if (span != null || !policy.tracing().enabled() || !plane.tracing().on()) {
            return;
        }
        String name = policy.tracing().operationName().map(this::operationName)
                .orElseGet(() -> request.method().name() + " " + route.match().path());
        startSpan(name, route.match().path(), policy.tracing().trustIncomingSpan());
    }

    /**
     * A request no Ingress rule takes, answered {@code 404} here, is traced when the controller traces every request
     * ({@code enable-opentelemetry}), as ingress-nginx traces its default server's: named by its method alone, as
     * OpenTelemetry names a server span without a route.
     */
    private void traceUnrouted() {
        Tracing tracing = plane.tracing().unrouted();
        if (span == null && tracing.enabled() && plane.tracing().on()) {
            startSpan(request.method().name(), null, tracing.trustIncomingSpan());
        }
    }

    private void startSpan(String name, String routePath, boolean trustIncoming) {
        span = plane.tracing().start(name, request, request.headers(), routePath, host, path,
                query.isEmpty() ? "" : query.substring(1), origin(), started, trustIncoming);
    }

    /** The response is written (or abandoned): report it and hand the client back to its front end. */
    private void finish(boolean upstreamError) {
        if (ended) {
            return;
        }
        ended = true;
        releaseAdmission();
        deadlines.unwatch(deadline);
        releaseBackend(upstreamError);
        releaseHeldBodies();
        closeEncoder();
        stopThrottle();
        report(completed(upstreamError));
        client.ended();
    }

    /** The backend's part is done: its connection goes back to its pool (to be reused if it may), its endpoint told. */
    private void releaseBackend(boolean upstreamError) {
        if (upstream != null) {
            upstream.config().setAutoRead(true);
            pool.release(upstream, poolKey, upstreamKeepAlive && requestComplete && !upstreamError);
            upstream = null;
            if (!upstreamError) {
                plane.picker().succeeded(attempts.endpoint());
            }
        }
    }

    /** Tells the observer (metrics, access log) how the request went, and ends its span. */
    private void report(CompletedRequest done) {
        plane.observer().completed(done);
        endSpan(done);
    }

    private void endSpan(CompletedRequest done) {
        if (span != null) {
            RequestTracing.end(span, done);
            span = null;
        }
    }

    private CompletedRequest completed(boolean upstreamError) {
        long now = System.nanoTime();
        UpstreamOutcome outcome = attempts.outcome(now, upstreamError);
        return new CompletedRequest(origin().ip(), origin().port(), origin().forwardedFor(),
                client.client().connection(), client.requestNumber(), request.version().text(),
                request.method().name(), host, path,
                query.isEmpty() ? "" : query.substring(1), request.length() + bodyBytes, status, responseBytes,
                responseHeadBytes + responseBytes, now - started, matched, route, outcome, requestId,
                orEmpty(request.value(HttpHeaderNames.USER_AGENT)), orEmpty(request.value(HttpHeaderNames.REFERER)),
                unmatched, plane.settings().loggedFields().of(request, responseFields));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** The client went away (connection closed, stream reset): the backend connection is not reused. */
    void clientClosed() {
        if (span != null && !ended) {
            endSpan(completed(true));
        }
        releaseAdmission();
        deadlines.unwatch(deadline);
        closeUpstream();
        releaseHeldBodies();
        closeEncoder();
        stopThrottle();
        ended = true;
    }

    private void releaseAdmission() {
        if (access != null) {
            access.release();
        }
    }

    private void closeUpstream() {
        if (upstream != null) {
            pool.release(upstream, poolKey, false);
            upstream = null;
        }
    }

    private void stopThrottle() {
        if (throttled != null) {
            throttled.cancel(false);
            throttled = null;
        }
    }

    private void closeEncoder() {
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
    }

    /** Lets go of what is held of the request's body and of the response's. */
    private void releaseHeldBodies() {
        if (pending != null) {
            pending.forEach(HttpContent::release);
            pending.clear();
        }
        if (spilled != null) {
            closeSpilled();
        }
        if (spilledResponse != null) {
            closeSpilledResponse();
        }
    }

    /** Closes the temporary file of the body (its space is freed: it was unlinked when opened). */
    private void closeSpilled() {
        spilled.close();
        spilled = null;
    }

    private void closeSpilledResponse() {
        spilledResponse.close();
        spilledResponse = null;
    }
}
