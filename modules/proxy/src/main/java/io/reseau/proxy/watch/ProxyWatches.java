package io.reseau.proxy.watch;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.quarkus.runtime.StartupEvent;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.watch.ChangeHandler;
import io.reseau.informers.watch.Informers;
import io.reseau.informers.watch.Watch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * What reseau-proxy watches. The controller that turns these caches into the component's state arrives with the
 * component's own issue; until then the caches fill and readiness reports their sync.
 */
@ApplicationScoped
public class ProxyWatches {

    private static final Logger LOG = Logger.getLogger(ProxyWatches.class);

    void start(@Observes StartupEvent started, ControllerRuntime runtime) {
        Informers informers = runtime.informers();
        ChangeHandler<Object> changed = ChangeHandler.of(() -> {
        });
        // Services of every type
        informers.watch(Watch.of(Service.class), changed);
        // their endpoints
        informers.watch(Watch.of(EndpointSlice.class), changed);
        // node addresses, for NodePorts and Local traffic policies
        informers.watch(Watch.of(Node.class), changed);
        informers.start().thenRun(() -> LOG.info("reseau-proxy: caches synced"));
    }
}
