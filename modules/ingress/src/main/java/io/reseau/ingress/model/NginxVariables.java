package io.reseau.ingress.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nginx variables ({@code $host}, {@code $http_x_user}, ...) that ingress-nginx's annotations and ConfigMap
 * keys may hold, in the URLs of {@code auth-url}, {@code auth-signin} and {@code mirror-target}
 * ({@link #URL_VARIABLES}), in {@code upstream-hash-by} keys ({@link #hashKeyVariable}) and in the values of the
 * fields set on requests and responses ({@link #fieldVariable}): finding them, and replacing them.
 */
public final class NginxVariables {

    /** The variables an {@code upstream-hash-by} key may hold, for messages. */
    public static final String HASH_KEY_DESCRIPTION = "$request_uri, $uri, $args, $host, $remote_addr,"
            + " $binary_remote_addr, $http_<field>, $cookie_<name>, $arg_<name>";

    /** The variables the values of fields set on requests and responses may hold, for messages. */
    public static final String FIELD_DESCRIPTION = HASH_KEY_DESCRIPTION
            + ", $scheme, $server_port, $request_method, $request_id, $msec";

    /**
     * The variables a FastCGI parameter's value may hold beside the fields', each with the standard parameter whose
     * value it is ({@code $fastcgi_script_name} is {@code SCRIPT_NAME}).
     */
    public static final SortedMap<String, String> FAST_CGI_PARAMETERS = Collections.unmodifiableSortedMap(
            new TreeMap<>(Map.of("$fastcgi_script_name", "SCRIPT_NAME", "$document_uri", "DOCUMENT_URI",
                    "$query_string", "QUERY_STRING", "$content_type", "CONTENT_TYPE", "$content_length",
                    "CONTENT_LENGTH", "$server_protocol", "SERVER_PROTOCOL", "$server_name", "SERVER_NAME",
                    "$remote_port", "REMOTE_PORT", "$https", "HTTPS")));

    /** The variables a FastCGI parameter's value may hold, for messages. */
    public static final String FAST_CGI_DESCRIPTION = FIELD_DESCRIPTION + ", "
            + String.join(", ", FAST_CGI_PARAMETERS.keySet());

    /** The variables a span's name may hold ({@code opentelemetry-operation-name}), for messages. */
    public static final String OPERATION_NAME_DESCRIPTION = FIELD_DESCRIPTION
            + ", $namespace, $ingress_name, $service_name, $service_port";

    /** The variables the URLs of annotations may hold. */
    public static final List<String> URL_VARIABLES = List.of("$scheme", "$host", "$http_host", "$best_http_host",
            "$request_uri", "$escaped_request_uri");

    /** {@code $name}, or {@code ${name}} where letters follow. */
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([A-Za-z0-9_]+)}|([A-Za-z0-9_]+))");
    private static final List<String> HASH_KEY_NAMED = List.of("$request_uri", "$uri", "$args", "$host",
            "$remote_addr", "$binary_remote_addr");
    private static final List<String> HASH_KEY_PREFIXES = List.of("$http_", "$cookie_", "$arg_");
    private static final List<String> FIELD_NAMED = List.of("$scheme", "$server_port", "$request_method",
            "$request_id", "$msec");
    private static final List<String> RULE_NAMED = List.of("$namespace", "$ingress_name", "$service_name",
            "$service_port");

    private NginxVariables() {
    }

    /** Whether {@code variable} (with its {@code $}) may stand in an {@code upstream-hash-by} key. */
    public static boolean hashKeyVariable(String variable) {
        return HASH_KEY_NAMED.contains(variable) || HASH_KEY_PREFIXES.stream().anyMatch(
                prefix -> variable.startsWith(prefix) && variable.length() > prefix.length());
    }

    /** Whether {@code variable} (with its {@code $}) may stand in the value of a field set on a request or response. */
    public static boolean fieldVariable(String variable) {
        return hashKeyVariable(variable) || FIELD_NAMED.contains(variable);
    }

    /**
     * Whether {@code variable} (with its {@code $}) may stand in a FastCGI parameter's value
     * ({@code fastcgi-params-configmap}): those of fields, and nginx's for the standard parameters
     * ({@code $fastcgi_script_name}, ...).
     */
    public static boolean fastCgiVariable(String variable) {
        return fieldVariable(variable) || FAST_CGI_PARAMETERS.containsKey(variable);
    }

    /**
     * Whether {@code variable} (with its {@code $}) may stand in a span's name: those of fields, and the Ingress rule's
     * (its namespace, Ingress and Service names, Service port).
     */
    public static boolean operationNameVariable(String variable) {
        return fieldVariable(variable) || RULE_NAMED.contains(variable);
    }

    /** Whether {@code text} holds any variable. */
    public static boolean any(String text) {
        return VARIABLE.matcher(text).find();
    }

    /** The first variable of {@code text} that {@code known} refuses, if any. */
    public static Optional<String> unknown(String text, Predicate<String> known) {
        Matcher variable = VARIABLE.matcher(text);
        while (variable.find()) {
            if (!known.test(name(variable))) {
                return Optional.of(variable.group());
            }
        }
        return Optional.empty();
    }

    /** The variable found, as {@code $name} whether or not it was written in braces. */
    private static String name(Matcher variable) {
        return "$" + (variable.group(1) != null ? variable.group(1) : variable.group(2));
    }

    /** nginx's {@code $msec}: seconds since the epoch with milliseconds, {@code 1733416000.123}. */
    public static String msec(long epochMillis) {
        return "%d.%03d".formatted(epochMillis / 1000, epochMillis % 1000);
    }

    /** A piece of a template: text as written, or a variable's name (with its {@code $}). */
    public record Part(String text, boolean variable) {
    }

    /** {@code template} cut into its text and its variables, in order, for templates filled in many times. */
    public static List<Part> parts(String template) {
        List<Part> parts = new ArrayList<>();
        Matcher variable = VARIABLE.matcher(template);
        int written = 0;
        while (variable.find()) {
            if (variable.start() > written) {
                parts.add(new Part(template.substring(written, variable.start()), false));
            }
            parts.add(new Part(name(variable), true));
            written = variable.end();
        }
        if (written < template.length()) {
            parts.add(new Part(template.substring(written), false));
        }
        return List.copyOf(parts);
    }

    /** {@code template} with each variable replaced by {@code value} of it (with its {@code $}; null is empty). */
    public static String expand(String template, UnaryOperator<String> value) {
        Matcher variable = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            String replacement = value.apply(name(variable));
            variable.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? "" : replacement));
        }
        return variable.appendTail(out).toString();
    }
}
