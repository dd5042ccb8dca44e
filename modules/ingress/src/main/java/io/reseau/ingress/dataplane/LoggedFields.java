package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.util.AsciiString;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The access log's variables of fields and cookies, each with what it names: request fields ({@code $http_<name>}),
 * cookies of the request ({@code $cookie_<name>}) and response fields ({@code $sent_http_<name>}). A field's name is
 * the variable's rest in lowercase with {@code -} for {@code _}, a cookie's is matched ignoring case, as nginx's.
 * The data plane keeps their values, by variable, for the log line; most logs name none.
 */
public record LoggedFields(Map<String, AsciiString> request, Map<String, String> cookies,
        Map<String, AsciiString> response) {

    public static final LoggedFields NONE = new LoggedFields(Map.of(), Map.of(), Map.of());

    private static final String REQUEST_FIELD = "$http_";
    private static final String COOKIE = "$cookie_";
    private static final String RESPONSE_FIELD = "$sent_http_";

    public LoggedFields {
        request = Map.copyOf(request);
        cookies = Map.copyOf(cookies);
        response = Map.copyOf(response);
    }

    /** The field and cookie variables among {@code variables}; the others are not this class's. */
    public static LoggedFields of(List<String> variables) {
        Map<String, AsciiString> request = new LinkedHashMap<>();
        Map<String, String> cookies = new LinkedHashMap<>();
        Map<String, AsciiString> response = new LinkedHashMap<>();
        for (String variable : variables) {
            if (variable.startsWith(REQUEST_FIELD)) {
                request.put(variable, fieldName(variable.substring(REQUEST_FIELD.length())));
            } else if (variable.startsWith(COOKIE)) {
                cookies.put(variable, variable.substring(COOKIE.length()));
            } else if (variable.startsWith(RESPONSE_FIELD)) {
                response.put(variable, fieldName(variable.substring(RESPONSE_FIELD.length())));
            }
        }
        return new LoggedFields(request, cookies, response);
    }

    /** Whether {@code variable} is one of these. */
    public boolean names(String variable) {
        return request.containsKey(variable) || cookies.containsKey(variable) || response.containsKey(variable);
    }

    /**
     * The values of the request's variables {@code head} has, by variable, with {@code responseValues} (several
     * fields of one name joined by {@code ", "}).
     */
    Map<String, String> of(RequestHead head, Map<String, String> responseValues) {
        if (request.isEmpty() && cookies.isEmpty()) {
            return responseValues;
        }
        Map<String, String> values = new HashMap<>(responseValues);
        request.forEach((variable, name) -> {
            List<String> sent = head.values(name);
            if (!sent.isEmpty()) {
                values.put(variable, String.join(", ", sent));
            }
        });
        cookies.forEach((variable, name) -> {
            String value = cookie(head, name);
            if (value != null) {
                values.put(variable, value);
            }
        });
        return values;
    }

    /** The values of the response's variables {@code head} has, by variable: the first field of several of a name. */
    Map<String, String> of(ResponseHead head) {
        if (response.isEmpty()) {
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        response.forEach((variable, name) -> {
            String value = head.value(name);
            if (value != null) {
                values.put(variable, value);
            }
        });
        return values;
    }

    private static String cookie(RequestHead head, String name) {
        for (String field : head.values(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decode(field)) {
                if (cookie.name().equalsIgnoreCase(name)) {
                    return cookie.value();
                }
            }
        }
        return null;
    }

    private static AsciiString fieldName(String variableRest) {
        return AsciiString.cached(variableRest.toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
