package io.reseau.hostnet.nft;

import io.reseau.hostnet.nft.kernel.Nf;

/** A verdict as a verdict map's value: {@code accept}, {@code drop}, {@code return}, {@code jump x}, {@code goto x}. */
public record MapVerdict(int code, String chain) {

    public static MapVerdict parse(String text) {
        String[] words = text.strip().split("\\s+");
        return switch (words[0]) {
            case "accept" -> single(words, Nf.VERDICT_ACCEPT);
            case "drop" -> single(words, Nf.VERDICT_DROP);
            case "return" -> single(words, Nf.VERDICT_RETURN);
            case "jump" -> target(words, Nf.VERDICT_JUMP);
            case "goto" -> target(words, Nf.VERDICT_GOTO);
            default -> throw new IllegalArgumentException("'" + text + "' is not a verdict");
        };
    }

    public String text() {
        return switch (code) {
            case Nf.VERDICT_ACCEPT -> "accept";
            case Nf.VERDICT_DROP -> "drop";
            case Nf.VERDICT_RETURN -> "return";
            case Nf.VERDICT_JUMP -> "jump " + chain;
            case Nf.VERDICT_GOTO -> "goto " + chain;
            default -> "verdict " + code;
        };
    }

    private static MapVerdict single(String[] words, int code) {
        if (words.length != 1) {
            throw new IllegalArgumentException("'" + String.join(" ", words) + "' is not a verdict");
        }
        return new MapVerdict(code, null);
    }

    private static MapVerdict target(String[] words, int code) {
        if (words.length != 2) {
            throw new IllegalArgumentException("'" + String.join(" ", words) + "' needs one chain");
        }
        return new MapVerdict(code, NftText.identifier("chain", words[1]));
    }
}
