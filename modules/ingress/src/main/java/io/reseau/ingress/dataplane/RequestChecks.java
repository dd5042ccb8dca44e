package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Optional;

/**
 * The checks every request head passes before routing, each failure a status and a reason: what the front end
 * could not read (smuggling attempts, bad characters, oversize heads), then what it reads but a proxy must not
 * forward: a Transfer-Encoding beside a Content-Length, a Transfer-Encoding other than {@code chunked} (a backend might read the body differently, RFC 9112
 * 6.1), a Transfer-Encoding on HTTP/1.0, a missing or repeated Host, and request targets other than a path.
 * An HTTP/2 request (version {@link Http2Requests#VERSION}) may go without Host: its {@code :authority} is optional.
 */
final class RequestChecks {

    /** Why a request is refused. */
    record Refusal(HttpResponseStatus status, String reason) {
    }

    private RequestChecks() {
    }

    static Optional<Refusal> check(RequestHead request) {
        if (request.unreadable().isPresent()) {
            return request.unreadable();
        }
        Optional<Refusal> framing = framing(request);
        if (framing.isPresent()) {
            return framing;
        }
        int hosts = request.count(HttpHeaderNames.HOST);
        if (hosts > 1 || (hosts == 0 && request.version().equals(HttpVersion.HTTP_1_1))) {
            return refuse("an HTTP/1.1 request needs exactly one Host header");
        }
        if (request.method().equals(HttpMethod.CONNECT)) {
            return Optional.of(new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not proxied"));
        }
        if (!request.target().startsWith("/")) {
            return refuse("the request target must be a path (origin-form)");
        }
        return Optional.empty();
    }

    /**
     * The rules of a body's framing (RFC 9112 6): a Transfer-Encoding must be one {@code chunked}, never in
     * HTTP/1.0 and never beside a Content-Length. A head breaking them cannot be told from the bytes after it,
     * so the HTTP/1.1 front end stops reading there.
     */
    static Optional<Refusal> framing(RequestHead request) {
        List<String> encodings = request.values(HttpHeaderNames.TRANSFER_ENCODING);
        if (encodings.isEmpty()) {
            return Optional.empty();
        }
        if (request.version().equals(HttpVersion.HTTP_1_0)) {
            return refuse("Transfer-Encoding is not allowed in HTTP/1.0");
        }
        if (request.contentLength() >= 0) {
            return refuse("Content-Length with Transfer-Encoding");
        }
        if (encodings.size() != 1 || !encodings.getFirst().strip().equalsIgnoreCase("chunked")) {
            return refuse("only Transfer-Encoding: chunked is accepted");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(String reason) {
        return Optional.of(new Refusal(HttpResponseStatus.BAD_REQUEST, reason));
    }
}
