package io.reseau.ingress.model;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What an Ingress's annotations ask of its routes, typed (see {@code compute.Annotations} for the names).
 *
 * @param httpsRedirect    when plain HTTP is redirected to HTTPS, and to which URI
 * @param maxBodyBytes     largest request body accepted (413 beyond); 0 means no limit
 * @param sources          client addresses served (403 otherwise)
 * @param basicAuth        users who may pass (401 otherwise); empty means no authentication
 * @param rateLimit        requests each client address may make (503 beyond); empty means no limit
 * @param externalAuth     the authentication service each request is first shown to; empty means none
 * @param upstreamHost     the Host field the backend gets ({@code upstream-vhost}); empty keeps the client's
 * @param forwardedPrefix  an {@code X-Forwarded-Prefix} field for the backend ({@code x-forwarded-prefix})
 * @param serviceUpstream  proxy to the Service's ClusterIP rather than to its endpoints ({@code service-upstream})
 * @param hashBy           the key (with nginx variables) that chooses the endpoint, or a subset of endpoints, by
 *                         consistent hashing ({@code upstream-hash-by}); empty means {@code loadBalance}
 * @param loadBalance      how requests are spread over the endpoints otherwise ({@code load-balance})
 * @param nextUpstream     when a request goes on to another endpoint, and how many it may try
 *                         ({@code proxy-next-upstream}, {@code proxy-next-upstream-tries})
 * @param headers          fields set on the request to the backend and on the response; empty means none
 * @param backendTls       how TLS backends' certificates are checked ({@code proxy-ssl-verify}); empty: not at all
 * @param customErrors     the backend's answers with these statuses are replaced by the error backend's
 *                         ({@code custom-http-errors}); empty: relayed as they are
 * @param accessLog        whether the routes' requests are written to the access log ({@code enable-access-log})
 * @param rewriteLog       whether each path {@code rewriteTarget} rewrites is logged ({@code enable-rewrite-log})
 * @param mirror           where copies of the requests go ({@code mirror-target}); empty: nowhere
 * @param responseRate     how fast responses are sent ({@code limit-rate}); empty: as fast as clients take them
 * @param maxResponseHead  the largest response head (status line, fields) taken from an HTTP/1.1 backend, in
 *                         bytes ({@code proxy-buffer-size}; {@code 502} beyond)
 * @param requestBuffering whether a request's body is received whole before its backend is asked
 *                         ({@code proxy-request-buffering: "on"}); otherwise it streams as it arrives
 * @param bodyMemoryBytes  of a body received whole, the bytes held in memory; the rest waits in a temporary file
 *                         ({@code client-body-buffer-size})
 * @param responseBuffering whether a response its client is slow to take is read on into a temporary file
 *                         ({@code proxy-buffering}, {@code proxy-max-temp-file-size})
 * @param tracing          whether requests are traced with OpenTelemetry ({@code enable-opentelemetry})
 * @param upstreamHttp     the HTTP version and Connection field HTTP/1.x backends are asked with
 * @param fastCgi          what FastCGI backends are sent besides the request ({@code fastcgi-index},
 *                         {@code fastcgi-params-configmap})
 */
