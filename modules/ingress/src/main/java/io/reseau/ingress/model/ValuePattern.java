package io.reseau.ingress.model;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A source value of an nginx {@code map}, as ingress-nginx writes {@code block-user-agents} and {@code block-referers}
 * into one: {@code ~regex} (case-sensitive) and {@code ~*regex} (case-insensitive) match anywhere in the value;
 * anything else is the whole value, in any case.
 */
public record ValuePattern(String text, Pattern regex) {

    public static ValuePattern parse(String text) {
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("an empty entry");
        }
        try {
            if (stripped.startsWith("~*")) {
                return new ValuePattern(stripped, Pattern.compile(stripped.substring(2), Pattern.CASE_INSENSITIVE));
            }
            if (stripped.startsWith("~")) {
                return new ValuePattern(stripped, Pattern.compile(stripped.substring(1)));
            }
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + stripped + "' is not a valid regular expression: "
                    + e.getDescription(), e);
        }
        // Anchored: every pattern is then searched for the same way (find), a whole value's too.
        return new ValuePattern(stripped, Pattern.compile("\\A" + Pattern.quote(stripped) + "\\z",
                Pattern.CASE_INSENSITIVE));
    }

    /** Comma-separated entries, as ingress-nginx's ConfigMap keys take them. */
    public static List<ValuePattern> list(String text) {
        return Arrays.stream(text.split(",")).filter(entry -> !entry.isBlank()).map(ValuePattern::parse).toList();
    }

    /** Whether a field's value matches; an absent field (null) never does, as nginx's empty variable. */
    public boolean matches(String value) {
        if (value == null) {
            return false;
        }
        return regex.matcher(value).find();
    }
}
