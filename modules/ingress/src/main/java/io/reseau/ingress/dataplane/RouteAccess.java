package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.reseau.ingress.model.BasicAuth;
import io.reseau.ingress.model.ClientCertificateAuth;
import io.reseau.ingress.model.ExternalAuth;
import io.reseau.ingress.model.RateLimit;
import io.reseau.ingress.model.Route;
import io.reseau.ingress.model.RoutePolicy;
import io.reseau.ingress.model.SourceAccess;
import io.reseau.ingress.model.VirtualHost;
import java.util.Objects;
import java.util.Optional;

/**
 * The access steps a request passes on its way to the backend, in order: the client certificate of its host
 * ({@code auth-tls-*}), its route's rate limits, then basic or external authentication. Each step lets the request
 * on or answers it; the authentication steps may answer later, on the event loop. What the steps learn for the
 * backend (the client certificate's and the authentication service's fields) goes into the request's fields,
 * replacing any the client sent under those names.
 */
final class RouteAccess {

    /** Where the request goes from here: the exchange. */
    interface Next {

        void forward(String pathAndQuery);

        /** The authentication service's cookies, for the response (set before {@link #forward}). */
        void setOnResponse(AuthCookies cookies);

        void answer(FullHttpResponse refusal);

        /** Answered or abandoned meanwhile: a late verdict is dropped. */
        boolean over();
    }

    /**
     * What the steps need to know of the request. {@code limitedUnder} is the Ingress whose rate limits count it: the
     * matched route's, also when its canary serves it (as in ingress-nginx, where the canary shares the main
     * Ingress's location), so that a client choosing the canary by header does not get a second allowance.
     */
    record Request(RequestHead head, Route route, VirtualHost host, String hostName, String path, ClientInfo origin,
            String limitedUnder, long startedNanos) {
    }

    private final DataPlane plane;
    private final ClientStream client;
    private final Request request;
    private final Next next;
    /** The rate limiter's admission of the request, given back when it ends; null when not limited. */
    private RateLimiter.Admission admission;

    RouteAccess(DataPlane plane, ClientStream client, Request request, Next next) {
        this.plane = plane;
        this.client = client;
        this.request = request;
        this.next = next;
    }

    /** Whether a request to this host on a route with this policy has any step to pass. */
    static boolean needed(VirtualHost host, RoutePolicy policy) {
        return host.clientCertificateAuth().isPresent() || policy.rateLimit().isPresent()
                || policy.basicAuth().isPresent() || policy.externalAuth().isPresent();
    }

    /** Runs the steps, then forwards the request with this path, or answers it. */
    void check(String pathAndQuery) {
        Optional<ClientCertificateAuth> certificates = request.host().clientCertificateAuth();
        if (certificates.isEmpty() || admitCertificate(certificates.get())) {
            limitThenForward(pathAndQuery);
        }
    }

    /** Gives back the place the rate limiter admitted the request to; when the exchange ends. */
    void release() {
        if (admission != null) {
            admission.release();
            admission = null;
        }
    }

    /** {@code auth-tls-*}: the verdict on the client certificate of the request's connection; false when answered. */
    private boolean admitCertificate(ClientCertificateAuth auth) {
        switch (ClientCertificates.judge(auth, client.client().tls(), plane.snapshot().table())) {
            case ClientCertificates.Verdict.Pass pass -> {
                HttpHeaders fields = request.head().headers();
                ClientCertificates.FIELDS.forEach(fields::remove);
                pass.fields().forEach(fields::set);
                return true;
            }
            case ClientCertificates.Verdict.Refuse refuse -> {
                next.answer(refuse.location().isPresent()
                        ? LocalResponses.redirect(client.alloc(), 302, refuse.location().get())
                        : LocalResponses.error(client.alloc(), refuse.status(), refuse.reason()));
                return false;
            }
        }
    }

