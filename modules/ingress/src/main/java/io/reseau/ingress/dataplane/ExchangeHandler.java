package io.reseau.ingress.dataplane;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.reseau.ingress.model.Route;
import io.reseau.ingress.model.RoutePolicy;
import io.reseau.ingress.model.VirtualHost;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One client connection (HTTP/1.1) or stream (HTTP/2), one request at a time: check the head, route it on the
 * snapshot of that moment, answer locally or forward to an endpoint, then relay the response back. Reads are
 * pulled ({@link #pull()}) only when the exchange can take the next message, which gives back-pressure towards
 * the client; the backend connection stops reading while the client cannot take more.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter
        implements UpstreamListener, ClientTimeouts.Expiry, UpstreamDeadlines.Watched {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.TRACE);

    private final DataPlane plane;
    private final boolean secure;
    private final ClientTimeouts timeouts;
    private ChannelHandlerContext ctx;
    private PullGate gate;

    // The exchange in progress; reset() clears it.
    private HttpRequest request;
    private long started;
    private String host = "";
    private String path = "";
    private boolean keepAlive;
    private boolean requestComplete;
    private boolean discarding;
    private long bodyBytes;
    private Route route;
    private HttpRequest upstreamRequest;
    private final ArrayDeque<HttpContent> pending = new ArrayDeque<>();
    private final List<InetSocketAddress> tried = new ArrayList<>(2);
    private InetSocketAddress endpoint;
    private Channel upstream;
    private boolean bodySent;
    private boolean upstreamKeepAlive;
    private boolean responseStarted;
    private boolean interimResponse;
    private int status;
    private long responseBytes;
    private boolean tunnel;
    private long lastUpstreamActivity;
    private final UpstreamDeadlines.Entry deadline = new UpstreamDeadlines.Entry(this);
    private String affinityCookie;

    ExchangeHandler(DataPlane plane, boolean secure, ClientTimeouts timeouts) {
        this.plane = plane;
        this.secure = secure;
        this.timeouts = timeouts;
        if (timeouts != null) {
            timeouts.expiry(this);
        }
    }

    private boolean http2() {
        return ctx.channel() instanceof Http2StreamChannel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.gate = ctx.pipeline().get(PullGate.class);
        if (ctx.channel().isActive()) {
            pull();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        pull();
        ctx.fireChannelActive();
    }

    /** Ready for the next message: HTTP/1.1 asks its {@link PullGate}, an HTTP/2 stream reads one frame's worth. */
    private void pull() {
        if (gate != null) {
            gate.pull();
        } else {
            ctx.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tunnel) {
            lastUpstreamActivity = System.nanoTime();
            upstream.writeAndFlush(msg);
            return;
        }
        if (msg instanceof HttpRequest head) {
            onRequest(head);
        }
        if (msg instanceof HttpContent content) {
            onContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    // ---- the request ------------------------------------------------------------------------------------------

    private void onRequest(HttpRequest head) {
        reset();
        request = head;
        started = System.nanoTime();
        keepAlive = http2() || HttpUtil.isKeepAlive(head);
        if (timeouts != null) {
            timeouts.headReceived();
        }
        Optional<RequestChecks.Refusal> refusal = RequestChecks.check(head, http2());
        if (refusal.isPresent()) {
            keepAlive = false;
            answer(LocalResponses.error(ctx.alloc(), refusal.get().status(), refusal.get().reason()));
            return;
        }
        host = Optional.ofNullable(head.headers().get(HttpHeaderNames.HOST)).orElse("");
        String uri = head.uri();
        int question = uri.indexOf('?');
        String query = question < 0 ? "" : uri.substring(question);
        Optional<String> normalized = PathNormalizer.normalize(question < 0 ? uri : uri.substring(0, question));
        if (normalized.isEmpty()) {
            path = uri;
            keepAlive = false;
            answer(LocalResponses.error(ctx.alloc(), HttpResponseStatus.BAD_REQUEST,
                    "the path is malformed or leaves the root"));
            return;
        }
        path = normalized.get();
        Snapshot snapshot = plane.snapshot();
        Optional<VirtualHost> virtualHost = snapshot.table().virtualHost(host);
        Optional<Route> matched = virtualHost.flatMap(vh -> vh.route(path));
        if (matched.isEmpty()) {
            answer(LocalResponses.error(ctx.alloc(), HttpResponseStatus.NOT_FOUND, "no Ingress rule matches"));
            return;
        }
        route = matched.get();
        RoutePolicy policy = route.policy();
        if (policy.maxBodyBytes() > 0 && HttpUtil.getContentLength(head, 0L) > policy.maxBodyBytes()) {
            keepAlive = false;
            answer(LocalResponses.error(ctx.alloc(), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "the body is larger than " + policy.maxBodyBytes() + " bytes"));
            return;
        }
        RouteDecision.Outcome outcome = RouteDecision.decide(virtualHost.get(), route, head.method(), host, path,
                query, head.headers(), clientAddress().getAddress(), secure, plane.settings().httpsRedirectPort());
        switch (outcome) {
            case RouteDecision.Outcome.Forbidden f -> answer(LocalResponses.error(ctx.alloc(),
                    HttpResponseStatus.FORBIDDEN, "the client address is not allowed"));
            case RouteDecision.Outcome.Redirect r -> answer(LocalResponses.redirect(ctx.alloc(), r.status(),
                    r.location()));
            case RouteDecision.Outcome.Preflight p -> {
                FullHttpResponse preflight = LocalResponses.empty(ctx.alloc(), HttpResponseStatus.NO_CONTENT);
                Cors.preflight(p.cors(), head.headers(), preflight.headers());
                answer(preflight);
            }
            case RouteDecision.Outcome.Forward forward -> forward(forward.pathAndQuery());
        }
    }

    private void forward(String pathAndQuery) {
        if (route.backend().endpoints().isEmpty()) {
            answer(LocalResponses.error(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "service " + route.backend().describe() + " has no ready endpoint"));
            return;
        }
        // The request's own headers become the upstream request's, without a copy: what is read from them later
        // (Origin, Cookie) is end-to-end and stays.
        HttpHeaders headers = request.headers();
        boolean upgrade = !http2() && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && headers.contains(HttpHeaderNames.UPGRADE);
        boolean chunkedBody = HttpUtil.isTransferEncodingChunked(request)
                || (http2() && !headers.contains(HttpHeaderNames.CONTENT_LENGTH) && !(request instanceof LastHttpContent));
        HopByHop.strip(headers, upgrade, route.backend().protocol().http2());
        if (chunkedBody && !route.backend().protocol().http2()) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (http2() && !headers.contains(HttpHeaderNames.HOST)) {
            headers.set(HttpHeaderNames.HOST, host);
        }
        InetSocketAddress local = (InetSocketAddress) (http2() ? ctx.channel().parent() : ctx.channel()).localAddress();
        ForwardedHeaders.set(headers, clientAddress(), secure ? "https" : "http", host, local.getPort());
        upstreamRequest = new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), pathAndQuery, headers);
        affinityCookie = route.policy().affinity().map(a -> Affinity.requested(a, request.headers())).orElse(null);
        connect();
    }

    private void connect() {
        Optional<InetSocketAddress> chosen = Affinity.endpoint(affinityCookie, route.backend().endpoints(), tried,
                plane.picker()).or(() -> plane.picker().pick(route.backend(), tried));
        if (chosen.isEmpty()) {
            upstreamFailure(HttpResponseStatus.BAD_GATEWAY, "no endpoint of " + route.backend().describe()
                    + " could be reached");
            return;
        }
        endpoint = chosen.get();
        tried.add(endpoint);
        Future<Channel> acquired = plane.pool(ctx.channel().eventLoop()).acquire(endpoint, route.backend().protocol(),
                route.policy().connectTimeout());
        if (acquired.isDone()) {
            connected(acquired);
        } else {
            acquired.addListener(f -> connected(acquired));
        }
    }

    private void connected(Future<Channel> acquired) {
        if (!ctx.channel().isActive() || request == null || responseStarted) {
            // The client left, or the exchange was answered meanwhile (a body over its limit): nothing to send.
            if (acquired.isSuccess()) {
                plane.pool(ctx.channel().eventLoop()).release(acquired.getNow(), endpoint, route.backend().protocol(),
                        false);
            }
            return;
        }
        if (!acquired.isSuccess()) {
            plane.picker().failed(endpoint);
            retryOr(HttpResponseStatus.BAD_GATEWAY, "cannot connect to " + endpoint);
            return;
        }
        upstream = acquired.getNow();
        upstream.attr(UpstreamHandler.LISTENER).set(this);
        upstream.config().setAutoRead(true);
        lastUpstreamActivity = System.nanoTime();
        armUpstreamTimer();
        upstream.write(upstreamRequest);
        if (bodyExpected()) {
            // The client may wait for the head to be answered (Expect: 100-continue) before it sends the body.
            upstream.flush();
        }
        // Parts received while connecting (an HTTP/2 request's body in its first frame) go now; they stay queued
        // until here so that a failed connection can be retried with them.
        boolean sentLast = false;
        while (!pending.isEmpty()) {
            HttpContent part = pending.poll();
            sentLast |= part instanceof LastHttpContent;
            sendToUpstream(part);
        }
        if (requestComplete && !sentLast) {
            // A retry of a request whose (empty) end was already sent on the failed connection.
            sendToUpstream(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        upstream.flush();
        if (!requestComplete) {
            pull();
        }
    }

    /** A body or an upgrade follows the head; otherwise the head goes out with the request's end, in one write. */
    private boolean bodyExpected() {
        return HttpUtil.isTransferEncodingChunked(upstreamRequest) || HttpUtil.getContentLength(upstreamRequest, 0L) > 0
                || upstreamRequest.headers().contains(HttpHeaderNames.UPGRADE);
    }

    private void onContent(HttpContent content) {
        if (request == null || discarding || tunnel) {
            boolean last = content instanceof LastHttpContent;
            content.release();
            if (last && discarding) {
                discarding = false;
                requestComplete = true;
                readNextIfDone();
            } else if (!last) {
                pull();
            }
            return;
        }
        bodyBytes += content.content().readableBytes();
        boolean last = content instanceof LastHttpContent;
        long max = route == null ? 0 : route.policy().maxBodyBytes();
        if (max > 0 && bodyBytes > max) {
            content.release();
            keepAlive = false;
            if (!responseStarted) {
                closeUpstream();
                answer(LocalResponses.error(ctx.alloc(), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "the body is larger than " + max + " bytes"));
            } else {
                ctx.close();
            }
            return;
        }
        // A FullHttpRequest carries head and body in one object: forward the body as a part of its own.
        HttpContent part = content instanceof HttpRequest ? (last
                ? new DefaultLastHttpContent(content.content(), ((LastHttpContent) content).trailingHeaders())
                : new DefaultHttpContent(content.content())) : content;
        if (last) {
            requestComplete = true;
            if (timeouts != null) {
                timeouts.requestReceived();
            }
        }
        if (upstream == null) {
            pending.add(part);
            return;
        }
        sendToUpstream(part);
        upstream.flush();
    }

    private void sendToUpstream(HttpContent part) {
        boolean last = part instanceof LastHttpContent;
        bodySent |= part.content().isReadable();
        lastUpstreamActivity = System.nanoTime();
        upstream.write(part).addListener((ChannelFutureListener) written -> {
            if (written.isSuccess() && !last && ctx.channel().isActive()) {
                lastUpstreamActivity = System.nanoTime();
                pull();
            }
        });
    }

    // ---- the response -----------------------------------------------------------------------------------------

    @Override
    public void upstreamRead(Object message) {
        lastUpstreamActivity = System.nanoTime();
        if (tunnel) {
            ctx.write(message);
            return;
        }
        if (message instanceof HttpResponse response) {
            onResponse(response);
        }
        if (message instanceof HttpContent content) {
            if (interimResponse) {
                content.release();
                if (content instanceof LastHttpContent) {
                    interimResponse = false;
                }
                return;
            }
            responseBytes += content.content().readableBytes();
            boolean last = content instanceof LastHttpContent;
            HttpContent part = content instanceof HttpResponse
                    ? (last ? new DefaultLastHttpContent(content.content(), ((LastHttpContent) content).trailingHeaders())
                            : new DefaultHttpContent(content.content())) : content;
            if (last) {
                ctx.writeAndFlush(part).addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        ctx.close();
                    }
                });
                finish(false);
            } else {
                ctx.write(part);
                if (!ctx.channel().isWritable()) {
                    upstream.config().setAutoRead(false);
                }
            }
        } else if (!(message instanceof HttpResponse)) {
            ReferenceCountUtil.release(message);
        }
    }

    private void onResponse(HttpResponse response) {
        int code = response.status().code();
        if (code == 101 && !http2()) {
            startTunnel(response);
            return;
        }
        if (code >= 100 && code < 200) {
            // Interim responses (100 Continue, 103 Early Hints) are passed on to HTTP/1.1 clients as they come.
            interimResponse = true;
            if (!http2()) {
                HttpResponse interim = new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1, response.status(), ctx.alloc().buffer(0), response.headers(),
                        EmptyHttpHeaders.INSTANCE);
                ctx.writeAndFlush(interim);
            }
            return;
        }
        responseStarted = true;
        status = code;
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        HttpHeaders headers = response.headers();
        HopByHop.strip(headers, false, false);
        boolean bodyless = request.method().equals(HttpMethod.HEAD) || code == 204 || code == 304;
        if (!http2() && !bodyless && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (!http2() && !keepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!http2() && request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        route.policy().cors().ifPresent(cors -> Cors.simple(cors, request.headers(), headers));
        route.policy().affinity().ifPresent(a -> Affinity.remember(a, affinityCookie, endpoint, headers));
        HttpResponse head = response instanceof HttpContent
                ? new DefaultHttpResponse(response.protocolVersion(), response.status(),
                        headers)
                : response;
        head.setProtocolVersion(request.protocolVersion().equals(HttpVersion.HTTP_1_0) ? HttpVersion.HTTP_1_0
                : HttpVersion.HTTP_1_1);
        ctx.write(head);
    }

    @Override
    public void upstreamReadComplete() {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (upstream != null && ctx.channel().isWritable()) {
            upstream.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void upstreamFailed(Throwable cause) {
        if (tunnel) {
            ctx.flush();
            ctx.close();
            return;
        }
        Channel failed = upstream;
        upstream = null;
        if (failed != null) {
            plane.pool(ctx.channel().eventLoop()).release(failed, endpoint, route.backend().protocol(), false);
        }
        if (responseStarted) {
            // The response is cut short: the client must see it is incomplete.
            finish(true);
            ctx.close();
            return;
        }
        plane.picker().failed(endpoint);
        retryOr(HttpResponseStatus.BAD_GATEWAY, "the backend " + endpoint + " closed the connection"
                + (cause == null ? "" : ": " + cause.getMessage()));
    }

    /** Tries the next endpoint when that is safe (idempotent, body not sent); else answers with the status. */
    private void retryOr(HttpResponseStatus status, String reason) {
        boolean safe = IDEMPOTENT.contains(request.method()) && !bodySent;
        if (safe && tried.size() < plane.settings().attempts() && tried.size() < route.backend().endpoints().size()) {
            connect();
            return;
        }
        upstreamFailure(status, reason);
    }

    private void upstreamFailure(HttpResponseStatus status, String reason) {
        pending.forEach(HttpContent::release);
        pending.clear();
        if (!requestComplete) {
            keepAlive = false;
        }
        answer(LocalResponses.error(ctx.alloc(), status, reason), true);
    }

    // ---- timers -----------------------------------------------------------------------------------------------

    /** Watched by the event loop's {@link UpstreamDeadlines} while an exchange waits on a backend. */
    private void armUpstreamTimer() {
        plane.deadlines(ctx.channel().eventLoop()).watch(deadline);
    }

    /**
     * proxy-send-timeout while the request goes out, proxy-read-timeout while the response is awaited, and
     * proxy-read-timeout of silence both ways in a tunnel (an idle WebSocket is closed, as ingress-nginx does).
     */
    private long currentUpstreamTimeout() {
        return (requestComplete || tunnel ? route.policy().readTimeout() : route.policy().sendTimeout()).toNanos();
    }

    @Override
    public boolean stillWaiting(long now) {
        if (upstream == null || route == null) {
            return false;
        }
        if (now - lastUpstreamActivity < currentUpstreamTimeout()) {
            return true;
        }
        if (tunnel) {
            // Closing the client side closes the backend side too (channelInactive).
            ctx.close();
            return true;
        }
        Channel slow = upstream;
        upstream = null;
        slow.attr(UpstreamHandler.LISTENER).set(null);
        slow.close();
        plane.picker().failed(endpoint);
        if (responseStarted) {
            finish(true);
            ctx.close();
        } else {
            upstreamFailure(HttpResponseStatus.GATEWAY_TIMEOUT, "the backend " + endpoint + " did not answer in time");
        }
        // Answering may have started the next exchange (a pipelined request) on another backend connection.
        return upstream != null;
    }

    private void cancelUpstreamTimer() {
        plane.deadlines(ctx.channel().eventLoop()).unwatch(deadline);
    }

    @Override
    public void requestTimedOut() {
        keepAlive = false;
        if (responseStarted) {
            ctx.close();
            return;
        }
        closeUpstream();
        if (request == null) {
            request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
            started = System.nanoTime();
        }
        answer(LocalResponses.error(ctx.alloc(), HttpResponseStatus.REQUEST_TIMEOUT,
                "the request did not arrive in time"));
    }

    // ---- WebSocket and other upgrades -------------------------------------------------------------------------

    private void startTunnel(HttpResponse response) {
        tunnel = true;
        responseStarted = true;
        status = 101;
        HopByHop.strip(response.headers(), true, false);
        ctx.writeAndFlush(response);
        // From here both sides are raw bytes: the HTTP codecs leave, handing on anything they had buffered.
        upstream.pipeline().remove(HttpClientCodec.class);
        ctx.pipeline().remove(Http1Pipeline.TIMEOUTS);
        ctx.pipeline().remove(Http1Pipeline.GATE);
        gate = null;
        ctx.pipeline().remove(Http1Pipeline.CODEC);
        ctx.channel().config().setAutoRead(true);
        plane.observer().completed(completed(false));
    }

    // ---- endings ----------------------------------------------------------------------------------------------

    private void answer(FullHttpResponse response) {
        answer(response, false);
    }

    /** Writes a response reseau makes itself; the rest of the request body, if any, is read and dropped. */
    private void answer(FullHttpResponse response, boolean upstreamError) {
        status = response.status().code();
        responseBytes = response.content().readableBytes();
        if (route != null) {
            route.policy().cors().ifPresent(cors -> Cors.simple(cors, request.headers(), response.headers()));
        }
        if (!http2() && !keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (request != null && request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        responseStarted = true;
        ctx.writeAndFlush(response);
        if (!requestComplete && keepAlive && !(request instanceof LastHttpContent)) {
            discarding = true;
        }
        finish(upstreamError);
    }

    /** The response is written (or abandoned): report it and get ready for the next request. */
    private void finish(boolean upstreamError) {
        if (upstream != null) {
            upstream.config().setAutoRead(true);
            plane.pool(ctx.channel().eventLoop()).release(upstream, endpoint, route.backend().protocol(),
                    upstreamKeepAlive && requestComplete && !upstreamError);
            upstream = null;
            if (!upstreamError) {
                plane.picker().succeeded(endpoint);
            }
        }
        if (request != null) {
            plane.observer().completed(completed(upstreamError));
        }
        request = null;
        if (!requestComplete && !discarding) {
            // The response ended before the request: the rest of it cannot be told from the next request.
            keepAlive = false;
        }
        readNextIfDone();
    }

    private void readNextIfDone() {
        if (request != null || discarding) {
            if (discarding) {
                pull();
            }
            return;
        }
        if (!keepAlive) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (timeouts != null) {
            timeouts.responseSent();
        }
        if (!http2()) {
            pull();
        }
    }

    private CompletedRequest completed(boolean upstreamError) {
        return new CompletedRequest(clientAddress().getAddress().getHostAddress(),
                http2() ? "HTTP/2" : request.protocolVersion().text(), request.method().name(), host, path, status,
                responseBytes, System.nanoTime() - started, route == null ? "" : route.ingress(),
                route == null ? "" : route.backend().describe(), endpoint == null ? "" : endpoint.toString(),
                upstreamError);
    }

    private void closeUpstream() {
        if (upstream != null) {
            plane.pool(ctx.channel().eventLoop()).release(upstream, endpoint, route.backend().protocol(), false);
            upstream = null;
        }
    }

    private void reset() {
        request = null;
        route = null;
        upstreamRequest = null;
        requestComplete = false;
        discarding = false;
        bodyBytes = 0;
        pending.forEach(HttpContent::release);
        pending.clear();
        tried.clear();
        endpoint = null;
        upstream = null;
        bodySent = false;
        upstreamKeepAlive = false;
        responseStarted = false;
        interimResponse = false;
        status = 0;
        responseBytes = 0;
        affinityCookie = null;
        host = "";
        path = "";
    }

    private InetSocketAddress clientAddress() {
        Channel connection = http2() ? ctx.channel().parent() : ctx.channel();
        return (InetSocketAddress) connection.remoteAddress();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelUpstreamTimer();
        if (tunnel && upstream != null) {
            upstream.close();
        } else {
            closeUpstream();
        }
        pending.forEach(HttpContent::release);
        pending.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
