package io.reseau.ingress.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Arrays;
import java.util.List;

/**
 * Tells the backend who called: X-Forwarded-For/-Proto/-Host/-Port, X-Real-IP, Forwarded (RFC 7239),
 * X-Forwarded-Scheme and X-Scheme (the scheme again, as ingress-nginx sends it: some frameworks read those), and
 * X-Original-Forwarded-For, the X-Forwarded-For the client sent, as it sent it (ingress-nginx's, for applications
 * behind a CDN that want the chain even where reseau does not trust it). Values a
 * client sent are replaced, never extended: reseau-ingress is the edge, and a client could otherwise pass
 * itself off as any address to an application trusting these headers. Only behind trusted proxies, with
 * {@code compute-full-forwarded-for}, does X-Forwarded-For carry the chain they reported ({@link TrustedProxies}).
 * A client's {@code Proxy} field is dropped, as ingress-nginx drops it: applications run the CGI way see it as the
 * HTTP_PROXY variable and would send their own outgoing requests through the client's proxy ("httpoxy").
 */
final class ForwardedHeaders {

    // Names with their hash worked out once, as they are set on every request.
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
    private static final AsciiString X_REAL_IP = AsciiString.cached("X-Real-IP");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");
    private static final AsciiString X_FORWARDED_PORT = AsciiString.cached("X-Forwarded-Port");
    private static final AsciiString FORWARDED = AsciiString.cached("Forwarded");
    private static final AsciiString X_FORWARDED_SCHEME = AsciiString.cached("X-Forwarded-Scheme");
    private static final AsciiString X_SCHEME = AsciiString.cached("X-Scheme");
    private static final AsciiString X_ORIGINAL_FORWARDED_FOR = AsciiString.cached("X-Original-Forwarded-For");
    private static final AsciiString X_FORWARDED_FOR_LOWERCASE = X_FORWARDED_FOR.toLowerCase();
    private static final AsciiString PROXY = AsciiString.cached("Proxy");
    /** The client's fields of these names are not passed on: all but Proxy are replaced by reseau's own. */
    private static final AsciiString[] NAMES = {X_FORWARDED_FOR, X_REAL_IP, X_FORWARDED_PROTO, X_FORWARDED_HOST,
            X_FORWARDED_PORT, FORWARDED, X_FORWARDED_SCHEME, X_SCHEME, X_ORIGINAL_FORWARDED_FOR, PROXY};
    private static final List<AsciiString> LOWERCASE_NAMES = Arrays.stream(NAMES).map(AsciiString::toLowerCase)
            .toList();

    /**
     * Where the fields go: a request's headers, or the bytes of a request head. The target is passed along, not
     * captured: the sinks are then objects made once, where a lambda capturing the head's buffer was a new object
     * for every request.
     */
    private interface Sink<T> {
        void field(T target, CharSequence name, CharSequence value);

        /** Forwarded, {@code for=<node>;proto=<scheme>;host="<host>"}. */
        default void forwarded(T target, String node, String scheme, String host) {
            field(target, FORWARDED, "for=" + node + ";proto=" + scheme + ";host=\"" + host + "\"");
        }
    }

    private static final Sink<HttpHeaders> HEADERS = HttpHeaders::set;

    /** Writes Forwarded's value in its parts: no string is made for it on every request. */
    private static final Sink<ByteBuf> LINES = new Sink<>() {
        @Override
        public void field(ByteBuf out, CharSequence name, CharSequence value) {
            Http1Wire.writeField(out, name, value);
        }

        @Override
        public void forwarded(ByteBuf out, String node, String scheme, String host) {
            ByteBufUtil.writeAscii(out, FORWARDED);
            ByteBufUtil.writeAscii(out, ": for=");
            ByteBufUtil.writeAscii(out, node);
            ByteBufUtil.writeAscii(out, ";proto=");
            ByteBufUtil.writeAscii(out, scheme);
            ByteBufUtil.writeAscii(out, ";host=\"");
            ByteBufUtil.writeAscii(out, host);
            out.writeByte('"');
            out.writeBytes(Http1Wire.CRLF);
        }
    };

    private ForwardedHeaders() {
    }

    /** Sets the fields in a request's headers, replacing what the client sent, and drops its Proxy field. */
    static void set(HttpHeaders headers, ClientInfo client, String host) {
        String sent = joined(headers.getAll(X_FORWARDED_FOR));
        headers.remove(PROXY);
        headers.remove(X_ORIGINAL_FORWARDED_FOR);
        fields(client, host, sent, headers, HEADERS);
    }

    /** The values of the client's X-Forwarded-For fields as one, or null when it sent none. */
    private static String joined(List<String> values) {
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /**
     * Writes the fields as lines, {@code request} being the client's request; the client's own are left out by the
     * writer of the rest ({@link #named}).
     */
    static void write(ByteBuf out, ClientInfo client, String host, RequestHead request) {
        fields(client, host, joined(request.values(X_FORWARDED_FOR_LOWERCASE)), out, LINES);
    }

    /** Whether a field a client sent is one of these, which the proxy replaces or drops. */
    static boolean named(CharSequence name) {
        for (AsciiString forwarded : NAMES) {
            if (forwarded.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether field {@code i} of a scanned head is one of these, which the proxy replaces or drops. */
    static boolean named(Http1Head head, int i) {
        return head.nameIsOneOf(i, LOWERCASE_NAMES);
    }

    /** The fields; X-Original-Forwarded-For only when the client sent an X-Forwarded-For ({@code sent}). */
    private static <T> void fields(ClientInfo client, String host, String sent, T target, Sink<T> sink) {
        sink.field(target, X_FORWARDED_FOR, client.forwardedFor());
        sink.field(target, X_REAL_IP, client.ip());
        sink.field(target, X_FORWARDED_PROTO, client.scheme());
        sink.field(target, X_FORWARDED_HOST, host);
        sink.field(target, X_FORWARDED_PORT, client.localPort());
        sink.field(target, X_FORWARDED_SCHEME, client.scheme());
        sink.field(target, X_SCHEME, client.scheme());
        String quotedHost = host.indexOf('"') < 0 ? host : host.replace("\"", "");
        sink.forwarded(target, client.forwardedNode(), client.scheme(), quotedHost);
        if (sent != null) {
            sink.field(target, X_ORIGINAL_FORWARDED_FOR, sent);
        }
    }
}
