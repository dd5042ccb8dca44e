package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The JDK's HTTP client that sends requests on behalf of clients' ({@code auth-url}'s questions,
 * {@code mirror-target}'s copies), on threads of its own (it resolves names, which may be cluster DNS names), made
 * on first use so that a data plane with neither starts no threads; and the fields of those requests: the client's
 * own, without the hop-by-hop ones, those the JDK's client sets itself (and refuses from callers), the forwarded
 * ones and those the caller names; then reseau's forwarded fields.
 */
final class SubrequestClient implements AutoCloseable {

    private static final Set<String> SET_BY_THE_CLIENT = Set.of("host", "content-length", "expect", "upgrade",
            "connection", "transfer-encoding", "te", "keep-alive", "trailer", "proxy-connection");

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    static {
        // mirror-host sets the Host field of copies, which the JDK's client refuses from callers unless told so
        // before it is first used; the data plane makes this before it sends anything.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    private HttpClient http;

    /** Sends the request; the answer, or the failure, completes the future on the client's threads. */
    <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> answer) {
        return client().sendAsync(request, answer);
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.shutdownNow();
        }
    }

    /**
     * Puts the client's fields on {@code to}, but those named in {@code leftOut} (lowercase) and the ones above; then
     * the forwarded fields naming the client and what it asked for ({@code httpHost}, its scheme).
     */
    static HttpRequest.Builder fields(RequestHead request, HttpRequest.Builder to, Set<String> leftOut,
            ClientInfo client, String httpHost) {
        HttpHeaders fields = new DefaultHttpHeaders().add(request.headers());
        HopByHop.strip(fields, false, false);
        fields.forEach(field -> {
            String name = field.getKey().toLowerCase(Locale.ROOT);
            if (!SET_BY_THE_CLIENT.contains(name) && !leftOut.contains(name) && !ForwardedHeaders.named(name)) {
                to.header(field.getKey(), field.getValue());
            }
        });
        return to.header("X-Real-IP", client.ip())
                .header("X-Forwarded-For", client.ip())
                .header("X-Forwarded-Host", httpHost)
                .header("X-Forwarded-Proto", client.scheme());
    }
}
