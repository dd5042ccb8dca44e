package io.reseau.cni;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.reseau.launcher.Launcher;

/** The reseau-cni binary. */
@QuarkusMain
public final class CniMain {

    static final Launcher LAUNCHER = new Launcher("reseau-cni",
            "the CNI node agent: the VXLAN overlay, routes and the pod network config on every node",
            """
            Usage: reseau-cni [--help] [--version]

            Runs on every node (DaemonSet, hostNetwork) next to the container runtime. The CNI plugin itself
            (the exec path the runtime calls for every pod) arrives with the CNI issue.

            Configuration (application properties, or environment variables):
              KUBECONFIG            kubeconfig to use outside a cluster (in a pod: its service account)
              QUARKUS_HTTP_PORT     health and metrics port (default 9641): /q/health/ready, /q/health/live, /q/metrics
              RESEAU_CNI_NODE_NAME  the Node this agent runs on (in a pod: from the downward API)

            Docs: docs/cni.md
            """);

    private CniMain() {
    }

    public static void main(String... args) {
        LAUNCHER.answerAndExitIfAsked(args, System.out);
        Quarkus.run(args);
    }
}
