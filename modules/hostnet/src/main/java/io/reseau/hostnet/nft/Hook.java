package io.reseau.hostnet.nft;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a base chain attaches: its type ({@code filter}, {@code nat}, {@code route}), netfilter hook
 * ({@code prerouting}, {@code input}, {@code forward}, {@code output}, {@code postrouting}), priority (a number,
 * or a standard name such as {@code dstnat}, {@code filter}, {@code srcnat} optionally {@code ± n}) and policy.
 */
public record Hook(String type, String hook, String priority, String policy) {

    private static final Map<String, Integer> HOOKS = Map.of("prerouting", 0, "input", 1, "forward", 2, "output", 3,
            "postrouting", 4);
    private static final Map<String, Integer> PRIORITIES = Map.of("raw", -300, "mangle", -150, "dstnat", -100,
            "filter", 0, "security", 50, "srcnat", 100);
    private static final Pattern PRIORITY = Pattern.compile("(-?\\d+)|([a-z]+)\\s*(?:([+-])\\s*(\\d+))?");

    public Hook {
        if (!Map.of("filter", 0, "nat", 0, "route", 0).containsKey(type)) {
            throw new IllegalArgumentException("a base chain's type is filter, nat or route, not '" + type + "'");
        }
        if (!HOOKS.containsKey(hook)) {
            throw new IllegalArgumentException("not a netfilter hook: '" + hook + "'");
        }
        if (!policy.equals("accept") && !policy.equals("drop")) {
            throw new IllegalArgumentException("a chain's policy is accept or drop, not '" + policy + "'");
        }
        priorityValue(priority);
    }

    public static Hook of(String type, String hook, String priority) {
        return new Hook(type, hook, priority, "accept");
    }

    /** The hook's name for a netfilter hook number, e.g. {@code prerouting} for 0. */
    static String hookName(int number) {
        return HOOKS.entrySet().stream().filter(e -> e.getValue() == number).map(Map.Entry::getKey).findFirst()
                .orElse("hook " + number);
    }

    /** The netfilter hook number. */
    public int hookNumber() {
        return HOOKS.get(hook);
    }

    /** The priority as the kernel takes it, e.g. -110 for {@code dstnat - 10}. */
    public int priorityValue() {
        return priorityValue(priority);
    }

    String render() {
        return "type " + type + " hook " + hook + " priority " + priority + "; policy " + policy + ";";
    }

    private static int priorityValue(String priority) {
        Matcher m = PRIORITY.matcher(priority.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a chain priority: '" + priority + "'");
        }
        if (m.group(1) != null) {
            return Integer.parseInt(m.group(1));
        }
        Integer base = PRIORITIES.get(m.group(2));
        if (base == null) {
            throw new IllegalArgumentException("unknown priority name '" + m.group(2) + "' in '" + priority + "'");
        }
        int delta = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
        return "-".equals(m.group(3)) ? base - delta : base + delta;
    }
}
