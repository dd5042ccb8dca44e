package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * FastCGI's records (the FastCGI 1.0 specification), as a web server writes and reads them for one request at a
 * time on a connection: a request is {@code BEGIN_REQUEST} (the responder role, the connection not kept), its
 * parameters as {@code PARAMS} name-value pairs, then its body as {@code STDIN}, each stream ended by an empty record;
 * the application answers {@code STDOUT} (a CGI response: fields, a blank line, the body), maybe {@code STDERR}, then
 * {@code END_REQUEST}. Records are written without padding; padding read is skipped.
 */
final class FastCgiRecords {

    static final int HEADER = 8;
    /** The most a record may hold. */
    static final int MAX_CONTENT = 0xFFFF;

    static final int BEGIN_REQUEST = 1;
    static final int END_REQUEST = 3;
    static final int PARAMS = 4;
    static final int STDIN = 5;
    static final int STDOUT = 6;
    static final int STDERR = 7;

    /** The one request of each connection. */
    private static final int REQUEST_ID = 1;
    private static final int RESPONDER = 1;

    private FastCgiRecords() {
    }

    /** A record's header as read: its type and the bytes of content and of padding after it. */
    record Header(int type, int contentLength, int paddingLength) {

        /** The header at {@code in}'s reader index, or null when fewer than its 8 bytes are there; reads nothing. */
        static Header peek(ByteBuf in) {
            if (in.readableBytes() < HEADER) {
                return null;
            }
            int at = in.readerIndex();
            if (in.getUnsignedByte(at) != 1) {
                throw new IllegalArgumentException("not a FastCGI 1 record (version " + in.getUnsignedByte(at) + ")");
            }
            return new Header(in.getUnsignedByte(at + 1), in.getUnsignedShort(at + 4), in.getUnsignedByte(at + 6));
        }

        /** The whole record's bytes, header and padding included. */
        int length() {
            return HEADER + contentLength + paddingLength;
        }
    }

    /** A request's beginning: {@code BEGIN_REQUEST}, its parameters and the end of them. */
    static void writeBegin(ByteBuf out, Map<String, String> params) {
        writeHeader(out, BEGIN_REQUEST, 8);
        out.writeShort(RESPONDER);
        // Flags 0: the application closes the connection after the request, as nginx asks by default.
        out.writeZero(6);
        ByteBuf pairs = out.alloc().buffer();
        try {
            params.forEach((name, value) -> writePair(pairs, name, value));
            writeStream(out, PARAMS, pairs);
        } finally {
            pairs.release();
        }
        writeHeader(out, PARAMS, 0);
    }

    /** {@code body}'s bytes as {@code STDIN} records; {@code last} ends the stream with an empty one. */
    static void writeStdin(ByteBuf out, ByteBuf body, boolean last) {
        writeStream(out, STDIN, body);
        if (last) {
            writeHeader(out, STDIN, 0);
        }
    }

    /** {@code content} as records of {@code type}, at most {@link #MAX_CONTENT} bytes each; none when empty. */
    private static void writeStream(ByteBuf out, int type, ByteBuf content) {
        int at = content.readerIndex();
        int end = content.writerIndex();
        while (at < end) {
            int length = Math.min(MAX_CONTENT, end - at);
            writeHeader(out, type, length);
            out.writeBytes(content, at, length);
            at += length;
        }
    }

    private static void writeHeader(ByteBuf out, int type, int contentLength) {
        out.writeByte(1);
        out.writeByte(type);
        out.writeShort(REQUEST_ID);
        out.writeShort(contentLength);
        out.writeByte(0);
        out.writeByte(0);
    }

    /** A name-value pair of byte strings ({@link FastCgiParams}). */
    private static void writePair(ByteBuf out, String name, String value) {
        byte[] nameBytes = name.getBytes(StandardCharsets.ISO_8859_1);
        byte[] valueBytes = value.getBytes(StandardCharsets.ISO_8859_1);
        writeLength(out, nameBytes.length);
        writeLength(out, valueBytes.length);
        out.writeBytes(nameBytes);
        out.writeBytes(valueBytes);
    }

    /** A pair's length: one byte below 128, else four with the top bit set. */
    private static void writeLength(ByteBuf out, int length) {
        if (length < 0x80) {
            out.writeByte(length);
        } else {
            out.writeInt(length | 0x80000000);
        }
    }
}
