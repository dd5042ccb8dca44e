package io.reseau.proxy;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.reseau.launcher.Launcher;

/** The reseau-proxy binary. */
@QuarkusMain
public final class ProxyMain {

    static final Launcher LAUNCHER = new Launcher("reseau-proxy",
            "the service proxy: Services and EndpointSlices to nftables, on every node",
            """
            Usage: reseau-proxy [--help] [--version]

            Runs on every node (DaemonSet, hostNetwork) in place of kube-proxy.

            Configuration (application properties, or environment variables):
              KUBECONFIG              kubeconfig to use outside a cluster (in a pod: its service account)
              QUARKUS_HTTP_PORT       health and metrics port (default 9642): /q/health/ready, /q/health/live, /q/metrics
              RESEAU_PROXY_NODE_NAME  the Node this proxy runs on (in a pod: from the downward API)

            Docs: docs/proxy.md
            """);

    private ProxyMain() {
    }

    public static void main(String... args) {
        LAUNCHER.answerAndExitIfAsked(args, System.out);
        Quarkus.run(args);
    }
}
