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
              KUBECONFIG                     kubeconfig to use outside a cluster (in a pod: its service account)
              RESEAU_INGRESS_HTTP_PORT       plain HTTP port (default 8080)
              RESEAU_INGRESS_HTTPS_PORT      HTTPS port (default 8443)
              RESEAU_INGRESS_PUBLISH_SERVICE namespace/name of its own Service, whose address goes into Ingress status
              RESEAU_INGRESS_WORKER_PROCESSES event loop threads (default auto: one per CPU)
              RESEAU_INGRESS_VALIDATING_WEBHOOK admission webhook address, e.g. :8444 (default: none)
              QUARKUS_HTTP_PORT              management port (default 9644): /q/health/ready, /q/health/live, /q/metrics
              Every reseau.ingress.* setting is listed in docs/ingress.md.

            Docs: docs/ingress.md
            """);

    private IngressMain() {
    }

    public static void main(String... args) {
        LAUNCHER.answerAndExitIfAsked(args, System.out);
        Quarkus.run(args);
    }
}
