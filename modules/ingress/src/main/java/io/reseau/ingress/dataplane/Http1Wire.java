package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

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

    /** Room for a chunk's size line: eight hexadecimal digits and CRLF. */
    private static final int CHUNK_SIZE_LINE = 10;

    private Http1Wire() {
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes each field as a {@code name: value} line. */
    static void writeFields(ByteBuf out, HttpHeaders fields) {
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = fields.iteratorCharSequence(); it.hasNext();) {
            Map.Entry<CharSequence, CharSequence> field = it.next();
            writeField(out, field.getKey(), field.getValue());
        }
    }

    /** Writes one {@code name: value} line. */
    static void writeField(ByteBuf out, CharSequence name, CharSequence value) {
        ByteBufUtil.writeAscii(out, name);
        out.writeByte(':');
        out.writeByte(' ');
        ByteBufUtil.writeAscii(out, value);
        out.writeBytes(CRLF);
    }

    /**
     * Hands on a body part framed as HTTP/1.1 sends it: as it is, or as a chunk, the last part followed by the last
     * chunk and its trailers. The part's content is handed on or released: the caller gives it up.
     */
    static void frame(HttpContent part, boolean chunked, ByteBufAllocator alloc, Consumer<ByteBuf> sink) {
        ByteBuf content = part.content();
        if (!content.isReadable()) {
            content.release();
        } else if (!chunked) {
            sink.accept(content);
        } else {
            ByteBuf size = alloc.buffer(CHUNK_SIZE_LINE);
            ByteBufUtil.writeAscii(size, Integer.toHexString(content.readableBytes()));
            size.writeBytes(CRLF);
            sink.accept(size);
            sink.accept(content);
            sink.accept(Unpooled.wrappedBuffer(CRLF));
        }
        if (chunked && part instanceof LastHttpContent last) {
            ByteBuf end = alloc.buffer(LAST_CHUNK.length + CRLF.length);
            end.writeBytes(LAST_CHUNK);
            writeFields(end, last.trailingHeaders());
            end.writeBytes(CRLF);
            sink.accept(end);
        }
    }
}
