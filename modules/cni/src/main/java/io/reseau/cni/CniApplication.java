package io.reseau.cni;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.reseau.informers.ControllerRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/** Starts reseau-cni's node agent with the application and stops it with it. */
@ApplicationScoped
public class CniApplication {

    private static final Logger LOG = Logger.getLogger(CniApplication.class);

    private volatile CniController agent;

    void start(@Observes StartupEvent started, ControllerRuntime runtime, CniConfig config) {
        agent = new CniController(runtime, config.settings());
        agent.start().thenRun(() -> LOG.infof("reseau-cni on node %s: caches synced, programming the overlay",
                config.nodeName()));
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        if (agent != null) {
            agent.close();
        }
    }

    /** Successful syncs so far (a method, not a field: callers hold a CDI client proxy of this bean). */
    long completedSyncs() {
        CniController controller = agent;
        return controller == null ? 0 : controller.completedSyncs();
    }

    /** Ready once the overlay and the conflist have been written at least once. */
    @Readiness
    @ApplicationScoped
    static class OverlayProgrammed implements HealthCheck {

        private final CniApplication application;

        OverlayProgrammed(CniApplication application) {
            this.application = application;
        }

        @Override
        public HealthCheckResponse call() {
            long syncs = application.completedSyncs();
            return HealthCheckResponse.named("overlay").status(syncs > 0).withData("syncs", syncs).build();
        }
    }
}
