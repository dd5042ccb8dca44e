package io.reseau.policy.watch;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.quarkus.runtime.StartupEvent;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.watch.ChangeHandler;
import io.reseau.informers.watch.Informers;
import io.reseau.informers.watch.Watch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * What reseau-policy watches. The controller that turns these caches into the component's state arrives with the
 * component's own issue; until then the caches fill and readiness reports their sync.
 */
@ApplicationScoped
public class PolicyWatches {

    private static final Logger LOG = Logger.getLogger(PolicyWatches.class);

    void start(@Observes StartupEvent started, ControllerRuntime runtime) {
        Informers informers = runtime.informers();
        ChangeHandler<Object> changed = ChangeHandler.of(() -> {
        });
        // the policies
        informers.watch(Watch.of(NetworkPolicy.class), changed);
        // pods the policies select and allow
        informers.watch(Watch.of(Pod.class), changed);
        // namespace labels for namespaceSelectors
        informers.watch(Watch.of(Namespace.class), changed);
        informers.start().thenRun(() -> LOG.info("reseau-policy: caches synced"));
    }
}
