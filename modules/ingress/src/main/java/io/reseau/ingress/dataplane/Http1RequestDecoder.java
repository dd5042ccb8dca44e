package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Collection;

/**
 * Reads an HTTP/1.1 client's requests: each head scanned once by {@link Http1Head} (strict: CRLF only, no
 * obsolete line folding, token field names, no control characters, one Content-Length) and handed on as a
 * {@link ScannedRequestHead}; then its body by its framing ({@link Http1BodyReader}), ended by a
 * {@code LastHttpContent}. A head without Content-Length or Transfer-Encoding is the whole request: nothing
 * follows it ({@link RequestHead#hasBody}). A head that cannot be read, or whose body cannot be framed
 * ({@link RequestChecks#framing}), is handed on for the exchange to refuse, and nothing after it is read: the
 * connection closes once it is answered. A body that turns out malformed fails the connection.
 */
final class Http1RequestDecoder {

    private final int maxLine;
    private final int maxFields;
    private final boolean underscores;
    /** The head being read; a complete one leaves with its {@link ScannedRequestHead}. */
    private Http1Head head;
    /** A scanner given back by a finished exchange, for the head after the one being read. */
    private Http1Head spare;
    private boolean headStarted;
    private final Http1BodyReader body;
    private boolean refused;

    /**
     * Request lines up to {@code maxLine} bytes ({@code 414} beyond), each header field line too, and header fields
     * (and trailer fields) up to {@code maxFields} in all ({@code 431} beyond); fields whose name holds an
     * underscore are skipped unless {@code underscores}.
     */
    Http1RequestDecoder(int maxLine, int maxFields, boolean underscores) {
        this.maxLine = maxLine;
        this.maxFields = maxFields;
        this.underscores = underscores;
        this.head = Http1Head.request(maxLine, maxFields, underscores);
        this.body = new Http1BodyReader(maxFields, 400);
    }

    /** Decodes what {@code in} holds, leaving an incomplete head or chunk line in it for more bytes. */
    void decode(ByteBuf in, Collection<Object> out) throws Http1Head.Malformed {
        while (in.isReadable() && !refused) {
            if (body.reading()) {
                body.read(in, out);
                if (body.reading()) {
                    return;
                }
            } else if (!head(in, out)) {
                break;
            }
        }
        if (refused) {
            in.skipBytes(in.readableBytes());
        }
    }

    /** Reads a request head and sets up its body; false when more bytes are needed or the head is refused. */
    private boolean head(ByteBuf in, Collection<Object> out) {
        if (!headStarted) {
            // Empty lines before a request line are allowed (RFC 9112 2.2) and start no head.
            while (in.isReadable() && (in.getByte(in.readerIndex()) == '\r' || in.getByte(in.readerIndex()) == '\n')) {
                in.skipBytes(1);
            }
            if (!in.isReadable()) {
                return false;
            }
            headStarted = true;
        }
        int length;
        try {
            length = head.scan(in);
        } catch (Http1Head.Malformed malformed) {
            refuse(out, NettyRequestHead.unreadable(new RequestChecks.Refusal(
                    HttpResponseStatus.valueOf(malformed.status()), malformed.getMessage())));
            return false;
        }
        if (length == Http1Head.INCOMPLETE) {
            return false;
        }
        in.skipBytes(length);
        ScannedRequestHead request = new ScannedRequestHead(head);
        head = spare != null ? spare : Http1Head.request(maxLine, maxFields, underscores);
        spare = null;
        headStarted = false;
        if (RequestChecks.framing(request).isPresent()) {
            refuse(out, request);
            return false;
        }
        out.add(request);
        if (request.chunked()) {
            body.chunked();
        } else if (request.contentLength() > 0) {
            body.length(request.contentLength());
        }
        return true;
    }

    /**
     * Takes back the scanner of a request whose exchange is over, so that the next head does not need a new one
     * (a scanner and its arrays were a third of what a request allocated).
     */
    void reuse(ScannedRequestHead done) {
        Http1Head scanner = done.release();
        scanner.reset();
        spare = scanner;
    }

    /** Hands on a head the exchange refuses; what follows it is never read. */
    private void refuse(Collection<Object> out, RequestHead request) {
        refused = true;
        out.add(request);
    }
}