    /**
     * The route's rate limits, then authentication; a client over a limit gets {@code limit-req-status-code} or
     * {@code limit-conn-status-code} (503 unless set).
     */
    private void limitThenForward(String pathAndQuery) {
        Optional<RateLimit> limit = request.route().policy().rateLimit();
        if (limit.isPresent()) {
            switch (plane.rateLimiter().admit(request.limitedUnder(), limit.get(), request.origin().address(),
                    request.startedNanos())) {
                case RateLimiter.Admission admitted -> admission = admitted;
                case RateLimiter.Refusal refusal -> {
                    next.answer(LocalResponses.error(client.alloc(), plane.settings().limitStatuses().of(refusal),
                            refusal == RateLimiter.Refusal.OVER_RATE
                                    ? "this client address is over the rate limit of " + request.limitedUnder()
                                    : "this client address has too many requests in progress at "
                                            + request.limitedUnder()));
                    return;
                }
            }
        }
        authorizeThenForward(pathAndQuery);
    }

    /**
     * Basic or external authentication, when the route asks for one; with {@code satisfy: any}, not for an address
     * the source ranges admit.
     */
    private void authorizeThenForward(String pathAndQuery) {
        SourceAccess sources = request.route().policy().sources();
        if (sources.orAuthenticated() && sources.admits(request.origin().address())) {
            next.forward(pathAndQuery);
            return;
        }
        Optional<BasicAuth> auth = request.route().policy().basicAuth();
        if (request.route().policy().externalAuth().isPresent()) {
            askThenForward(request.route().policy().externalAuth().get(), pathAndQuery);
            return;
        }
        if (auth.isEmpty()) {
            next.forward(pathAndQuery);
            return;
        }
        plane.basicAuth().check(auth.get(), request.head().value(HttpHeaderNames.AUTHORIZATION),
                client.loop().loop(), verdict -> {
                    if (next.over()) {
                        return;
                    }
                    switch (verdict) {
                        case PASS -> next.forward(pathAndQuery);
                        case DENY -> next.answer(LocalResponses.unauthorized(client.alloc(), auth.get().realm()));
                        case BUSY -> next.answer(LocalResponses.error(client.alloc(),
                                HttpResponseStatus.SERVICE_UNAVAILABLE, "too many passwords waiting to be checked"));
                    }
                });
    }

    /**
     * {@code auth-url}: the service's verdict (or the one kept for the request's {@code auth-cache-key}), then on
     * with the fields it passes on, or its refusal answered.
     */
    private void askThenForward(ExternalAuth auth, String pathAndQuery) {
        RequestHead head = request.head();
        String target = head.target();
        RequestUrl asked = new RequestUrl(request.origin().scheme(), request.hostName(), target);
        // The exchange has put its request ID (the client's or one it made) among the request's fields.
        RequestVariables variables = new RequestVariables(head, request.path(), request.hostName(), request.origin(),
                Objects.requireNonNullElse(head.value(RequestId.LOWERCASE), ""));
        Optional<String> cacheKey = auth.cache().map(cache -> variables.expand(cache.key()));
        plane.externalAuth().check(auth, variables, asked, request.route().policy().readTimeout(),
                client.loop().loop(), cacheKey, verdict -> {
                    if (next.over()) {
                        return;
                    }
                    switch (verdict) {
                        case ExternalAuthClient.Verdict.Pass pass -> {
                            HttpHeaders fields = head.headers();
                            pass.fields().forEach((name, values) -> {
                                fields.remove(name);
                                fields.add(name, values);
                            });
                            if (!pass.cookies().isEmpty()) {
                                next.setOnResponse(new AuthCookies(pass.cookies(), auth.alwaysSetCookie()));
                            }
                            next.forward(pathAndQuery);
                        }
                        case ExternalAuthClient.Verdict.Refuse refuse -> next.answer(LocalResponses.refusal(
                                client.alloc(), refuse.status(), refuse.location(), refuse.challenge()));
                    }
                });
    }
}
