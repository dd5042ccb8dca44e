package io.reseau.cni;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.reseau.cni.apply.PluginInstaller;
import io.reseau.launcher.Launcher;
import java.nio.file.Path;
import java.util.Map;

/** The reseau-cni binary: the node agent, and {@code install}, the chart's init step. */
@QuarkusMain
public final class CniMain {

    static final Launcher LAUNCHER = new Launcher("reseau-cni",
            "the pod network: the CNI plugin and its node agent (VXLAN overlay, routes, masquerade, conflist)",
            """
            Usage: reseau-cni [--help] [--version]
                   reseau-cni install

            Without arguments: the node agent. Runs on every node (DaemonSet, hostNetwork): builds the bridge and
            the VXLAN overlay from the Nodes' spec.podCIDRs, writes the CNI configuration once its Node has a pod
            CIDR, and serves the plugin's calls on a Unix socket.

            install: writes the plugin into the CNI bin dir as 'reseau' (a shell script that hands each call to the
            agent) and exits. The chart runs it as the DaemonSet's init container.

            Configuration (application properties, or environment variables):
              KUBECONFIG                 kubeconfig to use outside a cluster (in a pod: its service account)
              QUARKUS_HTTP_PORT          health and metrics port (default 9641): /q/health/ready, /q/health/live, /q/metrics
              RESEAU_CNI_NODE_NAME       the Node this agent runs on (in a pod: from the downward API)
              RESEAU_CNI_CLUSTER_CIDRS   the pod network, one CIDR per family (default 10.42.0.0/16)
              RESEAU_CNI_CONF_DIR        where the conflist goes (default /etc/cni/net.d)
              RESEAU_CNI_SPOOL_DIR       where the plugin hands calls to the agent (default /run/reseau/cni)
              RESEAU_CNI_DATA_DIR        address allocations (default /var/lib/reseau/cni)
              RESEAU_CNI_BIN_DIR         install: the CNI bin dir (default /opt/cni/bin)
            More (MTU, VXLAN device, port and VNI, underlay address): docs/cni.md.

            Docs: docs/cni.md
            """);

    private CniMain() {
    }

    public static void main(String... args) {
        LAUNCHER.answerAndExitIfAsked(args, System.out);
        if (args.length > 0 && args[0].equals("install")) {
            System.out.println("reseau-cni: installed " + PluginInstaller.install(installSettings(System.getenv())));
            return;
        }
        Quarkus.run(args);
    }

    /**
     * The install step runs without the agent's framework (it is an init container's one job), so it reads its
     * few settings from the environment, under the names the agent's own configuration uses.
     */
    static PluginInstaller.Settings installSettings(Map<String, String> env) {
        return new PluginInstaller.Settings(Path.of(env.getOrDefault("RESEAU_CNI_BIN_DIR", "/opt/cni/bin")),
                Path.of(env.getOrDefault("RESEAU_CNI_SPOOL_DIR", "/run/reseau/cni")));
    }
}
