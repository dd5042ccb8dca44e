package io.reseau.cni;

import io.reseau.cni.apply.OverlayDevices;
import io.reseau.cni.ipam.Cidr;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** reseau-cni's configuration: properties {@code reseau.cni.*}, or environment variables {@code RESEAU_CNI_*}. */
@ConfigMapping(prefix = "reseau.cni")
public interface CniConfig {

    /** The Node this agent runs on (in a pod: from the downward API). */
    @WithName("node-name")
    String nodeName();

    /** The pod network, one CIDR per family: pod traffic leaving it is masqueraded. */
    @WithName("cluster-cidrs")
    @WithDefault("10.42.0.0/16")
    List<String> clusterCidrs();

    /** The network namespace to program, by name or path; by default the agent's own (the node's). */
    @WithName("network-namespace")
    Optional<String> networkNamespace();

    /** Where the runtime reads network configurations. */
    @WithName("conf-dir")
    @WithDefault("/etc/cni/net.d")
    Path confDir();

    @WithName("conf-file")
    @WithDefault("10-reseau.conflist")
    String confFile();

    /** The cniVersion of the conflist: 1.0.0 is what current runtimes and Debian's reference plugins all speak. */
    @WithName("cni-version")
    @WithDefault("1.0.0")
    String cniVersion();

    /** Whether {@code portmap} follows reseau in the conflist (for hostPorts; it must be in the CNI bin dir). */
    @WithName("chain-portmap")
    @WithDefault("true")
    boolean chainPortmap();

    /** The directory through which the plugin calls the agent (install writes it into the plugin). */
    @WithName("spool-dir")
    @WithDefault("/run/reseau/cni")
    Path spoolDir();

    /** Where address allocations live (host-local's layout). */
    @WithName("data-dir")
    @WithDefault("/var/lib/reseau/cni")
    Path dataDir();

    @WithDefault("reseau0")
    String bridge();

    @WithName("vxlan-device")
    @WithDefault("reseau-vxlan")
    String vxlanDevice();

    @WithDefault("1")
    int vni();

    /** The VXLAN UDP port: 8472 is the Linux default and flannel's. */
    @WithName("vxlan-port")
    @WithDefault("8472")
    int vxlanPort();

    /** The underlay address VXLAN packets go to; by default the Node's IPv4 InternalIP. */
    @WithName("underlay-address")
    Optional<String> underlayAddress();

    /** The pods' MTU; by default the underlay device's less VXLAN's 50 bytes. */
    Optional<Integer> mtu();

    @WithName("min-sync-period")
    @WithDefault("1s")
    Duration minSyncPeriod();

    @WithName("sync-period")
    @WithDefault("5m")
    Duration syncPeriod();

    default CniController.Settings settings() {
        NetworkNamespace namespace = networkNamespace()
                .map(ns -> ns.startsWith("/") ? NetworkNamespace.atPath(Path.of(ns)) : NetworkNamespace.named(ns))
                .orElse(NetworkNamespace.current());
        List<Cidr> clusters = clusterCidrs().stream().map(Cidr::parse).toList();
        return new CniController.Settings(nodeName(), clusters, namespace,
                new OverlayDevices.Settings(bridge(), vxlanDevice(), vni(), vxlanPort(), mtu()), underlayAddress(),
                confDir().resolve(confFile()), cniVersion(), chainPortmap(), dataDir(), spoolDir(), minSyncPeriod(),
                syncPeriod());
    }
}
