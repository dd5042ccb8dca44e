package io.reseau.ingress.model;

import java.util.regex.Pattern;

/** Host names as RFC 1123 spells them: dot-separated labels of letters, digits and inner hyphens. */
public final class HostNames {

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private HostNames() {
    }

    /** Whether {@code text} is a host name (without a final dot). */
    public static boolean valid(String text) {
        return text.length() <= 253 && HOST_NAME.matcher(text).matches();
    }
}
