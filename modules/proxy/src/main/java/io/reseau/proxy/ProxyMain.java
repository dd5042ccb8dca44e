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

            Configuration (environment variables, or properties reseau.proxy.* in lower case with dashes):
              KUBECONFIG                          kubeconfig outside a cluster (in a pod: its service account)
              QUARKUS_HTTP_PORT                   health and metrics port (default 9642): /q/health/ready,
                                                  /q/health/live, /q/metrics
              RESEAU_PROXY_NODE_NAME              the Node this proxy runs on (in a pod: from the downward API)
              RESEAU_PROXY_CLUSTER_CIDRS          pod network(s), comma-separated (default 10.42.0.0/16)
              RESEAU_PROXY_NODE_PORT_RANGE        default 30000-32767
              RESEAU_PROXY_PROXY_NAME             handle only Services labelled
                                                  service.kubernetes.io/service-proxy-name=<this>
              RESEAU_PROXY_MIN_SYNC_PERIOD        changes closer than this are one sync (default 1s)
              RESEAU_PROXY_SYNC_PERIOD            periodic full sync (default 1h)
              RESEAU_PROXY_VERIFY_PERIOD          read the kernel's tables back this often (default 1h)
              RESEAU_PROXY_NETWORK_NAMESPACE      program this network namespace (name or path) instead of
                                                  the proxy's own
              RESEAU_PROXY_LOAD_BALANCER_MODE     node-ips (default), pool or off
              RESEAU_PROXY_LOAD_BALANCER_POOL     for pool: CIDRs or FIRST-LAST ranges, comma-separated
              RESEAU_PROXY_LOAD_BALANCER_LEASE_NAMESPACE   where the load balancer's leader Lease lives
                                                  (default reseau-system)

            Docs: docs/proxy.md
            """);

    private ProxyMain() {
    }

    public static void main(String... args) {
        LAUNCHER.answerAndExitIfAsked(args, System.out);
        Quarkus.run(args);
    }
}
