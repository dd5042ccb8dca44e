package io.reseau.ingress.watch;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.quarkus.runtime.StartupEvent;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.watch.ChangeHandler;
import io.reseau.informers.watch.Informers;
import io.reseau.informers.watch.Watch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * What reseau-ingress watches. The controller that turns these caches into the component's state arrives with the
 * component's own issue; until then the caches fill and readiness reports their sync.
 */
@ApplicationScoped
public class IngressWatches {

    private static final Logger LOG = Logger.getLogger(IngressWatches.class);

    void start(@Observes StartupEvent started, ControllerRuntime runtime) {
        Informers informers = runtime.informers();
        ChangeHandler<Object> changed = ChangeHandler.of(() -> {
        });
        // the routes
        informers.watch(Watch.of(Ingress.class), changed);
        // which Ingresses are ours
        informers.watch(Watch.of(IngressClass.class), changed);
        // backend ports by name
        informers.watch(Watch.of(Service.class), changed);
        // the endpoints traffic goes to
        informers.watch(Watch.of(EndpointSlice.class), changed);
        // TLS certificates
        informers.watch(Watch.of(Secret.class).withField("type", "kubernetes.io/tls"), changed);
        informers.start().thenRun(() -> LOG.info("reseau-ingress: caches synced"));
    }
}
