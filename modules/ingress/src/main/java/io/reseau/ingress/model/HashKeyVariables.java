package io.reseau.ingress.model;

import java.util.List;
import java.util.regex.Pattern;

/** The nginx variables an {@code upstream-hash-by} key may hold: the ones the data plane fills in. */
public final class HashKeyVariables {

    public static final Pattern PATTERN = Pattern.compile("\\$[A-Za-z0-9_]+");
    public static final String DESCRIPTION = "$request_uri, $uri, $args, $host, $remote_addr, $binary_remote_addr,"
            + " $http_<field>, $cookie_<name>, $arg_<name>";

    private static final List<String> NAMED = List.of("$request_uri", "$uri", "$args", "$host", "$remote_addr",
            "$binary_remote_addr");
    private static final List<String> PREFIXES = List.of("$http_", "$cookie_", "$arg_");

    private HashKeyVariables() {
    }

    /** Whether {@code variable} (with its {@code $}) is one of them. */
    public static boolean known(String variable) {
        return NAMED.contains(variable) || PREFIXES.stream().anyMatch(
                prefix -> variable.startsWith(prefix) && variable.length() > prefix.length());
    }
}
