package io.reseau.proxy;

import io.fabric8.kubernetes.api.model.Service;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.reseau.informers.ControllerRuntime;
import io.reseau.informers.watch.ResourceCache;
import io.reseau.proxy.lb.LoadBalancerController;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/** Starts reseau-proxy's controllers with the application and stops them with it. */
@ApplicationScoped
public class ProxyApplication {

    private static final Logger LOG = Logger.getLogger(ProxyApplication.class);

    private volatile ProxyController proxy;
    private volatile LoadBalancerController loadBalancer;

    void start(@Observes StartupEvent started, ControllerRuntime runtime, ProxyConfig config) {
        ResourceCache<Service> services = ProxyController.watchServices(runtime);
        proxy = new ProxyController(runtime, config.settings(), services);
        loadBalancer = config.loadBalancerSettings()
                .map(settings -> new LoadBalancerController(runtime, settings, services)).orElse(null);
        proxy.start().thenRun(() -> {
            LOG.infof("reseau-proxy on node %s: caches synced, programming rules", config.nodeName());
            if (loadBalancer != null) {
                loadBalancer.start();
            }
        });
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (loadBalancer != null) {
            loadBalancer.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    /** Successful syncs so far (a method, not a field: callers hold a CDI client proxy of this bean). */
    long completedSyncs() {
        ProxyController controller = proxy;
        return controller == null ? 0 : controller.completedSyncs();
    }

    /** Ready once the rules have been written at least once, as kube-proxy's healthz. */
    @Readiness
    @ApplicationScoped
    static class RulesProgrammed implements HealthCheck {

        private final ProxyApplication application;

        RulesProgrammed(ProxyApplication application) {
            this.application = application;
        }

        @Override
        public HealthCheckResponse call() {
            long syncs = application.completedSyncs();
            return HealthCheckResponse.named("rules").status(syncs > 0).withData("syncs", syncs).build();
        }
    }
}
