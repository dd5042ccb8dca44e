package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.Collection;

/**
 * Reads a backend's responses: each head scanned once by {@link Http1Head} and handed on as a
 * {@link ScannedResponseHead} (the head as received, never decoded unless asked), then its body framed by RFC 9112
 * 6.3: none after HEAD or for 1xx, 204 and 304, else chunks (handed on de-chunked, trailers kept), a Content-Length,
 * or everything until the backend closes; a {@code LastHttpContent} ends each response. The method of each request
 * sent is {@linkplain #expect noted}, as a response's framing depends on it. After a {@code 101} nothing more is
 * read: the bytes are the tunnel's.
 */
final class Http1ResponseDecoder {

    /** One scanner for every response head: a head is handed on (and read) before the next is scanned. */
    private final Http1Head head;
    private boolean headHandedOn;
    private final Http1BodyReader body;
    private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);
    private boolean upgraded;

    /**
     * Response heads up to {@code maxHead} bytes until a request says otherwise ({@link #expect}), status line
     * included, their {@code hidden} fields left out; trailer sections up to that size too.
     */
    Http1ResponseDecoder(int maxHead, HiddenFields hidden) {
        this.head = Http1Head.response(maxHead, hidden);
        this.body = new Http1BodyReader(maxHead, 502);
    }

    /**
     * A request with this method was sent: the next final response answers it, with a head of at most
     * {@code maxHead} bytes (the request's route's). One request at a time: the limit is the connection's until
     * the next.
     */
    void expect(HttpMethod method, int maxHead) {
        methods.add(method);
        head.limit(maxHead);
    }

    /** Whether a {@code 101} was read: what follows is not HTTP. */
    boolean upgraded() {
        return upgraded;
    }

    /**
     * Decodes what {@code in} holds, leaving an incomplete head or chunk line in it for more bytes. Returns after a
     * head, which the caller hands on before calling again: the next head reuses its scanner.
     */
    void decode(ByteBuf in, Collection<Object> out) throws Http1Head.Malformed {
        while (in.isReadable() && !upgraded) {
            if (body.reading()) {
                body.read(in, out);
                if (body.reading()) {
                    return;
                }
            } else {
                head(in, out);
                return;
            }
        }
    }

    /**
     * The backend closed the connection: a body lasting until then ends now. False if a response was cut short, or
     * bytes of an incomplete one are left in {@code in}.
     */
    boolean closed(ByteBuf in, Collection<Object> out) {
        return body.closed(out) && (upgraded || in == null || !in.isReadable());
    }

    private void head(ByteBuf in, Collection<Object> out) throws Http1Head.Malformed {
        if (headHandedOn) {
            head.reset();
            headHandedOn = false;
        }
        int length = head.scan(in);
        if (length == Http1Head.INCOMPLETE) {
            return;
        }
        headHandedOn = true;
        int code = head.status();
        boolean interim = code >= 100 && code < 200;
        HttpMethod method = interim ? methods.peek() : methods.poll();
        long contentLength = head.contentLength();
        in.skipBytes(length);
        out.add(new ScannedResponseHead(head));
        if (code == 101) {
            upgraded = true;
        } else if (interim || code == 204 || code == 304 || HttpMethod.HEAD.equals(method)) {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        } else if (head.transferEncodings() > 0 && head.chunked()) {
            body.chunked();
        } else if (head.transferEncodings() > 0 || contentLength < 0) {
            body.untilClose();
        } else if (contentLength == 0) {
            out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            body.length(contentLength);
        }
    }
}
