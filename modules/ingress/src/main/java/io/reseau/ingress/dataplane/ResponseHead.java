package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;

/**
 * A response head on its way to the client, with its end-to-end fields only: the hop-by-hop ones never leave it.
 * A head read from an HTTP/1.1 backend stays the bytes received ({@link ScannedResponseHead}), so that an HTTP/1.1
 * client gets them copied, not decoded and encoded again; reseau's own answers and HTTP/2 backends' heads are Netty
 * objects ({@link NettyResponseHead}). Framing fields (Connection, Transfer-Encoding) are the front end's to add.
 */
interface ResponseHead {

    int status();

    /** The Content-Length, or -1 when the body's length is not given by one. */
    long contentLength();

    /** Whether the backend connection may carry another exchange after this response. */
    boolean persistent();

    /** The first value of a field ({@code lowercase}), or null; a scanned head reads it without decoding the rest. */
    String value(AsciiString lowercase);

    /** The fields, to read or edit (CORS and affinity add theirs); a scanned head decodes them on the first call. */
    HttpHeaders headers();

    /**
     * Adds a field unless the head has one of that name ({@code lowercase}); cheaper than editing
     * {@link #headers()}, which a scanned head decodes.
     */
    void addIfAbsent(AsciiString lowercase, String value);

    /**
     * Writes the status line (as HTTP/1.0 or HTTP/1.1) and the field lines, without the empty line that ends the
     * head; {@code upgrade} keeps the Upgrade field of a {@code 101}.
     */
    void writeHttp1(ByteBuf out, boolean http10, boolean upgrade);

    /**
     * The HTTP/2 header block of this head: {@code :status}, then the fields as Netty's
     * {@code HttpConversionUtil.toHttp2Headers} would convert them: names lower-cased, the connection-specific ones
     * left out (RFC 9113 8.2.2).
     */
    Http2Headers http2Headers();
}
