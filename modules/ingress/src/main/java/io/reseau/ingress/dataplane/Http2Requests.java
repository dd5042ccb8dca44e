package io.reseau.ingress.dataplane;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.util.Map;

/**
 * HTTP/2 header blocks to the request an {@link Exchange} reads ({@link Http2RequestHead}), and response heads
 * back to header blocks, straight from the frames: no stream channel, no {@code x-http2-*} headers added only to be
 * stripped again.
 */
final class Http2Requests {

    /**
     * The version an HTTP/2 request carries as an {@code HttpRequest}: shown in the access log, and what tells the
     * request checks that Host may be missing ({@code :authority} is optional).
     */
    static final HttpVersion VERSION = new HttpVersion("HTTP", 2, 0, true);
    /** The request line's two spaces, version and CRLF, and the head's last CRLF, as HTTP/1.1 would write them. */
    private static final int REQUEST_LINE_AND_END = "  HTTP/2.0\r\n".length() + "\r\n".length();
    /** A status line ({@code HTTP/2.0}, a space, three digits and CRLF) and the head's last CRLF. */
    private static final int STATUS_LINE_AND_END = "HTTP/2.0 200\r\n".length() + "\r\n".length();
    /** A field line's {@code ": "} and CRLF. */
    private static final int FIELD_PUNCTUATION = ": \r\n".length();
    private static final RequestChecks.Refusal FIELD_LINE_TOO_LARGE = new RequestChecks.Refusal(
            HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "a header field line too large");
    private static final RequestChecks.Refusal PATH_WITH_SPACE = new RequestChecks.Refusal(
            HttpResponseStatus.BAD_REQUEST, "a :path with a space or a control character");

    private Http2Requests() {
    }

    /**
     * The request of a HEADERS frame ({@link Http2RequestHead}, which reads its fields in the frame). Its length is
     * that of the frame's fields written as HTTP/1.1 lines, {@code :authority} as Host and the other pseudo-fields as
     * the request line. A field whose line would be longer than {@code maxLine} bytes makes the request unreadable
     * ({@code 431}), as that line would over HTTP/1.1: nginx holds each HTTP/2 field to one of
     * {@code large_client_header_buffers}' buffers too. Netty holds the whole block to the header list size announced
     * in SETTINGS. A method or a field name that is not a token (CR, LF, space, colon...: RFC 9113 8.2.1), or CR,
     * LF or NUL in the value of a field passed on, is a malformed request: written as HTTP/1.1 lines, they would end
     * a line and start fields of the client's choosing.
     */
    static RequestHead request(int streamId, Http2Headers frame, boolean endOfStream, boolean underscores,
            int maxLine) throws Http2Exception {
        CharSequence method = frame.method();
        CharSequence path = frame.path();
        if (method == null || path == null) {
            throw Http2Exception.streamError(streamId, Http2Error.PROTOCOL_ERROR, "a request needs :method and :path");
        }
        if (HttpHeaderValidationUtil.validateToken(method) >= 0) {
            throw Http2Exception.streamError(streamId, Http2Error.PROTOCOL_ERROR, "a :method that is not a token");
        }
        long length = method.length() + path.length() + REQUEST_LINE_AND_END;
        for (Map.Entry<CharSequence, CharSequence> field : frame) {
            CharSequence name = field.getKey();
            CharSequence value = field.getValue();
            if (name.isEmpty() || name.charAt(0) == ':') {
                continue;
            }
            checkName(streamId, name);
            int line = name.length() + value.length() + FIELD_PUNCTUATION;
            if (line > maxLine) {
                return NettyRequestHead.unreadable(FIELD_LINE_TOO_LARGE);
            }
            length += line;
            if (Http2RequestHead.kept(name, underscores)) {
                checkValue(streamId, value);
            }
        }
        CharSequence authority = frame.authority();
        if (authority != null) {
            checkValue(streamId, authority);
            length += HttpHeaderNames.HOST.length() + authority.length() + FIELD_PUNCTUATION;
        }
        if (!requestLineTarget(streamId, path)) {
            return NettyRequestHead.unreadable(PATH_WITH_SPACE);
        }
        return new Http2RequestHead(frame, HttpMethod.valueOf(method.toString()), path.toString(), underscores,
                !endOfStream, length);
    }

    /**
     * The length of a response head as HTTP/1.1 would write it ({@code HTTP/2.0 200}, each field but the
     * pseudo-fields on a line, the last CRLF), as {@link #request} counts a request's.
     */
    static int responseHeadLength(Http2Headers head) {
        int length = STATUS_LINE_AND_END;
        for (Map.Entry<CharSequence, CharSequence> field : head) {
            CharSequence name = field.getKey();
            if (!name.isEmpty() && name.charAt(0) != ':') {
                length += name.length() + field.getValue().length() + FIELD_PUNCTUATION;
            }
        }
        return length;
    }

    /** The trailers of a request: a HEADERS frame after the first, which ends the stream. */
    static LastHttpContent trailers(int streamId, Http2Headers frame) throws Http2Exception {
        HttpHeaders trailers = new DefaultHttpHeaders(false);
        for (Map.Entry<CharSequence, CharSequence> field : frame) {
            if (field.getKey().isEmpty() || field.getKey().charAt(0) == ':') {
                throw Http2Exception.streamError(streamId, Http2Error.PROTOCOL_ERROR, "pseudo-header in trailers");
            }
            checkName(streamId, field.getKey());
            checkValue(streamId, field.getValue());
            trailers.add(field.getKey(), field.getValue());
        }
        return new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailers);
    }

    /** A field name must be a token (Netty's decoder refuses upper case only). */
    private static void checkName(int streamId, CharSequence name) throws Http2Exception {
        if (HttpHeaderValidationUtil.validateToken(name) >= 0) {
            throw Http2Exception.streamError(streamId, Http2Error.PROTOCOL_ERROR, "invalid character in a field name");
        }
    }

    /**
     * CR, LF and NUL make a field malformed (RFC 9113 8.2.1): forwarded to an HTTP/1.1 backend, they would end the
     * header line and start one of the client's choosing.
     */
    private static void checkValue(int streamId, CharSequence value) throws Http2Exception {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw Http2Exception.streamError(streamId, Http2Error.PROTOCOL_ERROR, "invalid character in a field");
            }
        }
    }

    /**
     * Whether {@code :path} can stand in a request line: CR, LF or NUL make it malformed, as in any field
     * ({@link #checkValue}); another control character or a space, its query's too, leaves no room in the request
     * line it becomes (nginx answers such a path 400). One pass, with no stream made: every request comes here.
     */
    private static boolean requestLineTarget(int streamId, CharSequence path) throws Http2Exception {
        boolean fits = true;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw Http2Exception.streamError(streamId, Http2Error.PROTOCOL_ERROR, "invalid character in a field");
            }
            fits &= c > ' ' && c != 0x7f;
        }
        return fits;
    }

    /** The trailing HEADERS of a response (gRPC's status), or null when it has none. */
    static Http2Headers trailers(LastHttpContent last) {
        if (last.trailingHeaders().isEmpty()) {
            return null;
        }
        Http2Headers out = new DefaultHttp2Headers(false, last.trailingHeaders().size());
        HttpConversionUtil.toHttp2Headers(last.trailingHeaders(), out);
        return out;
    }
}
