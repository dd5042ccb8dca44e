package io.reseau.it.sandbox;

import io.reseau.hostnet.exec.ProcessRunner;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.util.List;

/**
 * What the machine's own network looks like from the root namespace: its links, addresses, routes and
 * nftables ruleset, as {@code ip} and {@code nft} print them (link counters and lifetimes left out).
 */
record MachineNetwork(String links, String addresses, String routes, String ruleset) {

    static MachineNetwork now() {
        ProcessRunner root = new ProcessRunner(NetworkNamespace.current());
        return new MachineNetwork(
                root.check("ip", "-o", "link", "show").lines().map(MachineNetwork::nameAndFlags).sorted()
                        .reduce("", (all, line) -> all + line + "\n"),
                root.check("ip", "-o", "-4", "addr", "show").lines().map(MachineNetwork::withoutLifetimes).sorted()
                        .reduce("", (all, line) -> all + line + "\n"),
                root.check(List.of("ip", "route", "show", "table", "all")),
                root.check("nft", "list", "ruleset"));
    }

    /** {@code 2: eth0@if5: <BROADCAST,…,UP> mtu …}: the name and flags, not the counters after them. */
    private static String nameAndFlags(String line) {
        int end = line.indexOf(" mtu ");
        return (end < 0 ? line : line.substring(0, end)).replaceFirst("^\\d+: ", "");
    }

    private static String withoutLifetimes(String line) {
        int end = line.indexOf("valid_lft");
        return (end < 0 ? line : line.substring(0, end)).replaceFirst("^\\d+: ", "").trim();
    }
}
