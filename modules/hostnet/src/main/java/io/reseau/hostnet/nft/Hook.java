package io.reseau.hostnet.nft;

/**
 * Where a base chain attaches: its type ({@code filter}, {@code nat}, {@code route}), netfilter hook
 * ({@code prerouting}, {@code input}, {@code forward}, {@code output}, {@code postrouting}), priority (a
 * standard name such as {@code dstnat}, {@code srcnat}, {@code filter}, or a number, optionally {@code name + n})
 * and default policy.
 */
public record Hook(String type, String hook, String priority, String policy) {

    public Hook {
        NftText.identifier("chain type", type);
        NftText.identifier("hook", hook);
        NftText.statement("priority", priority);
        NftText.identifier("policy", policy);
    }

    public static Hook of(String type, String hook, String priority) {
        return new Hook(type, hook, priority, "accept");
    }

    String render() {
        return "type " + type + " hook " + hook + " priority " + priority + "; policy " + policy + ";";
    }
}
