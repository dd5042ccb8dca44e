package io.reseau.cni.spec;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code CNI_*} variables a runtime sets for one call, checked against the spec: which ones each command
 * needs, and what a container id and an interface name may look like. Bad ones are reported by name.
 */
public record CniEnvironment(CniCommand command, String containerId, Optional<String> netns, String ifname) {

    /** The spec's rule for container ids: alphanumerics, then also '_', '.' and '-'. */
    private static final Pattern CONTAINER_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.\\-]*");
    /** The kernel's rule for interface names. */
    private static final Pattern IFNAME = Pattern.compile("[^/\\s:]{1,15}");

    public static CniEnvironment parse(Map<String, String> env) {
        String name = env.getOrDefault("CNI_COMMAND", "");
        CniCommand command = CniCommand.named(name).orElseThrow(() -> new CniError(CniError.INVALID_ENVIRONMENT,
                name.isEmpty() ? "CNI_COMMAND is not set: it must be one of ADD, DEL, CHECK, VERSION, STATUS, GC"
                        : "CNI_COMMAND=" + name + " is not a CNI command: it must be one of ADD, DEL, CHECK, VERSION, STATUS, GC"));
        if (!command.perAttachment()) {
            return new CniEnvironment(command, "", Optional.empty(), "");
        }
        String containerId = env.getOrDefault("CNI_CONTAINERID", "");
        if (!CONTAINER_ID.matcher(containerId).matches()) {
            throw new CniError(CniError.INVALID_ENVIRONMENT, containerId.isEmpty()
                    ? "CNI_CONTAINERID is not set (" + command + " needs the container's id)"
                    : "CNI_CONTAINERID='" + containerId + "' is not a container id: letters and digits, then also '_', '.', '-'");
        }
        String ifname = env.getOrDefault("CNI_IFNAME", "");
        if (!IFNAME.matcher(ifname).matches() || ifname.equals(".") || ifname.equals("..")) {
            throw new CniError(CniError.INVALID_ENVIRONMENT, ifname.isEmpty()
                    ? "CNI_IFNAME is not set (" + command + " needs the interface name inside the container)"
                    : "CNI_IFNAME='" + ifname + "' is not an interface name: 1 to 15 characters, no '/', ':' or whitespace");
        }
        String netns = env.getOrDefault("CNI_NETNS", "");
        if (command.needsNetns() && netns.isEmpty()) {
            throw new CniError(CniError.INVALID_ENVIRONMENT, "CNI_NETNS is not set (" + command
                    + " needs the path of the container's network namespace)");
        }
        return new CniEnvironment(command, containerId, netns.isEmpty() ? Optional.empty() : Optional.of(netns), ifname);
    }
}
