package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.reseau.ingress.model.FastCgi;
import io.reseau.ingress.model.HeaderEdits;
import io.reseau.ingress.model.NginxVariables;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The parameters a FastCGI backend is sent for a request, as nginx sends them with ingress-nginx's configuration:
 * nginx's standard {@code fastcgi_params} (without {@code DOCUMENT_ROOT} and {@code SERVER_ADDR}: reseau has no
 * document root, and the address is the pod's), the route's own parameters ({@code fastcgi-params-configmap}, their
 * variables filled in) over those of the same name, then each request field as {@code HTTP_<NAME>}: the fields an
 * HTTP backend would be sent, forwarded ones included. A field whose name has an underscore is not sent, even with
 * {@code enable-underscores-in-headers} ({@code X_Real_IP} would pass for {@code X-Real-IP}), nor {@code Proxy}
 * ({@code HTTP_PROXY}, which CGI programs take for their proxy: "httpoxy").
 * <p>
 * Values are byte strings (one char a byte, ISO-8859-1, as HTTP fields are read): what the request carried goes
 * byte for byte, its path percent-decoded into bytes as nginx's {@code $uri}, and the route's own text as its UTF-8
 * bytes, as nginx sends its configuration's.
 */
final class FastCgiParams {

    private FastCgiParams() {
    }

    /**
     * The parameters of a request to {@code pathAndQuery} (the path as routed, rewritten or not), with these
     * {@code fields}; {@code variables} is asked only when a route's parameter holds one.
     */
    static Map<String, String> of(RequestHead request, HttpHeaders fields, String pathAndQuery, ClientInfo client,
            String host, FastCgi fastCgi, Supplier<RequestVariables> variables) {
        int question = pathAndQuery.indexOf('?');
        String path = decodedPath(question < 0 ? pathAndQuery : pathAndQuery.substring(0, question));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("QUERY_STRING", question < 0 ? "" : pathAndQuery.substring(question + 1));
        params.put("REQUEST_METHOD", request.method().name());
        params.put("CONTENT_TYPE", orEmpty(fields.get(HttpHeaderNames.CONTENT_TYPE)));
        params.put("CONTENT_LENGTH", orEmpty(fields.get(HttpHeaderNames.CONTENT_LENGTH)));
        params.put("SCRIPT_NAME", path.endsWith("/") ? path + fastCgi.index() : path);
        params.put("REQUEST_URI", request.target());
        params.put("DOCUMENT_URI", path);
        params.put("SERVER_PROTOCOL", request.version().text());
        params.put("REQUEST_SCHEME", client.scheme());
        if (client.secure()) {
            params.put("HTTPS", "on");
        }
        params.put("GATEWAY_INTERFACE", "CGI/1.1");
        params.put("SERVER_SOFTWARE", "reseau");
        params.put("REMOTE_ADDR", client.ip());
        params.put("REMOTE_PORT", client.port());
        params.put("SERVER_PORT", client.localPort());
        params.put("SERVER_NAME", host);
        params.put("REDIRECT_STATUS", "200");
        RequestVariables filled = null;
        for (HeaderEdits.Field param : fastCgi.params()) {
            String value = bytes(param.value());
            if (param.templated()) {
                if (filled == null) {
                    filled = variables.get();
                }
                RequestVariables fieldValues = filled;
                value = NginxVariables.expand(value, name -> NginxVariables.FAST_CGI_PARAMETERS.containsKey(name)
                        ? params.getOrDefault(NginxVariables.FAST_CGI_PARAMETERS.get(name), "")
                        : fieldValues.value(name));
            }
            params.put(param.name(), value);
        }
        for (String name : fields.names()) {
            if (name.indexOf('_') < 0 && !name.equalsIgnoreCase("proxy")) {
                params.put("HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_'), String.join(
                        name.equalsIgnoreCase("cookie") ? "; " : ", ", fields.getAll(name)));
            }
        }
        return params;
    }

    /**
     * The path percent-decoded into bytes, as nginx's {@code $uri} (a {@code +} stays one); as it is if it cannot be.
     */
    private static String decodedPath(String path) {
        try {
            return new QueryStringDecoder(path, StandardCharsets.ISO_8859_1).path();
        } catch (IllegalArgumentException malformed) {
            return path;
        }
    }

    /** {@code text}'s UTF-8 bytes as a byte string. */
    private static String bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
