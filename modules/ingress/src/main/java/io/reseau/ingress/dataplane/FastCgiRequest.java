package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request for a FastCGI backend: its {@link FastCgiParams parameters}, in the order sent, written as records by
 * {@link UpstreamFastCgiConnection} each time it is sent (a retry sends it again). {@code CONTENT_LENGTH} must give a
 * body's length, so a chunked body is received whole first, as nginx does for FastCGI. The method tells whether the
 * response has a body to relay ({@code HEAD}'s has none, whatever the application writes); the response's CGI head
 * may take up to {@code maxResponseHead} bytes (the route's {@code proxy-buffer-size}).
 */
record FastCgiRequest(HttpMethod method, Map<String, String> params, boolean chunked, int maxResponseHead)
        implements UpstreamRequestHead {

    FastCgiRequest {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    @Override
    public boolean needsLength() {
        return chunked;
    }

    @Override
    public FastCgiRequest withBufferedBody(long length) {
        Map<String, String> sized = new LinkedHashMap<>(params);
        sized.put("CONTENT_LENGTH", Long.toString(length));
        return new FastCgiRequest(method, sized, false, maxResponseHead);
    }
}
