package io.reseau.ingress.compute;

import io.reseau.ingress.model.HeaderEdits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A configuration snippet that only sets fields, the commonest kind, written as reseau's typed annotations, so that
 * its refusal can say what to write instead: {@code more_set_headers "Name: value"} and {@code add_header Name value}
 * become lines of {@code reseau.io/response-headers}; {@code more_set_input_headers "Name: value"} and
 * {@code proxy_set_header Name value} lines of {@code reseau.io/request-headers}. Any other directive, a block, a
 * flag ({@code -s 404}, {@code -t text/html}), a field that is cleared or one reseau does not set: no suggestion.
 * Pure.
 */
final class SnippetFields {

    private SnippetFields() {
    }

    /** The annotations that do what {@code snippet} does, as YAML to write; empty if there are none. */
    static Optional<String> replacement(String snippet) {
        Optional<List<List<String>>> statements = statements(snippet);
        if (statements.isEmpty() || statements.get().isEmpty()) {
            return Optional.empty();
        }
        List<HeaderEdits.Field> request = new ArrayList<>();
        List<HeaderEdits.Field> response = new ArrayList<>();
        try {
            for (List<String> statement : statements.get()) {
                List<String> arguments = statement.subList(1, statement.size());
                switch (statement.getFirst()) {
                    case "more_set_headers" -> response.addAll(lines(arguments));
                    case "more_set_input_headers" -> request.addAll(lines(arguments));
                    case "add_header" -> response.add(pair(arguments, true));
                    case "proxy_set_header" -> request.add(pair(arguments, false));
                    default -> {
                        return Optional.empty();
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        List<String> annotations = new ArrayList<>();
        if (!request.isEmpty()) {
            annotations.add(Annotations.RESEAU + "request-headers: " + quoted(request));
        }
        if (!response.isEmpty()) {
            annotations.add(Annotations.RESEAU + "response-headers: " + quoted(response));
        }
        return Optional.of(String.join(" and ", annotations));
    }

    /** {@code "Name: value"} arguments, each a field set. */
    private static List<HeaderEdits.Field> lines(List<String> arguments) {
        List<HeaderEdits.Field> fields = new ArrayList<>();
        for (String argument : arguments) {
            int colon = argument.indexOf(':');
            if (argument.startsWith("-") || colon < 0 || argument.substring(colon + 1).isBlank()) {
                throw new IllegalArgumentException(argument);
            }
            fields.add(AnnotationValues.field(argument.substring(0, colon).strip(),
                    argument.substring(colon + 1).strip()));
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("no field");
        }
        return fields;
    }

    /** {@code Name value}, and {@code always} after it when {@code always} may follow. */
    private static HeaderEdits.Field pair(List<String> arguments, boolean always) {
        boolean withAlways = always && arguments.size() == 3 && arguments.get(2).equals("always");
        if (arguments.size() != 2 && !withAlways || arguments.get(1).isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", arguments));
        }
        return AnnotationValues.field(arguments.get(0), arguments.get(1));
    }

    /** The fields as a YAML double-quoted scalar of {@code Name: value} lines. */
    private static String quoted(List<HeaderEdits.Field> fields) {
        return fields.stream().map(field -> (field.name() + ": " + field.value()).replace("\\", "\\\\")
                .replace("\"", "\\\"")).collect(Collectors.joining("\\n", "\"", "\""));
    }

    /**
     * nginx's syntax: directives of words separated by blanks, ended by {@code ;}; words quoted with {@code "} or
     * {@code '} (a backslash escapes the next character); {@code #} comments to the end of the line. Empty if the
     * text holds a block or does not end its last directive or quote.
     */
    private static Optional<List<List<String>>> statements(String text) {
        List<List<String>> statements = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == '#') {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (c == '{' || c == '}') {
                return Optional.empty();
            } else if (Character.isWhitespace(c) || c == ';') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                if (c == ';' && !words.isEmpty()) {
                    statements.add(List.copyOf(words));
                    words.clear();
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        return quote == 0 && word == null && words.isEmpty() ? Optional.of(statements) : Optional.empty();
    }
}
