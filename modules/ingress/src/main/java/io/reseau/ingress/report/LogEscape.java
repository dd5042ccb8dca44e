package io.reseau.ingress.report;

/**
 * How the values of an access log line are escaped, as nginx's {@code log_format escape=}: {@code DEFAULT} writes
 * {@code "}, {@code \} and bytes outside printable ASCII as {@code \xHH}; {@code JSON} as a JSON string's inside
 * ({@code log-format-escape-json}); {@code NONE} leaves them as they are ({@code log-format-escape-none}).
 */
public enum LogEscape {
    DEFAULT,
    JSON,
    NONE;

    /** ingress-nginx's two keys: {@code log-format-escape-none} takes precedence, as in its template. */
    public static LogEscape of(boolean json, boolean none) {
        return none ? NONE : json ? JSON : DEFAULT;
    }
}
