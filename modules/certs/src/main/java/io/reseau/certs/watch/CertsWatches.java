package io.reseau.certs.watch;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.quarkus.runtime.StartupEvent;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.watch.ChangeHandler;
import io.reseau.informers.watch.Informers;
import io.reseau.informers.watch.Watch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * What reseau-certs watches. The controller that turns these caches into the component's state arrives with the
 * component's own issue; until then the caches fill and readiness reports their sync.
 */
@ApplicationScoped
public class CertsWatches {

    private static final Logger LOG = Logger.getLogger(CertsWatches.class);

    void start(@Observes StartupEvent started, ControllerRuntime runtime) {
        Informers informers = runtime.informers();
        ChangeHandler<Object> changed = ChangeHandler.of(() -> {
        });
        // Ingresses asking for certificates
        informers.watch(Watch.of(Ingress.class), changed);
        // the certificates issued
        informers.watch(Watch.of(Secret.class).withField("type", "kubernetes.io/tls"), changed);
        informers.start().thenRun(() -> LOG.info("reseau-certs: caches synced"));
    }
}
