package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.reseau.ingress.model.HeaderEdits;
import java.util.List;
import java.util.function.Supplier;

/**
 * A route's {@link HeaderEdits} of the response: fields set (their variables filled in from the request),
 * Location and Set-Cookie rewritten.
 */
final class ResponseFieldEdits {

    private ResponseFieldEdits() {
    }

    static void apply(HeaderEdits edits, HttpHeaders fields, Supplier<RequestVariables> variables) {
        RequestVariables.set(edits.response(), fields, variables);
        if (!edits.rewritesResponses()) {
            return;
        }
        String location = fields.get(HttpHeaderNames.LOCATION);
        if (location != null) {
            fields.set(HttpHeaderNames.LOCATION, edits.location(location));
        }
        List<String> cookies = fields.getAll(HttpHeaderNames.SET_COOKIE);
        if (!cookies.isEmpty()) {
            fields.set(HttpHeaderNames.SET_COOKIE, cookies.stream().map(edits::setCookie).toList());
        }
    }
}
