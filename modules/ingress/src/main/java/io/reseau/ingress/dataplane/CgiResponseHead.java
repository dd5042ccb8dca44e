package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CGI response's head (RFC 3875 6), as a FastCGI application writes it before the body: fields, one a line ending
 * in LF or CRLF, then an empty line. Read as nginx reads it: the {@code Status} field gives the status (a code and
 * maybe a reason), else {@code 302} when there is a {@code Location}, else {@code 200}; the other fields are the
 * response's.
 */
final class CgiResponseHead {

    private static final Pattern FIELD = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \\t]*(.*?)[ \\t]*");
    private static final Pattern STATUS = Pattern.compile("([1-5][0-9][0-9])(?: (.*))?");

    private CgiResponseHead() {
    }

    /** Where the head in {@code bytes} (from its reader index) ends, after its empty line; -1 when it has not yet. */
    static int end(ByteBuf bytes) {
        int line = bytes.readerIndex();
        for (int i = line; i < bytes.writerIndex(); i++) {
            if (bytes.getByte(i) == '\n') {
                if (i == line || i == line + 1 && bytes.getByte(line) == '\r') {
                    return i + 1;
                }
                line = i + 1;
            }
        }
        return -1;
    }

    /** The response {@code head} (up to {@link #end}, its empty line included) stands for. */
    static HttpResponse parse(String head) {
        HttpHeaders fields = new DefaultHttpHeaders();
        HttpResponseStatus status = null;
        for (String line : head.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher field = FIELD.matcher(line);
            if (!field.matches() || field.group(2).chars().anyMatch(c -> c < ' ' && c != '\t' || c == 0x7f)) {
                throw new IllegalArgumentException("not a field line: '" + line + "'");
            }
            if (field.group(1).equalsIgnoreCase("status")) {
                status = status(field.group(2));
            } else {
                fields.add(field.group(1), field.group(2));
            }
        }
        if (status == null) {
            status = fields.contains(HttpHeaderNames.LOCATION) ? HttpResponseStatus.FOUND : HttpResponseStatus.OK;
        }
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, fields);
    }

    /** The head's bytes as text: ISO-8859-1, as HTTP fields are read. */
    static String text(ByteBuf bytes, int end) {
        return bytes.toString(bytes.readerIndex(), end - bytes.readerIndex(), StandardCharsets.ISO_8859_1);
    }

    private static HttpResponseStatus status(String value) {
        Matcher status = STATUS.matcher(value);
        if (!status.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a status");
        }
        int code = Integer.parseInt(status.group(1));
        return status.group(2) == null || status.group(2).isBlank() ? HttpResponseStatus.valueOf(code)
                : new HttpResponseStatus(code, status.group(2).strip());
    }
}
