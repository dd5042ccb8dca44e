package io.reseau.ingress.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one Ingress path matches a request path (already normalised, without the query). The order routes are
 * tried in is {@link #rank()}: longest path first and, for equal paths, Exact before Prefix, as the Kubernetes
 * Ingress specification says.
 */
public sealed interface PathMatch {

    /** The path as written in the Ingress. */
    String path();

    /** Whether the request path matches. */
    boolean matches(String requestPath);

    /** Smaller ranks are tried first. */
    default int rank() {
        // Twice the length so that Exact (even) sorts before Prefix and regex (odd) of the same length.
        return -(path().length() * 2) + (this instanceof Exact ? 0 : 1);
    }

    /** {@code pathType: Exact}: the path and nothing else (case-sensitive, trailing slash significant). */
    record Exact(String path) implements PathMatch {
        @Override
        public boolean matches(String requestPath) {
            return requestPath.equals(path);
        }
    }

    /**
     * {@code pathType: Prefix}: element-wise prefix on {@code /}-separated elements, so {@code /foo} matches
     * {@code /foo}, {@code /foo/} and {@code /foo/bar} but not {@code /foobar}; a trailing slash in the Ingress
     * is ignored ({@code /foo/} matches {@code /foo}).
     */
    record Prefix(String path) implements PathMatch {
        @Override
        public boolean matches(String requestPath) {
            String prefix = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            if (prefix.equals("/")) {
                return true;
            }
            return requestPath.startsWith(prefix)
                    && (requestPath.length() == prefix.length() || requestPath.charAt(prefix.length()) == '/');
        }
    }

    /**
     * A regular expression anchored at the start of the path, case-insensitive, as ingress-nginx matches paths
     * when {@code use-regex} or {@code rewrite-target} is set. Its capture groups feed rewrite-target.
     */
    record Regex(String path, Pattern pattern) implements PathMatch {

        public static Regex of(String path) {
            return new Regex(path, Pattern.compile(path, Pattern.CASE_INSENSITIVE));
        }

        @Override
        public boolean matches(String requestPath) {
            return pattern.matcher(requestPath).lookingAt();
        }

        /** A matcher positioned on the match, for rewriting; call only after {@link #matches} said yes. */
        public Matcher matcher(String requestPath) {
            Matcher matcher = pattern.matcher(requestPath);
            if (!matcher.lookingAt()) {
                throw new IllegalStateException(requestPath + " does not match " + path);
            }
            return matcher;
        }
    }
}
