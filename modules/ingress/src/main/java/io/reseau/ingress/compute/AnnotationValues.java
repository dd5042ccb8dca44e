package io.reseau.ingress.compute;

import io.reseau.ingress.model.BackendProtocol;
import io.reseau.ingress.model.HeaderEdits;
import io.reseau.ingress.model.NginxVariables;
import io.reseau.ingress.model.SourceRange;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How the values of ingress-nginx's annotations and ConfigMap keys are read: nginx sizes and seconds, switches, status
 * codes, field names and values, redirect targets, address ranges. Each reads one value or throws an
 * {@link IllegalArgumentException} saying what is wrong with it, which its caller reports with the key's name.
 */
public final class AnnotationValues {

    private AnnotationValues() {
    }

    /** {@code custom-http-errors}: comma-separated statuses, 400 to 599. */
    public static Set<Integer> statuses(String text) {
        Set<Integer> statuses = new java.util.TreeSet<>();
        for (String status : text.split(",")) {
            if (status.isBlank()) {
                continue;
            }
            int code = Integer.parseInt(status.strip());
            if (code < 400 || code > 599) {
                throw new IllegalArgumentException(code + " is not an error status (400 to 599)");
            }
            statuses.add(code);
        }
        return statuses;
    }

    /** Fields reseau sets itself or that frame the message: never set by an annotation. */
    private static final Set<String> RESERVED_FIELDS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-connection", "x-forwarded-for",
            "x-real-ip", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "forwarded");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** Field names, each a token (spaces around them dropped, empty ones skipped). */
    public static List<String> fieldNames(List<String> names) {
        List<String> checked = names.stream().map(String::strip).filter(name -> !name.isEmpty()).toList();
        checked.stream().filter(name -> !TOKEN.matcher(name).matches()).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException("'" + name + "' is not a field name");
        });
        return checked;
    }

    /**
     * One field to set: a token name that reseau does not set itself nor frames the message with, a value without
     * control characters (so without line breaks).
     */
    static HeaderEdits.Field field(String name, String value) {
        if (!TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a field name");
        }
        if (RESERVED_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(name + " is set by reseau or frames the message");
        }
        return new HeaderEdits.Field(name, templated(name, value, NginxVariables::fieldVariable,
                NginxVariables.FIELD_DESCRIPTION));
    }

    /**
     * The value of {@code name}: without control characters, and holding only the variables {@code known} (those
     * {@code described}, for the message).
     */
    private static String templated(String name, String value, Predicate<String> known, String described) {
        fieldValue(value.isEmpty() ? " " : value);
        NginxVariables.unknown(value, known).ifPresent(variable -> {
            throw new IllegalArgumentException("'" + variable + "' in the value of " + name
                    + " is not a variable reseau fills in (" + described + ")");
        });
        return value;
    }

    /**
     * One FastCGI parameter ({@code fastcgi-params-configmap}): a CGI variable's name (letters, digits and
     * underscores), a value without control characters whose variables reseau fills in.
     */
    static HeaderEdits.Field fastCgiParam(String name, String value) {
        if (!name.matches("[A-Za-z0-9_]+")) {
            throw new IllegalArgumentException("'" + name + "' is not a parameter name (letters, digits, _)");
        }
        return new HeaderEdits.Field(name, templated(name, value, NginxVariables::fastCgiVariable,
                NginxVariables.FAST_CGI_DESCRIPTION));
    }

    /** A cookie's Domain: a host name, with or without nginx's leading dot. */
    static String cookieDomain(String text) {
        String label = "[A-Za-z0-9]([A-Za-z0-9\\-]*[A-Za-z0-9])?";
        if (!text.matches("\\.?" + label + "(\\." + label + ")*")) {
            throw new IllegalArgumentException("'" + text + "' is not a domain name");
        }
        return text;
    }

    static String sameSite(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "none" -> "None";
            case "lax" -> "Lax";
            case "strict" -> "Strict";
            default -> throw new IllegalArgumentException("'" + text + "' is not None, Lax or Strict");
        };
    }

    static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
        };
    }

    /** nginx's switches: {@code on} or {@code off}. */
    public static boolean onOff(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not on or off");
        };
    }

    /** {@code affinity-canary-behavior}: whether affinity keeps clients on the canary or off it. */
    static boolean stickyCanary(String text) {
        return switch (text) {
            case "sticky" -> true;
            case "legacy" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not sticky or legacy");
        };
    }

    /** {@code proxy-http-version}: whether backends are asked over HTTP/1.0 rather than 1.1. */
    static boolean http10(String text) {
        return switch (text) {
            case "1.0" -> true;
            case "1.1" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not 1.0 or 1.1");
        };
    }

    /** {@code connection-proxy-header}: a Connection field's options, tokens separated by commas. */
    static String connectionOptions(String text) {
        List<String> options = fieldNames(Arrays.asList(text.split(",")));
        if (options.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' names no connection option");
        }
        return String.join(", ", options);
    }

    /** A file name ({@code fastcgi-index}): letters, digits, dots, dashes and underscores, no path. */
    static String fileName(String text) {
        if (!text.matches("[A-Za-z0-9._-]+") || text.matches("\\.+")) {
            throw new IllegalArgumentException("'" + text + "' is not a file name");
        }
        return text;
    }

    static BackendProtocol protocol(String text) {
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "HTTP" -> BackendProtocol.HTTP;
            case "HTTPS" -> BackendProtocol.HTTPS;
            case "GRPC", "H2C" -> BackendProtocol.H2C;
            case "GRPCS" -> BackendProtocol.H2;
            case "AUTO_HTTP" -> BackendProtocol.AUTO_HTTP;
            case "FCGI" -> BackendProtocol.FCGI;
            default -> throw new IllegalArgumentException("'" + text + "' is not supported (HTTP, HTTPS, AUTO_HTTP,"
                    + " GRPC, GRPCS, H2C, FCGI)");
        };
    }

    /** The size of a response head ({@code proxy-buffer-size}): an nginx size from 1k to 1m. */
    public static int headSize(String text) {
        return sizeWithin(text, 1 << 10, 1 << 20, "1k to 1m");
    }

    /**
     * Of a body received whole ({@code client-body-buffer-size}), what is held in memory: an nginx size from 1k to
     * 64m (the rest waits in a temporary file).
     */
    public static int bodyMemorySize(String text) {
        return sizeWithin(text, 1 << 10, 64 << 20, "1k to 64m");
    }

    private static int sizeWithin(String text, int min, int max, String range) {
        long size = size(text);
        if (size < min || size > max) {
            throw new IllegalArgumentException("'" + text + "' is not a size from " + range);
        }
        return (int) size;
    }

    /** nginx sizes: bytes, or a number with k, m or g; 0 means no limit. */
    public static long size(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        long unit = switch (lower.isEmpty() ? ' ' : lower.charAt(lower.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? lower : lower.substring(0, lower.length() - 1);
        try {
            long value = Long.parseLong(digits);
            if (value < 0) {
                throw new IllegalArgumentException("'" + text + "' is negative");
            }
            return Math.multiplyExact(value, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size such as 8m", e);
        }
    }

    /** ingress-nginx timeouts are whole seconds; {@code 30s} is accepted too. */
    static Duration seconds(String text) {
        String digits = text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
        try {
            long value = Long.parseLong(digits);
            if (value <= 0) {
                throw new IllegalArgumentException("'" + text + "' is not a positive number of seconds");
            }
            return Duration.ofSeconds(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number of seconds", e);
        }
    }

    static Pattern pattern(String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a regular expression: " + e.getDescription(), e);
        }
    }

    /** A number of things, 0 or more. */
    static int count(String text) {
        int value = Integer.parseInt(text);
        if (value < 0) {
            throw new IllegalArgumentException("'" + text + "' is negative");
        }
        return value;
    }

    /** Endpoints tried in all, as {@code proxy-next-upstream-tries} counts them: 0 means every endpoint once. */
    public static int tries(int count) {
        if (count < 0) {
            throw new IllegalArgumentException(count + " is negative");
        }
        return count == 0 ? Integer.MAX_VALUE : count;
    }

    public static int positive(String text) {
        int value = Integer.parseInt(text);
        if (value <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a positive number");
        }
        return value;
    }

    /** An {@code opentelemetry-operation-name}: a span's name, with the nginx variables the data plane fills in. */
    public static String operationName(String text) {
        fieldValue(text);
        NginxVariables.unknown(text, NginxVariables::operationNameVariable).ifPresent(variable -> {
            throw new IllegalArgumentException(variable + " is not a variable reseau fills in ("
                    + NginxVariables.OPERATION_NAME_DESCRIPTION + ")");
        });
        return text;
    }

    /** An {@code upstream-hash-by} key: text with the nginx variables the data plane knows. */
    static String hashKey(String text) {
        NginxVariables.unknown(text, NginxVariables::hashKeyVariable).ifPresent(variable -> {
            throw new IllegalArgumentException(variable + " is not a variable reseau knows ("
                    + NginxVariables.HASH_KEY_DESCRIPTION + ")");
        });
        if (!NginxVariables.any(text)) {
            throw new IllegalArgumentException("'" + text + "' has no variable: every request would go to one"
                    + " endpoint");
        }
        return text;
    }

    /** A Host field: a name or address, with an optional port. */
    static String hostField(String text) {
        if (!text.matches("[A-Za-z0-9._\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?")) {
            throw new IllegalArgumentException("'" + text + "' is not a host name with an optional port");
        }
        return text;
    }

    /** A field value: not empty, no control characters. */
    static String fieldValue(String text) {
        if (text.isEmpty() || text.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("'" + text + "' is empty or has control characters");
        }
        return text;
    }

    /** A redirect's target: an absolute URL or a path, without spaces or control characters. */
    static String location(String text) {
        if (text.isEmpty() || text.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("'" + text + "' is not a URL (empty, or with spaces or control"
                    + " characters)");
        }
        try {
            URI uri = new URI(text);
            if (!uri.isAbsolute() && !text.startsWith("/")) {
                throw new IllegalArgumentException("'" + text + "' is neither an absolute URL nor a path");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason(), e);
        }
        return text;
    }

    static int redirectCode(String text) {
        int code;
        try {
            code = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a redirect status", e);
        }
        if (code < 300 || code > 308) {
            throw new IllegalArgumentException(code + " is not a redirect status (300-308)");
        }
        return code;
    }

    /** Comma-separated CIDRs, at least one. */
    public static List<SourceRange> ranges(String text) {
        List<SourceRange> ranges = new ArrayList<>();
        for (String cidr : text.split(",")) {
            if (!cidr.isBlank()) {
                ranges.add(SourceRange.parse(cidr));
            }
        }
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("no address range given");
        }
        return ranges;
    }
}
