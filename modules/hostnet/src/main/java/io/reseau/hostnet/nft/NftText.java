package io.reseau.hostnet.nft;

import java.util.regex.Pattern;

/**
 * Guards the names that go into nftables objects: what nft's own syntax accepts unquoted, so that every
 * object can be written out as nft text and read by people. Values are checked by their {@link DataType}.
 */
public final class NftText {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-]{0,255}");

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
}
