package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's request decoder in its strict mode (CRLF only, RFC 9112 Transfer-Encoding rules: Content-Length with
 * Transfer-Encoding, several differing Content-Lengths and invalid header characters fail), plus what it still
 * tolerates: obsolete line folding (a header line starting with a space or tab), which it would join into the
 * previous value, and bare LF line ends, refused at once. A request head is only handed to the decoder once it is complete, so each head is scanned
 * exactly once, including heads pipelined behind a body in the same read.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    /** Why a request head was refused before the decoder saw it. */
    static final class MalformedHeadException extends IllegalArgumentException {
        MalformedHeadException(String message) {
            super(message);
        }
    }

    private final int headLimit;
    private boolean atHead = true;
    /** Where the line being received starts, counted from the reader index (which stays until the head is whole). */
    private int lineStart;
    private boolean refused;

    StrictRequestDecoder(int maxInitialLineLength, int maxHeaderSize) {
        super(new HttpDecoderConfig().setMaxInitialLineLength(maxInitialLineLength).setMaxHeaderSize(maxHeaderSize)
                .setStrictLineParsing(true).setUseRfc9112TransferEncoding(true).setValidateHeaders(true));
        this.headLimit = maxInitialLineLength + maxHeaderSize + 4;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (refused) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (atHead && !headComplete(in, out)) {
            return;
        }
        int before = out.size();
        super.decode(ctx, in, out);
        for (int i = before; i < out.size(); i++) {
            if (out.get(i) instanceof LastHttpContent) {
                atHead = true;
            }
        }
    }

    private void refuse(ByteBuf in, List<Object> out, String why) {
        refused = true;
        HttpMessage invalid = createInvalidMessage();
        invalid.setDecoderResult(DecoderResult.failure(new MalformedHeadException(why)));
        out.add(invalid);
        out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        in.skipBytes(in.readableBytes());
    }

    /**
     * Scans the head being received line by line, from where the last call stopped (the start of the line not yet
     * complete, whose end is searched for with {@code indexOf} rather than byte by byte); false while the head is
     * incomplete or once it has been refused.
     */
    private boolean headComplete(ByteBuf in, List<Object> out) {
        if (lineStart == 0) {
            // Empty lines before a request line are allowed (RFC 9112 2.2) and start no head: drop them.
            while (in.isReadable() && (in.getByte(in.readerIndex()) == '\r' || in.getByte(in.readerIndex()) == '\n')) {
                in.skipBytes(1);
            }
        }
        int start = in.readerIndex();
        int end = in.writerIndex();
        while (true) {
            int line = start + lineStart;
            if (lineStart > 0 && line < end && (in.getByte(line) == ' ' || in.getByte(line) == '\t')) {
                refuse(in, out, "obsolete line folding (a header line starting with whitespace) is not accepted");
                return false;
            }
            int lineFeed = in.indexOf(line, end, (byte) '\n');
            if (lineFeed < 0) {
                break;
            }
            if (lineFeed == line || in.getByte(lineFeed - 1) != '\r') {
                // The decoder would refuse it too, but only once the head ends, which this one never may.
                refuse(in, out, "lines must end with CRLF");
                return false;
            }
            if (lineFeed == line + 1) {
                // An empty line (the request line is never empty): the head is complete.
                lineStart = 0;
                atHead = false;
                return true;
            }
            lineStart = lineFeed + 1 - start;
        }
        if (end - start > headLimit) {
            // Too long to be a head: the decoder itself answers it as too large (431).
            lineStart = 0;
            atHead = false;
            return true;
        }
        return false;
    }
}
