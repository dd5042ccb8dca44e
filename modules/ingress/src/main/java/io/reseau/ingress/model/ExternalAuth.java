package io.reseau.ingress.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code auth-url}: each request is first shown to an authentication service (nginx's {@code auth_request}, as
 * ingress-nginx sets it up; oauth2-proxy is the usual service). {@code url} and {@code signin} may hold the
 * variables {@code $scheme}, {@code $host}, {@code $http_host}, {@code $best_http_host}, {@code $request_uri} and
 * {@code $escaped_request_uri}.
 *
 * @param url              where the service is asked ({@code auth-url})
 * @param method           the method it is asked with ({@code auth-method}, GET by default)
 * @param signin           where a client the service answered 401 is redirected ({@code auth-signin}), with the
 *                         original URL in the parameter {@code redirectParam} unless the URL already has it
 * @param redirectParam    {@code auth-signin-redirect-param}, {@code rd} by default
 * @param responseHeaders  fields of the service's answer copied into the request to the backend
 *                         ({@code auth-response-headers}); what the client sent under these names never passes
 * @param requestRedirect  the value of {@code X-Auth-Request-Redirect} ({@code auth-request-redirect}), the
 *                         request's URI by default
 * @param cache            answers kept and given again to requests of the same key ({@code auth-cache-key},
 *                         {@code auth-cache-duration}); empty: every request is asked
 * @param alwaysSetCookie  the service's Set-Cookie reaches the client on every response
 *                         ({@code auth-always-set-cookie}), not only on a success or a redirect (nginx's
 *                         {@code add_header} without {@code always})
 * @param questionFields   fields set on the question to the service, replacing the client's of the same name
 *                         ({@code auth-proxy-set-headers}: the entries of a ConfigMap, values with the variables of
 *                         {@link HeaderEdits.Field})
 */
public record ExternalAuth(String url, String method, Optional<String> signin, String redirectParam,
        List<String> responseHeaders, Optional<String> requestRedirect, Optional<Cache> cache,
        boolean alwaysSetCookie, List<HeaderEdits.Field> questionFields) {

    /**
     * The fields reseau sets on every question (lower case), which neither the client nor
     * {@code auth-proxy-set-headers} may set: the service must be able to trust what they say.
     */
    public static final Set<String> OWN_QUESTION_FIELDS = Set.of("x-original-url", "x-original-method",
            "x-auth-request-redirect", "x-sent-from");

    /**
     * {@code auth-cache-key}: a template of nginx variables ({@link NginxVariables}, those of
     * {@code upstream-hash-by}) whose value names a request's answer; {@code auth-cache-duration}: how long an answer
     * with each status is kept (ingress-nginx's default: 200, 202 and 401 for 5 minutes).
     */
    public record Cache(String key, Map<Integer, Duration> durations) {
        public Cache {
            durations = Map.copyOf(durations);
        }
    }

    public ExternalAuth {
        responseHeaders = List.copyOf(responseHeaders);
        questionFields = List.copyOf(questionFields);
    }

    /** This authentication with {@code auth-proxy-set-headers}' fields. */
    public ExternalAuth withQuestionFields(List<HeaderEdits.Field> fields) {
        return new ExternalAuth(url, method, signin, redirectParam, responseHeaders, requestRedirect, cache,
                alwaysSetCookie, fields);
    }
}
