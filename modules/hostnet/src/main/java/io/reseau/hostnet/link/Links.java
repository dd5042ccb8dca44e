package io.reseau.hostnet.link;

import io.reseau.hostnet.exec.ProcessRunner;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Network interfaces in one namespace ({@code ip link}). */
public final class Links {

    private static final Pattern PROC_NETNS = Pattern.compile("/proc/(\\d+)/ns/net");

    private final ProcessRunner ip;

    public Links(ProcessRunner ip) {
        this.ip = ip;
    }

    /**
     * Creates a veth pair: {@code name} here, {@code peerName} in {@code peerNamespace} (which may be this
     * namespace). Neither end is up yet.
     */
    public void addVeth(String name, String peerName, NetworkNamespace peerNamespace) {
        List<String> command = new ArrayList<>(List.of("ip", "link", "add", Interfaces.requireName(name),
                "type", "veth", "peer", "name", Interfaces.requireName(peerName)));
        if (!peerNamespace.equals(ip.namespace())) {
            command.add("netns");
            command.add(netnsArgument(peerNamespace));
        }
        ip.check(command);
    }

    public void addBridge(String name) {
        ip.check("ip", "link", "add", Interfaces.requireName(name), "type", "bridge");
    }

    public void addVxlan(Vxlan vxlan) {
        List<String> command = new ArrayList<>(List.of("ip", "link", "add", vxlan.name()));
        vxlan.mtu().ifPresent(mtu -> command.addAll(List.of("mtu", Integer.toString(mtu))));
        command.addAll(List.of("type", "vxlan", "id", Integer.toString(vxlan.vni()), "local", vxlan.localAddress(),
                "dev", Interfaces.requireName(vxlan.underlayDevice()),
                "dstport", Integer.toString(vxlan.port()), "nolearning"));
        ip.check(command);
    }

    public void setUp(String name) {
        ip.check("ip", "link", "set", "dev", Interfaces.requireName(name), "up");
    }

    public void setDown(String name) {
        ip.check("ip", "link", "set", "dev", Interfaces.requireName(name), "down");
    }

    public void setMtu(String name, int mtu) {
        ip.check("ip", "link", "set", "dev", Interfaces.requireName(name), "mtu", Integer.toString(mtu));
    }

    public void setMac(String name, String mac) {
        ip.check("ip", "link", "set", "dev", Interfaces.requireName(name), "address", mac);
    }

    /** Enslaves the interface to a bridge. */
    public void setMaster(String name, String bridge) {
        ip.check("ip", "link", "set", "dev", Interfaces.requireName(name), "master", Interfaces.requireName(bridge));
    }

    /** Lets a bridge port send frames back out the port they came in on (a pod reaching itself via a Service). */
    public void setHairpin(String name, boolean on) {
        ip.check("bridge", "link", "set", "dev", Interfaces.requireName(name), "hairpin", on ? "on" : "off");
    }

    /** Renames an interface (it must be down). */
    public void rename(String name, String newName) {
        ip.check("ip", "link", "set", "dev", Interfaces.requireName(name), "name", Interfaces.requireName(newName));
    }

    /** Moves the interface into another namespace. */
    public void moveTo(String name, NetworkNamespace namespace) {
        ip.check("ip", "link", "set", "dev", Interfaces.requireName(name), "netns", netnsArgument(namespace));
    }

    /** Deletes the interface (and, for a veth, its peer); true if it existed. */
    public boolean delete(String name) {
        return ip.removeIfPresent(List.of("ip", "link", "del", "dev", Interfaces.requireName(name)),
                "Cannot find device");
    }

    public Optional<Link> get(String name) {
        return ip.readIfPresent(List.of("ip", "-json", "-details", "link", "show", "dev",
                        Interfaces.requireName(name)), "does not exist")
                .flatMap(json -> IpJson.array(json).stream().findFirst())
                .map(Link::from);
    }

    public List<Link> list() {
        return IpJson.array(ip.check("ip", "-json", "-details", "link", "show")).stream().map(Link::from).toList();
    }

    /**
     * iproute2 moves links into a namespace given by name or by the pid of a process inside it. Paths under
     * {@code /run/netns} (where {@code ip netns}, containerd and podman put theirs) are names; a
     * {@code /proc/<pid>/ns/net} path is its pid; this process's own namespace is this process's pid.
     */
    private static String netnsArgument(NetworkNamespace namespace) {
        if (namespace.isCurrent()) {
            return Long.toString(ProcessHandle.current().pid());
        }
        if (namespace.name().isPresent()) {
            return namespace.name().get();
        }
        Path path = namespace.path().orElseThrow();
        Path parent = path.getParent();
        if (parent != null && (parent.equals(Path.of("/var/run/netns")) || parent.equals(Path.of("/run/netns")))) {
            return path.getFileName().toString();
        }
        Matcher pid = PROC_NETNS.matcher(path.toString());
        if (pid.matches()) {
            return pid.group(1);
        }
        throw new IllegalArgumentException("iproute2 cannot move a link into " + namespace
                + ": give a namespace under /run/netns or a /proc/<pid>/ns/net path");
    }
}
