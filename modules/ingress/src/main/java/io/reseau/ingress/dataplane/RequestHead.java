package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.util.AsciiString;
import java.util.List;
import java.util.Optional;

/**
 * A request head as an {@link Exchange} reads it, whichever front end received it: an HTTP/1.1 head stays the
 * bytes received ({@link ScannedRequestHead}), so that routing reads a few fields and the backend request copies
 * the rest; an HTTP/2 request stays its decoded HEADERS frame ({@link Http2RequestHead}). Both make Netty's
 * {@code HttpHeaders} of their fields only when those are to be edited ({@link #headers()}).
 */
interface RequestHead {

    /** Why the head could not be read at all (malformed, too large), with the status that answers it. */
    Optional<RequestChecks.Refusal> unreadable();

    HttpMethod method();

    /** The request target as sent. */
    String target();

    HttpVersion version();

    /** The Host field's value, or null without one. */
    String host();

    /** The first value of a field, or null. */
    String value(AsciiString name);

    /** Every value of a field, in order. */
    List<String> values(AsciiString name);

    /** The value of the first cookie of this name in the Cookie fields, or null. */
    default String cookie(String name) {
        for (String field : values(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.STRICT.decode(field)) {
                if (cookie.name().equals(name)) {
                    return cookie.value();
                }
            }
        }
        return null;
    }

    /** How many fields have this name. */
    int count(AsciiString name);

    /** The Content-Length, or -1 without one. */
    long contentLength();

    /** Whether the body is chunked (Transfer-Encoding ends with chunked). */
    boolean chunked();

    /**
     * Whether a body follows the head over HTTP/1.1: a chunked one, or a Content-Length above zero. After a head
     * that cannot be read, or whose framing is refused, nothing is read: it is answered as a whole request.
     */
    default boolean hasBody() {
        return unreadable().isEmpty() && RequestChecks.framing(this).isEmpty() && (chunked() || contentLength() > 0);
    }

    /**
     * The head's size as received: an HTTP/1.1 head's bytes; an HTTP/2 request's fields (pseudo-fields as the
     * request line) as they would be written as HTTP/1.1 lines; 0 for a head that could not be read.
     */
    long length();

    /** Whether the client asks to switch protocols: an Upgrade field, and Connection naming it. */
    boolean upgrade();

    /** Whether the client's connection stays open after this exchange, as far as the request says. */
    boolean persistent();

    /** Every field as received, to edit (an HTTP/2 backend's request is built from them); decoded on first call. */
    HttpHeaders headers();

    /**
     * Writes the fields an HTTP/1.1 backend gets: the end-to-end ones as HTTP/1.1 lines, without the forwarded ones
     * the client sent (reseau writes its own); with {@code upgrade}, Upgrade and {@code Connection: upgrade}.
     */
    void writeFields(ByteBuf out, boolean upgrade);
}
