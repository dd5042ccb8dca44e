package io.reseau.ingress.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a route changes in the fields it passes on. {@code reseau.io/request-headers} and
 * {@code reseau.io/response-headers}: fields set (replacing any of the same name) on the request to the backend and
 * on the response to the client, the typed replacement for the {@code more_set_input_headers} and
 * {@code more_set_headers} lines of ingress-nginx's configuration snippets, which reseau never accepts. And
 * ingress-nginx's {@code proxy-redirect-from}/{@code -to} ({@code location}: a Location field starting with
 * {@code from} starts with {@code to} instead), {@code proxy-cookie-domain} and {@code proxy-cookie-path} (the
 * Domain attribute equal to {@code from}, ignoring case, or the Path attribute starting with it, of each
 * Set-Cookie), as nginx's {@code proxy_redirect}, {@code proxy_cookie_domain} and {@code proxy_cookie_path}.
 */
public record HeaderEdits(List<Field> request, List<Field> response, Optional<Rewrite> location,
        Optional<Rewrite> cookieDomain, Optional<Rewrite> cookiePath) {

    /**
     * One field, checked: a token name, a value without control characters, which may hold nginx variables
     * ({@link NginxVariables#fieldVariable}: {@code templated}, filled in for each request).
     */
    public record Field(String name, String value, boolean templated) {

        public Field(String name, String value) {
            this(name, value, NginxVariables.any(value));
        }
    }

    /** A value, or its start, {@code from} that becomes {@code to}. */
    public record Rewrite(String from, String to) {
    }

    private static final Pattern DOMAIN = Pattern.compile("(?i)(;\\s*domain=)([^;]*)");
    private static final Pattern PATH = Pattern.compile("(?i)(;\\s*path=)([^;]*)");

    public HeaderEdits {
        request = List.copyOf(request);
        response = List.copyOf(response);
    }

    /** Fields set on requests and responses only. */
    public HeaderEdits(List<Field> request, List<Field> response) {
        this(request, response, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** These rewrites, with these fields set instead. */
    public HeaderEdits withFields(List<Field> requestFields, List<Field> responseFields) {
        return new HeaderEdits(requestFields, responseFields, location, cookieDomain, cookiePath);
    }

    /** The Location field as the client gets it. */
    public String location(String value) {
        return location.filter(rewrite -> value.startsWith(rewrite.from()))
                .map(rewrite -> rewrite.to() + value.substring(rewrite.from().length())).orElse(value);
    }

    /** A Set-Cookie field as the client gets it. */
    public String setCookie(String value) {
        String cookie = value;
        if (cookieDomain.isPresent()) {
            Rewrite rewrite = cookieDomain.get();
            cookie = replaceAttribute(cookie, DOMAIN, domain -> domain.strip().toLowerCase(Locale.ROOT)
                    .equals(rewrite.from().toLowerCase(Locale.ROOT)) ? rewrite.to() : null);
        }
        if (cookiePath.isPresent()) {
            Rewrite rewrite = cookiePath.get();
            cookie = replaceAttribute(cookie, PATH, path -> path.strip().startsWith(rewrite.from())
                    ? rewrite.to() + path.strip().substring(rewrite.from().length()) : null);
        }
        return cookie;
    }

    private static String replaceAttribute(String cookie, Pattern attribute,
            java.util.function.Function<String, String> replacement) {
        Matcher matcher = attribute.matcher(cookie);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replaced = replacement.apply(matcher.group(2));
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1)
                    + (replaced == null ? matcher.group(2) : replaced)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Whether responses' Location or Set-Cookie fields change. */
    public boolean rewritesResponses() {
        return location.isPresent() || cookieDomain.isPresent() || cookiePath.isPresent();
    }
}
