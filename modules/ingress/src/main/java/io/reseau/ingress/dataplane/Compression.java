package io.reseau.ingress.dataplane;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Responses compressed on their way to clients in one coding, as ingress-nginx's {@code use-gzip} with
 * {@code gzip-level}, {@code gzip-min-length} and {@code gzip-types}, or {@code enable-brotli} with the
 * {@code brotli-*} keys, and the rules of nginx's gzip filter as ingress-nginx configures it ({@code gzip_proxied any},
 * {@code gzip_vary on}, {@code gzip_http_version 1.1}).
 *
 * @param coding    gzip or brotli
 * @param level     the compression level: zlib's 1 (fastest) to 9, brotli's 0 to 11
 * @param minLength responses whose Content-Length is below this are sent as they are
 * @param types     the media types compressed ({@code text/html} always is), or {@code *} for any (but gRPC's)
 * @param disabledFor the clients never given this coding, by User-Agent ({@code gzip-disable})
 */
public record Compression(Coding coding, int level, long minLength, Set<String> types,
        Optional<Pattern> disabledFor) {

    /** A content coding: its name in Accept-Encoding and Content-Encoding, its settings' prefix and levels. */
    public enum Coding {
        GZIP("gzip", "gzip", 1, 9),
        BROTLI("br", "brotli", 0, 11);

        private final AsciiString token;
        private final String setting;
        private final int minLevel;
        private final int maxLevel;

        Coding(String token, String setting, int minLevel, int maxLevel) {
            this.token = AsciiString.cached(token);
            this.setting = setting;
            this.minLevel = minLevel;
            this.maxLevel = maxLevel;
        }
    }

    /** ingress-nginx's default {@code gzip-types} (and {@code brotli-types}). */
    public static final String DEFAULT_TYPES = "application/atom+xml application/javascript application/x-javascript "
            + "application/json application/rss+xml application/vnd.ms-fontobject application/x-font-ttf "
            + "application/x-web-app-manifest+json application/xhtml+xml application/xml font/opentype image/svg+xml "
            + "image/x-icon text/css text/javascript text/plain text/x-component";

    private static final String ANY_TYPE = "*";
    private static final String ALWAYS = "text/html";
    /** gRPC frames its messages and names their compression itself (grpc-encoding): never compressed again. */
    private static final String GRPC = "application/grpc";
    /** The fields reseau writes, named as nginx writes them. */
    private static final AsciiString ACCEPT_ENCODING = AsciiString.cached("Accept-Encoding");
    private static final AsciiString VARY = AsciiString.cached("Vary");
    /** A Vary naming {@code *}: the response varies with everything already. */
    private static final String VARY_ANY = "*";
    private static final AsciiString CONTENT_ENCODING = AsciiString.cached("Content-Encoding");
    private static final AsciiString ETAG = AsciiString.cached("ETag");

    public Compression {
        if (level < coding.minLevel || level > coding.maxLevel) {
            throw new IllegalArgumentException(coding.setting + "-level must be " + coding.minLevel + " to "
                    + coding.maxLevel + ", not " + level);
        }
        if (minLength < 0) {
            throw new IllegalArgumentException(coding.setting + "-min-length must not be negative, not " + minLength);
        }
        types = Set.copyOf(types);
    }

    /** The settings from ingress-nginx's keys; {@code types} lists media types separated by spaces or commas. */
    public static Compression of(Coding coding, int level, long minLength, String types) {
        return new Compression(coding, level, minLength, Arrays.stream(types.split("[\\s,]+"))
                .filter(type -> !type.isEmpty())
                .map(type -> type.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet()), Optional.empty());
    }

    /**
     * These settings, not for clients whose User-Agent matches one of {@code regexes}, as nginx's
     * {@code gzip_disable} (ingress-nginx's {@code gzip-disable}): regular expressions separated by spaces, found
     * anywhere in any case; {@code msie6} is nginx's mask for Internet Explorer 4 to 6 (not 6 with SV1).
     */
    public Compression withDisabledFor(String regexes) {
        List<String> alternatives = Arrays.stream(regexes.strip().split("\\s+")).filter(regex -> !regex.isEmpty())
                .map(regex -> regex.equals("msie6") ? "MSIE [4-6]\\.(?!.*SV1)" : regex).toList();
        if (alternatives.isEmpty()) {
            return this;
        }
        try {
            return new Compression(coding, level, minLength, types, Optional.of(Pattern.compile(
                    alternatives.stream().map(regex -> "(?:" + regex + ")").collect(Collectors.joining("|")),
                    Pattern.CASE_INSENSITIVE)));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + regexes.strip()
                    + "' is not a list of regular expressions: " + e.getDescription(), e);
        }
    }

    /** Whether this coding is not for the client sending {@code userAgent} (null: none). */
    boolean refuses(String userAgent) {
        return disabledFor.isPresent() && userAgent != null && disabledFor.get().matcher(userAgent).find();
    }

    /**
     * Whether a response may be compressed, as nginx decides before asking the client: a 200, 403 or 404 with a
     * body, not encoded already, not known to be shorter than {@link #minLength}, of a listed type.
     */
    public boolean compressible(int status, boolean bodyless, String contentType, String contentEncoding,
            long contentLength) {
        return (status == 200 || status == 403 || status == 404)
                && !bodyless
                && (contentEncoding == null || contentEncoding.isBlank())
                && (contentLength < 0 || contentLength >= minLength)
                && contentType != null && typeListed(contentType);
    }

    /**
     * The compressor of a response's body in the first of {@code compressions} (in order of preference) that would
     * compress the response and that the client takes, or null to relay it as it is. A response nginx would compress
     * is marked as varying with Accept-Encoding, whether compressed or not; HTTP/1.0 clients get it as it is (as
     * ingress-nginx's {@code gzip_http_version 1.1}). The head of a compressed response is edited
     * ({@link #markCompressed}).
     */
    static BodyEncoder encoderFor(List<Compression> compressions, RequestHead request, ResponseHead response,
            Deflaters deflaters) {
        boolean bodyless = request.method().equals(HttpMethod.HEAD);
        for (Compression compression : compressions) {
            if (!compression.compressible(response.status(), bodyless, response.value(HttpHeaderNames.CONTENT_TYPE),
                    response.value(HttpHeaderNames.CONTENT_ENCODING), response.contentLength())) {
                continue;
            }
            addVary(response.headers());
            if (request.version().equals(HttpVersion.HTTP_1_0)) {
                return null;
            }
            if (compression.refuses(request.value(HttpHeaderNames.USER_AGENT))) {
                continue;
            }
            if (accepted(compression.coding, request.values(HttpHeaderNames.ACCEPT_ENCODING))) {
                markCompressed(response.headers(), compression.coding);
                return compression.coding == Coding.GZIP ? new GzipEncoder(deflaters)
                        : new BrotliEncoder(compression.level);
            }
        }
        return null;
    }

    private boolean typeListed(String contentType) {
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip()
                .toLowerCase(Locale.ROOT);
        return !type.isEmpty() && !type.startsWith(GRPC)
                && (type.equals(ALWAYS) || types.contains(type) || types.contains(ANY_TYPE));
    }

    /**
     * Whether the client takes {@code coding}: its Accept-Encoding fields name it with a quality above zero
     * (RFC 9110 12.5.3). Like nginx, {@code *} alone is not taken for it.
     */
    public static boolean accepted(Coding coding, List<String> acceptEncoding) {
        for (String field : acceptEncoding) {
            for (String element : field.split(",")) {
                String[] parts = element.split(";");
                if (coding.token.contentEqualsIgnoreCase(parts[0].strip())) {
                    return quality(parts) > 0;
                }
            }
        }
        return false;
    }

    /** The {@code q} parameter of a coding, 1 without one, 0 when unreadable. */
    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
                    && parameter.charAt(1) == '=') {
                try {
                    return Double.parseDouble(parameter.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** A compressible response varies with Accept-Encoding, whether this client's copy is compressed or not. */
    static void addVary(HttpHeaders headers) {
        // Netty's check reads comma-separated values, each trimmed.
        if (!headers.containsValue(HttpHeaderNames.VARY, VARY_ANY, false)
                && !headers.containsValue(HttpHeaderNames.VARY, ACCEPT_ENCODING, true)) {
            headers.add(VARY, ACCEPT_ENCODING);
        }
    }

    /**
     * The fields of a response sent compressed: its Content-Encoding, no length (the body goes chunked over HTTP/1.1) and
     * no byte ranges (they would count the compressed bytes), a strong ETag made weak (the bytes differ).
     */
    static void markCompressed(HttpHeaders headers, Coding coding) {
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.remove(HttpHeaderNames.ACCEPT_RANGES);
        headers.set(CONTENT_ENCODING, coding.token);
        String etag = headers.get(HttpHeaderNames.ETAG);
        if (etag != null && !etag.startsWith("W/")) {
            if (etag.startsWith("\"")) {
                headers.set(ETAG, "W/" + etag);
            } else {
                headers.remove(HttpHeaderNames.ETAG);
            }
        }
    }
}
