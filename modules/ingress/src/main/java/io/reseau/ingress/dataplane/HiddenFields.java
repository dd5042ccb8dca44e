package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The fields of backends' responses that clients do not get: ingress-nginx's {@code hide-headers}, and the Server
 * field unless {@code allow-backend-server-header} (nginx does not pass a backend's on). Names in lower case.
 */
final class HiddenFields {

    /** None: every field passes (for request heads). */
    static final HiddenFields NONE = new HiddenFields(List.of());

    private final AsciiString[] names;

    private HiddenFields(List<AsciiString> names) {
        this.names = names.toArray(AsciiString[]::new);
    }

    /** {@code hidden}, and Server unless {@code server}. */
    static HiddenFields of(boolean server, Collection<String> hidden) {
        List<AsciiString> names = new ArrayList<>();
        if (!server) {
            names.add(HttpHeaderNames.SERVER);
        }
        hidden.stream().map(name -> AsciiString.of(name.toLowerCase(Locale.ROOT))).filter(name -> !names.contains(name))
                .forEach(names::add);
        return new HiddenFields(names);
    }

    /** Whether the name in {@code head} from {@code from} to {@code to} is one of these, in any case. */
    boolean hides(byte[] head, int from, int to) {
        for (AsciiString name : names) {
            if (Http1Head.equalsLowercase(head, from, to, name)) {
                return true;
            }
        }
        return false;
    }

    /** Removes these from {@code fields}. */
    void removeFrom(HttpHeaders fields) {
        for (AsciiString name : names) {
            fields.remove(name);
        }
    }
}
