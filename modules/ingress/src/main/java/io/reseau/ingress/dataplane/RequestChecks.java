package io.reseau.ingress.dataplane;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;
import java.util.Optional;

/**
 * The checks every request head passes before routing, each failure a status and a reason: what the decoder
 * refused (smuggling attempts, bad characters, oversize heads), then what it lets through but a proxy must not
 * forward: a Transfer-Encoding other than {@code chunked} (a backend might read the body differently, RFC 9112
 * 6.1), a Transfer-Encoding on HTTP/1.0, a missing or repeated Host, and request targets other than a path.
 * An HTTP/2 request (version {@link Http2Requests#VERSION}) may go without Host: its {@code :authority} is optional.
 */
final class RequestChecks {

    /** Why a request is refused. */
    record Refusal(HttpResponseStatus status, String reason) {
    }

    private RequestChecks() {
    }

    static Optional<Refusal> check(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return Optional.of(decoderFailure(request.decoderResult().cause()));
        }
        List<String> encodings = request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
                ? request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING) : List.of();
        if (!encodings.isEmpty()) {
            if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                return refuse("Transfer-Encoding is not allowed in HTTP/1.0");
            }
            if (encodings.size() != 1 || !encodings.getFirst().strip().equalsIgnoreCase("chunked")) {
                return refuse("only Transfer-Encoding: chunked is accepted");
            }
        }
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1 || (hosts.isEmpty() && request.protocolVersion().equals(HttpVersion.HTTP_1_1))) {
            return refuse("an HTTP/1.1 request needs exactly one Host header");
        }
        if (request.method().equals(HttpMethod.CONNECT)) {
            return Optional.of(new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not proxied"));
        }
        if (!request.uri().startsWith("/")) {
            return refuse("the request target must be a path (origin-form)");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(String reason) {
        return Optional.of(new Refusal(HttpResponseStatus.BAD_REQUEST, reason));
    }

    private static Refusal decoderFailure(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return new Refusal(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large");
        }
        if (cause instanceof TooLongHttpLineException) {
            return new Refusal(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
        }
        if (cause instanceof TooLongFrameException) {
            return new Refusal(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request head too large");
        }
        return new Refusal(HttpResponseStatus.BAD_REQUEST, "malformed request: " + cause.getMessage());
    }
}
