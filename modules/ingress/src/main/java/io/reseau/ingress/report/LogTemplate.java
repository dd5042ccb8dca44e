package io.reseau.ingress.report;

import io.reseau.ingress.model.NginxVariables;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * An nginx {@code log_format}: a template of text and variables, each line made by asking for the variables' values,
 * which are escaped as {@link LogEscape} says. A variable that has no value (null: a field the request lacks, say) is
 * written as nginx writes one not found: {@code -} with the default escaping, nothing with {@code JSON} or
 * {@code NONE} (so {@code "referer": "$http_referer"} stays {@code ""}). Pure.
 */
final class LogTemplate {

    /** nginx's {@code $time_local} and {@code $time_iso8601}, in UTC. */
    static final DateTimeFormatter TIME_LOCAL = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    static final DateTimeFormatter TIME_ISO8601 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final List<NginxVariables.Part> parts;
    private final LogEscape escape;

    LogTemplate(String template, LogEscape escape) {
        this.parts = NginxVariables.parts(template);
        this.escape = escape;
    }

    /** The template's variables that are not {@code known}, each once. */
    List<String> unknown(Collection<String> known) {
        return parts.stream().filter(part -> part.variable() && !known.contains(part.text()))
                .map(NginxVariables.Part::text).distinct().toList();
    }

    /** The line, each variable ({@code $name}) replaced by its value, or as not found where it answers null. */
    String line(Function<String, String> valueOf) {
        StringBuilder line = new StringBuilder(256);
        for (NginxVariables.Part part : parts) {
            if (part.variable()) {
                escape(line, valueOf.apply(part.text()));
            } else {
                line.append(part.text());
            }
        }
        return line.toString();
    }

    /** Seconds with milliseconds, as nginx writes times. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    private void escape(StringBuilder line, String value) {
        if (value == null) {
            line.append(escape == LogEscape.DEFAULT ? "-" : "");
            return;
        }
        if (escape == LogEscape.JSON) {
            appendJson(line, value);
            return;
        }
        if (escape == LogEscape.NONE) {
            line.append(value);
            return;
        }
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int octet = b & 0xff;
            if (octet == '"' || octet == '\\' || octet < 0x20 || octet > 0x7e) {
                line.append("\\x").append(HEX[octet >> 4]).append(HEX[octet & 0xf]);
            } else {
                line.append((char) octet);
            }
        }
    }

    /** {@code value} as the inside of a JSON string: quotes, backslashes and control characters escaped. */
    static void appendJson(StringBuilder line, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
    }
}
