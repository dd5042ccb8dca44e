package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/** The pieces of HTTP/1.1's wire form that reseau writes itself: versions, fixed field lines, fields, chunks. */
final class Http1Wire {

    static final byte[] HTTP_1_0 = ascii("HTTP/1.0 ");
    static final byte[] HTTP_1_1 = ascii("HTTP/1.1 ");
    static final byte[] CRLF = ascii("\r\n");
    static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    static final byte[] CONNECTION_UPGRADE = ascii("Connection: upgrade\r\n");
    /** The last chunk's size line; trailer fields and an empty line follow. */
    static final byte[] LAST_CHUNK = ascii("0\r\n");

    static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");

    private Http1Wire() {
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes each field as a {@code name: value} line. */
    static void writeFields(ByteBuf out, HttpHeaders fields) {
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = fields.iteratorCharSequence(); it.hasNext();) {
            Map.Entry<CharSequence, CharSequence> field = it.next();
            ByteBufUtil.writeAscii(out, field.getKey());
            out.writeByte(':');
            out.writeByte(' ');
            ByteBufUtil.writeAscii(out, field.getValue());
            out.writeBytes(CRLF);
        }
    }

    /** Writes a chunk's size line, in hexadecimal. */
    static void writeChunkSize(ByteBuf out, int size) {
        ByteBufUtil.writeAscii(out, Integer.toHexString(size));
        out.writeBytes(CRLF);
    }
}
