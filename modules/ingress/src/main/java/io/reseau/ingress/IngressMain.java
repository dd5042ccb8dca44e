package io.reseau.ingress;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.reseau.launcher.Launcher;

/** The reseau-ingress binary. */
@QuarkusMain
public final class IngressMain {

    static final Launcher LAUNCHER = new Launcher("reseau-ingress",
            "the ingress controller: Ingress objects to a Netty reverse proxy",
            """
            Usage: reseau-ingress [--help] [--version]

            Runs as a Deployment behind a LoadBalancer Service and serves the Ingresses of its IngressClass.

            Configuration (application properties, or environment variables):
              KUBECONFIG         kubeconfig to use outside a cluster (in a pod: its service account)
              QUARKUS_HTTP_PORT  management port (default 9644): /q/health/ready, /q/health/live, /q/metrics

            Docs: docs/ingress.md
            """);

    private IngressMain() {
    }

    public static void main(String... args) {
        LAUNCHER.answerAndExitIfAsked(args, System.out);
        Quarkus.run(args);
    }
}
