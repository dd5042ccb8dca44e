package io.reseau.ingress.dataplane;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Normalises a request path once, before routing, and that normal form is also what the backend receives, so
 * that the path a rule matched is the path the application sees: percent-encoded unreserved characters are
 * decoded ({@code %2e} is {@code .}, RFC 3986 6.2.2.2), then {@code //} collapses and {@code .} and {@code ..}
 * segments are resolved (RFC 3986 5.2.4). Refused (empty result): a {@code ..} above the root, an encoded
 * {@code /} or {@code \} (a backend decoding them would see another path than the one routed, e.g.
 * {@code /admin%2Fx} passing a rule on {@code /admin}), control characters and malformed escapes. {@code %25}
 * stays encoded, so nothing is decoded twice.
 */
public final class PathNormalizer {

    private PathNormalizer() {
    }

    public static Optional<String> normalize(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return Optional.empty();
        }
        if (alreadyNormal(rawPath)) {
            return Optional.of(rawPath);
        }
        StringBuilder decoded = new StringBuilder(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return Optional.empty();
            }
            if (c != '%') {
                decoded.append(c);
                continue;
            }
            if (i + 2 >= rawPath.length()) {
                return Optional.empty();
            }
            int high = Character.digit(rawPath.charAt(i + 1), 16);
            int low = Character.digit(rawPath.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return Optional.empty();
            }
            char escaped = (char) (high * 16 + low);
            if (escaped == '/' || escaped == '\\') {
                return Optional.empty();
            }
            if (unreserved(escaped)) {
                decoded.append(escaped);
            } else {
                // Kept encoded, in upper case (RFC 3986 6.2.2.1), so equal paths compare equal.
                decoded.append('%').append(Character.toUpperCase(rawPath.charAt(i + 1)))
                        .append(Character.toUpperCase(rawPath.charAt(i + 2)));
            }
            i += 2;
        }
        return resolveSegments(decoded.toString());
    }

    /** The common case, without allocation: printable ASCII, no escape, no empty or dot segment. */
    private static boolean alreadyNormal(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '%') {
                return false;
            }
            if (c == '/' && i + 1 < path.length() && (path.charAt(i + 1) == '/' || path.charAt(i + 1) == '.')) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> resolveSegments(String path) {
        Deque<String> kept = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            switch (segment) {
                case "", "." -> {
                    // "//" and "/./" collapse; a trailing "/" or "/." keeps the path a directory.
                    if (last) {
                        kept.addLast("");
                    }
                }
                case ".." -> {
                    if (kept.isEmpty() || (kept.size() == 1 && kept.peekLast().isEmpty())) {
                        return Optional.empty();
                    }
                    kept.removeLast();
                    if (last) {
                        kept.addLast("");
                    }
                }
                default -> kept.addLast(segment);
            }
        }
        return Optional.of("/" + String.join("/", kept));
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~';
    }
}
