package io.reseau.ingress.dataplane;

import io.netty.util.concurrent.EventExecutor;
import io.reseau.ingress.model.ExternalAuth;
import io.reseau.ingress.model.HeaderEdits;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Asks {@code auth-url}'s service about a request, as nginx's {@code auth_request} does under ingress-nginx: the
 * request's method and fields (not its body) go to the service with {@code X-Original-URL},
 * {@code X-Original-Method}, {@code X-Auth-Request-Redirect} and the forwarded fields; a 2xx answer lets the request
 * through with the service's {@code auth-response-headers}, 401 sends the client to {@code auth-signin} (or answers
 * 401), 403 answers 403, and anything else, or no answer, 500. The JDK's HTTP client does the asking, on threads of
 * its own (it resolves the service's name, which may be a cluster DNS name), and the verdict comes back on the
 * event loop.
 */
final class ExternalAuthClient {

    /** What the service decided. */
    sealed interface Verdict {
        /**
         * Let the request through, with these fields replacing what the client sent under the same names; the
         * service's {@code Set-Cookie} values go on the response to the client (oauth2-proxy refreshes its session
         * so), as ingress-nginx's {@code add_header Set-Cookie $auth_cookie}.
         */
        record Pass(Map<String, List<String>> fields, List<String> cookies) implements Verdict {
        }

        /** Answer the client: {@code status}, with {@code location} (a redirect) or {@code challenge}. */
        record Refuse(int status, Optional<String> location, Optional<String> challenge) implements Verdict {
        }
    }

    /** Answers kept ({@code auth-cache-key}) beyond which all are dropped: one entry per key, of a few hundred bytes. */
    private static final int MAX_KEPT = 10_000;

    /** A service's answer kept for a cache key: its status and fields, until when. */
    private record Kept(int status, Map<String, List<String>> fields, long untilNanos) {
    }

    private final BoundedCache<String, Kept> kept = new BoundedCache<>(MAX_KEPT);
    private final SubrequestClient http;

    ExternalAuthClient(SubrequestClient http) {
        this.http = http;
    }

    /**
     * Asks the service about the request whose {@code variables} these are and tells {@code then} the verdict on
     * {@code loop}; with a {@code cacheKey} (the request's {@code auth-cache-key}), an answer kept for it is used
     * instead while it lasts, and a new one is kept as long as {@code auth-cache-duration} says for its status.
     */
    void check(ExternalAuth auth, RequestVariables variables, RequestUrl origin, Duration timeout, EventExecutor loop,
            Optional<String> cacheKey, Consumer<Verdict> then) {
        String keptAs = cacheKey.map(key -> auth.url() + "\n" + key).orElse(null);
        Kept earlier = keptAs == null ? null : kept.get(keptAs);
        if (earlier != null && System.nanoTime() - earlier.untilNanos() < 0) {
            then.accept(verdict(auth, origin, earlier.status(), earlier.fields()));
            return;
        }
        HttpRequest ask;
        try {
            ask = request(auth, variables, origin, timeout);
        } catch (IllegalArgumentException e) {
            // A URL or a field the JDK's client does not accept.
            then.accept(failed());
            return;
        }
        http.send(ask, HttpResponse.BodyHandlers.discarding()).whenComplete((answer, error) -> {
            Verdict verdict = error != null ? failed() : verdict(auth, origin, answer.statusCode(),
                    answer.headers().map());
            if (keptAs != null && error == null) {
                keep(auth.cache().orElseThrow(), keptAs, answer.statusCode(), answer.headers().map());
            }
            try {
                loop.execute(() -> then.accept(verdict));
            } catch (RejectedExecutionException closing) {
                // The event loop shuts down with the data plane: nobody waits for this verdict any more.
            }
        });
    }

    private void keep(ExternalAuth.Cache cache, String keptAs, int status, Map<String, List<String>> fields) {
        Duration lasting = cache.durations().get(status);
        if (lasting == null) {
            return;
        }
        // Without its cookies: they are the session of the client that was asked about, not of every client whose
        // requests have the same key.
        Map<String, List<String>> withoutCookies = new LinkedHashMap<>(fields);
        withoutCookies.keySet().removeIf(name -> name.equalsIgnoreCase("set-cookie"));
        kept.put(keptAs, new Kept(status, withoutCookies, System.nanoTime() + lasting.toNanos()));
    }

    /**
     * The question: the client's fields but reseau's own and those {@code auth-proxy-set-headers} sets, which follow
     * with their variables filled in (a value that comes out empty is not sent, as with nginx's
     * {@code proxy_set_header}), then reseau's own.
     */
    private static HttpRequest request(ExternalAuth auth, RequestVariables variables, RequestUrl origin,
            Duration timeout) {
        HttpRequest.Builder ask = HttpRequest.newBuilder(URI.create(origin.expand(auth.url()))).timeout(timeout)
                .method(auth.method(), HttpRequest.BodyPublishers.noBody());
        Set<String> leftOut = ExternalAuth.OWN_QUESTION_FIELDS;
        if (!auth.questionFields().isEmpty()) {
            leftOut = new HashSet<>(leftOut);
            for (HeaderEdits.Field field : auth.questionFields()) {
                leftOut.add(field.name().toLowerCase(Locale.ROOT));
            }
        }
        SubrequestClient.fields(variables.request(), ask, leftOut, variables.client(), origin.httpHost());
        for (HeaderEdits.Field field : auth.questionFields()) {
            String value = field.templated() ? variables.expand(field.value()) : field.value();
            if (!value.isEmpty()) {
                ask.header(field.name(), value);
            }
        }
        return ask.header("X-Original-URL", origin.original())
                .header("X-Original-Method", variables.request().method().name())
                .header("X-Auth-Request-Redirect", auth.requestRedirect().orElse(origin.requestUri()))
                .header("X-Sent-From", "reseau-ingress")
                .build();
    }

    /** The verdict of the service's answer. Pure. */
    static Verdict verdict(ExternalAuth auth, RequestUrl origin, int status, Map<String, List<String>> answer) {
        if (status >= 200 && status < 300) {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            for (String name : auth.responseHeaders()) {
                fields.put(name, values(answer, name));
            }
            return new Verdict.Pass(fields, values(answer, "Set-Cookie"));
        }
        if (status == 401) {
            return auth.signin().isPresent()
                    ? new Verdict.Refuse(302, Optional.of(signinUrl(auth, origin)), Optional.empty())
                    : new Verdict.Refuse(401, Optional.empty(),
                            values(answer, "WWW-Authenticate").stream().findFirst());
        }
        return status == 403 ? new Verdict.Refuse(403, Optional.empty(), Optional.empty()) : failed();
    }

    /**
     * {@code auth-signin} with the original URL in the redirect parameter, unless the URL has that parameter
     * already (ingress-nginx's rule), then with the variables expanded. Pure.
     */
    static String signinUrl(ExternalAuth auth, RequestUrl origin) {
        String signin = auth.signin().orElseThrow();
        String original = "$scheme://$http_host$escaped_request_uri";
        String query = URI.create(signin.replace("$", "")).getRawQuery();
        String withRedirect;
        if (query == null || query.isEmpty()) {
            withRedirect = signin + "?" + auth.redirectParam() + "=" + original;
        } else if (Arrays.stream(query.split("&")).anyMatch(p -> p.startsWith(auth.redirectParam() + "="))) {
            withRedirect = signin;
        } else {
            withRedirect = signin + "&" + auth.redirectParam() + "=" + original;
        }
        return origin.expand(withRedirect);
    }

    private static List<String> values(Map<String, List<String>> fields, String name) {
        return fields.entrySet().stream().filter(field -> field.getKey().equalsIgnoreCase(name))
                .flatMap(field -> field.getValue().stream()).toList();
    }

    private static Verdict failed() {
        return new Verdict.Refuse(500, Optional.empty(), Optional.empty());
    }
}
