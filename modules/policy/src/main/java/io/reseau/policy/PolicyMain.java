package io.reseau.policy;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.reseau.launcher.Launcher;

/** The reseau-policy binary. */
@QuarkusMain
public final class PolicyMain {

    static final Launcher LAUNCHER = new Launcher("reseau-policy",
            "the network policy agent: NetworkPolicies to nftables, on every node",
            """
            Usage: reseau-policy [--help] [--version]

            Runs on every node (DaemonSet, hostNetwork) and enforces NetworkPolicies for the pods on it.

            Configuration (application properties, or environment variables):
              KUBECONFIG               kubeconfig to use outside a cluster (in a pod: its service account)
              QUARKUS_HTTP_PORT        health and metrics port (default 9643): /q/health/ready, /q/health/live, /q/metrics
              RESEAU_POLICY_NODE_NAME  the Node this agent runs on (in a pod: from the downward API)

            Docs: docs/policy.md
            """);

    private PolicyMain() {
    }

    public static void main(String... args) {
        LAUNCHER.answerAndExitIfAsked(args, System.out);
        Quarkus.run(args);
    }
}
