package io.reseau.hostnet.nft;

import java.util.regex.Pattern;

/**
 * Guards what goes into an nft script. Every object is one line of the script, so that an error nft reports on
 * a line names exactly one object; text that could break a line, or smuggle a second command in, is refused
 * before nft sees it.
 */
public final class NftText {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-]{0,255}");
    private static final Pattern FORBIDDEN_IN_STATEMENT = Pattern.compile("[\\n\\r;#]");
    private static final Pattern FORBIDDEN_IN_ELEMENT = Pattern.compile("[\\n\\r;#{},\"]");
    private static final Pattern UNSAFE_IN_COMMENT = Pattern.compile("[^A-Za-z0-9 _./:@=+\\-]");

    private NftText() {
    }

    /** A table, chain, set or map name: a letter, then letters, digits, {@code _ . -}; at most 256 characters. */
    public static String identifier(String kind, String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid nftables " + kind + " name: '" + name
                    + "' (a letter, then letters, digits, '_', '.', '-'; at most 256 characters)");
        }
        return name;
    }

    /** A rule or type expression: one line, one command. */
    public static String statement(String kind, String text) {
        if (text == null || text.isBlank() || FORBIDDEN_IN_STATEMENT.matcher(text).find()) {
            throw new IllegalArgumentException("not a single nftables " + kind + ": '" + text + "'");
        }
        return text.strip();
    }

    /** A set or map element (key or value). */
    public static String element(String text) {
        if (text == null || text.isBlank() || FORBIDDEN_IN_ELEMENT.matcher(text).find()) {
            throw new IllegalArgumentException("not a valid nftables element: '" + text + "'");
        }
        return text.strip();
    }

    /** A {@code comment "…"} clause from any text (an object's name, say), with unsafe characters replaced. */
    public static String comment(String text) {
        String safe = UNSAFE_IN_COMMENT.matcher(text).replaceAll("_");
        return "comment \"" + (safe.length() > 128 ? safe.substring(0, 128) : safe) + "\"";
    }
}
