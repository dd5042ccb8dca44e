package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP/2 client's request as its HEADERS frame was decoded: routing and the checks read its fields in the frame,
 * an HTTP/1.1 backend gets them written from it, and Netty's {@code HttpHeaders} are made only when the fields are
 * edited or an HTTP/2 backend is asked ({@link #headers()}); from then on every read goes to those. Its fields are
 * the frame's as HTTP/1.1 sees them: no pseudo-fields, {@code :authority} as Host (RFC 9113 8.3.1), the split
 * {@code cookie} fields one field again (8.2.3), fields whose name holds an underscore left out unless
 * {@code underscores}, and {@code Transfer-Encoding: chunked} when a body follows without a Content-Length (how an
 * HTTP/1.1 backend will receive it). The frame holds no connection-specific field (Connection, Upgrade,
 * Transfer-Encoding and the like, nor a TE other than {@code trailers}): Netty refuses them as malformed (8.2.2).
 */
final class Http2RequestHead implements RequestHead {

    private final Http2Headers frame;
    private final HttpMethod method;
    private final String target;
    private final boolean underscores;
    private final boolean bodyFollows;
    private final long length;
    private String host;
    private String cookies;
    /** The fields as Netty's headers, once asked for; null until then. */
    private NettyRequestHead decoded;

    /**
     * The request of {@code frame}, checked by {@link Http2Requests#request}: {@code length} as that counts it,
     * {@code bodyFollows} unless the frame ended its stream.
     */
    Http2RequestHead(Http2Headers frame, HttpMethod method, String target, boolean underscores, boolean bodyFollows,
            long length) {
        this.frame = frame;
        this.method = method;
        this.target = target;
        this.underscores = underscores;
        this.bodyFollows = bodyFollows;
        this.length = length;
    }

    @Override
    public Optional<RequestChecks.Refusal> unreadable() {
        return Optional.empty();
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public HttpMethod method() {
        return method;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public HttpVersion version() {
        return Http2Requests.VERSION;
    }

    @Override
    public String host() {
        if (decoded != null) {
            return decoded.host();
        }
        if (host == null) {
            CharSequence authority = frame.authority();
            CharSequence value = authority != null ? authority : frame.get(HttpHeaderNames.HOST);
            host = value == null ? null : value.toString();
        }
        return host;
    }

    @Override
    public String value(AsciiString name) {
        if (decoded != null) {
            return decoded.value(name);
        }
        return valueOf(name.toLowerCase());
    }

    /** {@link #value} of a lower-cased name: HTTP/2 names are, and the frame's lookups tell case apart. */
    private String valueOf(AsciiString name) {
        if (HttpHeaderNames.HOST.contentEquals(name)) {
            return host();
        }
        if (HttpHeaderNames.COOKIE.contentEquals(name)) {
            return cookies();
        }
        if (addedChunked(name)) {
            return HttpHeaderValues.CHUNKED.toString();
        }
        CharSequence value = kept(name) ? frame.get(name) : null;
        return value == null ? null : value.toString();
    }

    @Override
    public List<String> values(AsciiString name) {
        if (decoded != null) {
            return decoded.values(name);
        }
        AsciiString lowercase = name.toLowerCase();
        if (oneField(lowercase)) {
            String value = valueOf(lowercase);
            return value == null ? List.of() : List.of(value);
        }
        // Most requests have none of the fields asked for (X-Forwarded-For): no list made for them.
        if (!kept(lowercase) || !frame.contains(lowercase)) {
            return List.of();
        }
        List<CharSequence> all = frame.getAll(lowercase);
        List<String> values = new ArrayList<>(all.size());
        all.forEach(value -> values.add(value.toString()));
        return values;
    }

    @Override
    public int count(AsciiString name) {
        if (decoded != null) {
            return decoded.count(name);
        }
        AsciiString lowercase = name.toLowerCase();
        if (oneField(lowercase)) {
            return valueOf(lowercase) == null ? 0 : 1;
        }
        return kept(lowercase) && frame.contains(lowercase) ? frame.getAll(lowercase).size() : 0;
    }

    @Override
    public long contentLength() {
        if (decoded != null) {
            return decoded.contentLength();
        }
        // Netty's decoder has checked it is a number, the same in every field of that name.
        CharSequence value = frame.get(HttpHeaderNames.CONTENT_LENGTH);
        return value == null ? -1 : Long.parseLong(value.toString());
    }

    @Override
    public boolean chunked() {
        return decoded != null ? decoded.chunked() : bodyFollows && !frame.contains(HttpHeaderNames.CONTENT_LENGTH);
    }

    @Override
    public boolean upgrade() {
        // Upgrade is connection-specific: a frame holding one was refused.
        return decoded != null && decoded.upgrade();
    }

    @Override
    public boolean persistent() {
        // The stream ends with its exchange; whether the connection goes on is not the request's to say.
        return decoded == null || decoded.persistent();
    }

    @Override
    public HttpHeaders headers() {
        if (decoded == null) {
            decoded = NettyRequestHead.of(new DefaultHttpRequest(Http2Requests.VERSION, method, target, fields()),
                    length);
        }
        return decoded.headers();
    }

    /** The fields as HTTP/1.1 sees them (see the class comment), as Netty's headers. */
    private HttpHeaders fields() {
        HttpHeaders fields = new DefaultHttpHeaders(false);
        for (Map.Entry<CharSequence, CharSequence> field : frame) {
            CharSequence name = field.getKey();
            if (kept(name) && !HttpHeaderNames.COOKIE.contentEquals(name)) {
                fields.add(name, field.getValue());
            }
        }
        String joined = cookies();
        if (joined != null) {
            fields.set(HttpHeaderNames.COOKIE, joined);
        }
        CharSequence authority = frame.authority();
        if (authority != null) {
            fields.set(HttpHeaderNames.HOST, authority);
        }
        if (chunked()) {
            fields.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        return fields;
    }

    /**
     * The fields an HTTP/1.1 backend gets, in the order {@link #headers()} would hold them: the frame's end-to-end
     * fields but the forwarded ones reseau writes itself, then the joined cookies, then Host from
     * {@code :authority}. The Transfer-Encoding added is the backend connection's framing, written with it.
     */
    @Override
    public void writeFields(ByteBuf out, boolean upgrade) {
        if (decoded != null) {
            decoded.writeFields(out, upgrade);
            return;
        }
        CharSequence authority = frame.authority();
        for (Map.Entry<CharSequence, CharSequence> field : frame) {
            CharSequence name = field.getKey();
            if (kept(name) && !HttpHeaderNames.COOKIE.contentEquals(name)
                    && !(authority != null && HttpHeaderNames.HOST.contentEquals(name))
                    && !HopByHop.named(name) && !ForwardedHeaders.named(name)) {
                Http1Wire.writeField(out, name, field.getValue());
            }
        }
        String joined = cookies();
        if (joined != null) {
            Http1Wire.writeField(out, HttpHeaderNames.COOKIE, joined);
        }
        if (authority != null) {
            Http1Wire.writeField(out, HttpHeaderNames.HOST, authority);
        }
    }

    private boolean kept(CharSequence name) {
        return kept(name, underscores);
    }

    /**
     * Whether a field of a frame is one of the request's: not a pseudo-field, nor left out for an underscore in its
     * name unless {@code underscores}.
     */
    static boolean kept(CharSequence name, boolean underscores) {
        return !name.isEmpty() && name.charAt(0) != ':' && (underscores || AsciiString.indexOf(name, '_', 0) < 0);
    }

    /**
     * Whether the request has at most one field {@code name}, made from the frame's: Host from {@code :authority},
     * the joined cookies, the Transfer-Encoding added. (Host fields without {@code :authority} are the frame's own.)
     */
    private boolean oneField(AsciiString name) {
        return HttpHeaderNames.HOST.contentEquals(name) ? frame.authority() != null
                : HttpHeaderNames.COOKIE.contentEquals(name) || addedChunked(name);
    }

    /** Whether {@code name} is the Transfer-Encoding this request is given ({@link #chunked()}). */
    private boolean addedChunked(AsciiString name) {
        return HttpHeaderNames.TRANSFER_ENCODING.contentEquals(name) && chunked();
    }

    /** The frame's cookie fields joined with {@code "; "} (RFC 9113 8.2.3), or null without one. */
    private String cookies() {
        if (cookies == null && frame.contains(HttpHeaderNames.COOKIE)) {
            StringBuilder joined = new StringBuilder();
            for (CharSequence cookie : frame.getAll(HttpHeaderNames.COOKIE)) {
                joined.append(joined.isEmpty() ? "" : "; ").append(cookie);
            }
            cookies = joined.toString();
        }
        return cookies;
    }
}
