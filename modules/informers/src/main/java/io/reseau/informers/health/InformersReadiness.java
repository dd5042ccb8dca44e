package io.reseau.informers.health;

import io.reseau.informers.ControllerRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: DOWN until every declared informer has synced its first full list. */
@Readiness
@ApplicationScoped
public class InformersReadiness implements HealthCheck {

    private final ControllerRuntime runtime;

    public InformersReadiness(ControllerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("informers").status(runtime.ready());
        runtime.informers().syncState().forEach((watch, synced) -> response.withData(watch, synced ? "synced" : "syncing"));
        return response.build();
    }
}
