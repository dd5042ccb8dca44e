package io.reseau.cni.watch;

import io.fabric8.kubernetes.api.model.Node;
import io.quarkus.runtime.StartupEvent;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.watch.ChangeHandler;
import io.reseau.informers.watch.Informers;
import io.reseau.informers.watch.Watch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * What reseau-cni watches. The controller that turns these caches into the component's state arrives with the
 * component's own issue; until then the caches fill and readiness reports their sync.
 */
@ApplicationScoped
public class CniWatches {

    private static final Logger LOG = Logger.getLogger(CniWatches.class);

    void start(@Observes StartupEvent started, ControllerRuntime runtime) {
        Informers informers = runtime.informers();
        ChangeHandler<Object> changed = ChangeHandler.of(() -> {
        });
        // every Node: this node's pod CIDR, and every peer's VTEP
        informers.watch(Watch.of(Node.class), changed);
        informers.start().thenRun(() -> LOG.info("reseau-cni: caches synced"));
    }
}
