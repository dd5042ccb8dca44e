package io.reseau.certs;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.reseau.launcher.Launcher;

/** The reseau-certs binary. */
@QuarkusMain
public final class CertsMain {

    static final Launcher LAUNCHER = new Launcher("reseau-certs",
            "the certificate issuer: ACME certificates for Ingresses, as TLS Secrets",
            """
            Usage: reseau-certs [--help] [--version]

            Runs as a leader-elected Deployment and keeps the TLS Secrets of annotated Ingresses issued and renewed.

            Configuration (application properties, or environment variables):
              KUBECONFIG         kubeconfig to use outside a cluster (in a pod: its service account)
              QUARKUS_HTTP_PORT  health and metrics port (default 9645): /q/health/ready, /q/health/live, /q/metrics

            Docs: docs/certs.md
            """);

    private CertsMain() {
    }

    public static void main(String... args) {
        LAUNCHER.answerAndExitIfAsked(args, System.out);
        Quarkus.run(args);
    }
}