public record RoutePolicy(Optional<String> rewriteTarget, HttpsRedirect httpsRedirect,
        Optional<BackendProtocol> backendProtocol, long maxBodyBytes, Duration connectTimeout, Duration readTimeout,
        Duration sendTimeout, SourceAccess sources, Optional<Redirect> redirect,
        Optional<String> appRoot, Optional<Cors> cors, Optional<CookieAffinity> affinity,
        Optional<BasicAuth> basicAuth, Optional<RateLimit> rateLimit, Optional<ExternalAuth> externalAuth,
        Optional<String> upstreamHost, Optional<String> forwardedPrefix, boolean serviceUpstream,
        Optional<UpstreamHash> hashBy, LoadBalance loadBalance, NextUpstream nextUpstream,
        Optional<HeaderEdits> headers, Optional<BackendTls> backendTls, Optional<CustomErrors> customErrors,
        boolean accessLog, boolean rewriteLog, Optional<Mirror> mirror, Optional<ResponseRate> responseRate,
        int maxResponseHead, boolean requestBuffering, int bodyMemoryBytes, ResponseBuffering responseBuffering,
        Tracing tracing, UpstreamHttp upstreamHttp, FastCgi fastCgi) {

    /**
     * Plain HTTP sent on to HTTPS: when the host has TLS ({@code ssl-redirect}, ingress-nginx's default) or always
     * ({@code force-ssl-redirect}). As ingress-nginx, the redirect's URI loses a final slash
     * ({@code http://foo.com/app/} to {@code https://foo.com/app}) unless {@code preserveTrailingSlash}
     * ({@code preserve-trailing-slash}).
     */
    public record HttpsRedirect(boolean whenTls, boolean forced, boolean preserveTrailingSlash) {

        /** ingress-nginx's default: hosts with TLS only, a final slash dropped. */
        public static final HttpsRedirect WHEN_TLS = new HttpsRedirect(true, false, false);

        /** Whether a plain request to a host with TLS or without is redirected. */
        public boolean applies(boolean hostHasTls) {
            return forced || (whenTls && hostHasTls);
        }

        /** The redirect's path and query for those of the request. */
        public String target(String pathAndQuery) {
            return preserveTrailingSlash || !pathAndQuery.endsWith("/") ? pathAndQuery
                    : pathAndQuery.substring(0, pathAndQuery.length() - 1);
        }
    }

    /** {@code permanent-redirect} or {@code temporal-redirect}: every request answered with a redirect there. */
    public record Redirect(String location, int status) {
    }

    /**
     * {@code enable-cors} and its {@code cors-*} companions; {@code exposeHeaders} empty means no
     * Access-Control-Expose-Headers.
     */
    public record Cors(String allowOrigin, String allowMethods, String allowHeaders, String exposeHeaders,
            boolean allowCredentials, long maxAgeSeconds) {
    }

    /**
     * {@code affinity: cookie}: a client keeps the endpoint named in its cookie while that endpoint is ready. The
     * cookie is Secure over TLS, or always with {@code secure}; {@code sameSite} is None, Lax or Strict, and None
     * is left out for browsers known to refuse a cookie that has it when {@code conditionalSameSiteNone}
     * ({@code session-cookie-conditional-samesite-none}); {@code domain} its Domain attribute (the request's host
     * only, without).
     */
    public record CookieAffinity(String cookieName, String path, Optional<Long> maxAgeSeconds, boolean secure,
            Optional<String> sameSite, boolean conditionalSameSiteNone, Optional<String> domain) {
    }

    /**
     * {@code custom-http-errors} with {@code default-backend}: which statuses are answered by what {@code backend}
     * answers, asked for the same URI with ingress-nginx's {@code X-Code} fields: those of reseau's own answers when
     * the route's backend cannot be asked (502, 503, 504), and those of the backend's answers unless
     * {@code interceptBackend} is off ({@code disable-proxy-intercept-errors}).
     */
    public record CustomErrors(Set<Integer> statuses, Backend backend, boolean interceptBackend) {
        public CustomErrors {
            statuses = Set.copyOf(statuses);
        }
    }

    /**
     * {@code proxy-buffering}: when {@code on}, the part of a response its client has not taken beyond the 512 KiB
     * held in memory is still read from the backend, into a temporary file of up to {@code maxFileBytes}
     * ({@code proxy-max-temp-file-size}; 0: none), so that a slow client does not hold the backend; when off
     * (ingress-nginx's default), the backend waits for the client beyond those 512 KiB.
     */
    public record ResponseBuffering(boolean on, long maxFileBytes) {

        /** ingress-nginx's defaults: off, 1 GiB once on. */
        public static final ResponseBuffering DEFAULT = new ResponseBuffering(false, 1L << 30);

        /** The most of a response that may wait in the temporary file: 0 when none may. */
        public long fileBytes() {
            return on ? maxFileBytes : 0;
        }
    }

    /** This policy, asking for basic authentication. */
    public RoutePolicy withBasicAuth(BasicAuth auth) {
        return with(Optional.of(auth), externalAuth, headers, backendTls, customErrors, nextUpstream, responseRate,
                responseBuffering, fastCgi);
    }

    /** This policy, asking this authentication service. */
    public RoutePolicy withExternalAuth(ExternalAuth auth) {
        return with(basicAuth, Optional.of(auth), headers, backendTls, customErrors, nextUpstream, responseRate,
                responseBuffering, fastCgi);
    }

    /** This policy, asking no authentication service. */
    public RoutePolicy withoutExternalAuth() {
        return with(basicAuth, Optional.empty(), headers, backendTls, customErrors, nextUpstream, responseRate,
                responseBuffering, fastCgi);
    }

    /** This policy, checking its TLS backends' certificates. */
    public RoutePolicy withBackendTls(BackendTls tls) {
        return with(basicAuth, externalAuth, headers, Optional.of(tls), customErrors, nextUpstream, responseRate,
                responseBuffering, fastCgi);
    }

    /** This policy, replacing the backend's answers with these statuses by the error backend's (or not: empty). */
    public RoutePolicy withCustomErrors(Optional<CustomErrors> errors) {
        return with(basicAuth, externalAuth, headers, backendTls, errors, nextUpstream, responseRate,
                responseBuffering, fastCgi);
    }

    /** This policy, setting these fields on requests and responses (or none: empty). */
    public RoutePolicy withHeaders(Optional<HeaderEdits> edits) {
        return with(basicAuth, externalAuth, edits, backendTls, customErrors, nextUpstream, responseRate,
                responseBuffering, fastCgi);
    }

    /** This policy, going on to other endpoints in these cases (the controller's {@code proxy-next-upstream}). */
    public RoutePolicy withNextUpstream(NextUpstream next) {
        return with(basicAuth, externalAuth, headers, backendTls, customErrors, next, responseRate, responseBuffering,
                fastCgi);
    }

    /** This policy, sending responses at this rate (the controller's {@code limit-rate}), or as fast as taken. */
    public RoutePolicy withResponseRate(Optional<ResponseRate> rate) {
        return with(basicAuth, externalAuth, headers, backendTls, customErrors, nextUpstream, rate, responseBuffering,
                fastCgi);
    }

    /** This policy, buffering responses so (the controller's {@code proxy-buffering}). */
    public RoutePolicy withResponseBuffering(ResponseBuffering buffering) {
        return with(basicAuth, externalAuth, headers, backendTls, customErrors, nextUpstream, responseRate, buffering,
                fastCgi);
    }

    /** This policy, sending FastCGI backends this (with the parameters of {@code fastcgi-params-configmap}). */
    public RoutePolicy withFastCgi(FastCgi fastCgi) {
        return with(basicAuth, externalAuth, headers, backendTls, customErrors, nextUpstream, responseRate,
                responseBuffering, fastCgi);
    }

    /**
     * This policy with the components the translation completes after reading the annotations (from Secrets, other
     * Ingresses and the controller's ConfigMaps and settings): the one copy of every component, for the withers above.
     */
    private RoutePolicy with(Optional<BasicAuth> basicAuth, Optional<ExternalAuth> externalAuth,
            Optional<HeaderEdits> headers,
            Optional<BackendTls> backendTls, Optional<CustomErrors> customErrors, NextUpstream nextUpstream,
            Optional<ResponseRate> responseRate, ResponseBuffering responseBuffering, FastCgi fastCgi) {
        return new RoutePolicy(rewriteTarget, httpsRedirect, backendProtocol, maxBodyBytes,
                connectTimeout, readTimeout, sendTimeout, sources, redirect, appRoot, cors, affinity, basicAuth,
                rateLimit, externalAuth, upstreamHost, forwardedPrefix, serviceUpstream, hashBy, loadBalance,
                nextUpstream, headers, backendTls, customErrors, accessLog, rewriteLog, mirror, responseRate,
                maxResponseHead, requestBuffering, bodyMemoryBytes, responseBuffering, tracing, upstreamHttp,
                fastCgi);
    }

    /** Whether requests must authenticate (basic or external authentication). */
    public boolean authenticates() {
        return basicAuth.isPresent() || externalAuth.isPresent();
    }

    /** The policy of an Ingress without annotations, from the controller's configuration. */
    public static RoutePolicy defaults(HttpsRedirect httpsRedirect, boolean requestBuffering, long maxBodyBytes,
            int maxResponseHead, int bodyMemoryBytes, Duration connectTimeout, Duration readTimeout,
            Duration sendTimeout, LoadBalance loadBalance, boolean serviceUpstream, SourceAccess sources,
            Optional<ExternalAuth> externalAuth, Tracing tracing) {
        return new RoutePolicy(Optional.empty(), httpsRedirect, Optional.empty(),
                maxBodyBytes, connectTimeout, readTimeout, sendTimeout, sources, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), externalAuth, Optional.empty(),
                Optional.empty(), serviceUpstream, Optional.empty(), loadBalance, NextUpstream.DEFAULT,
                Optional.empty(), Optional.empty(), Optional.empty(), true, false, Optional.empty(), Optional.empty(),
                maxResponseHead, requestBuffering, bodyMemoryBytes, ResponseBuffering.DEFAULT, tracing,
                UpstreamHttp.DEFAULT, FastCgi.NONE);
    }
}
