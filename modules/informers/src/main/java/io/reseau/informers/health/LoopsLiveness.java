package io.reseau.informers.health;

import io.reseau.informers.ControllerRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/** Liveness: DOWN when a reconcile loop or sync is stuck, so that the kubelet restarts the component. */
@Liveness
@ApplicationScoped
public class LoopsLiveness implements HealthCheck {

    private final ControllerRuntime runtime;

    public LoopsLiveness(ControllerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> stuck = runtime.stuckLoops(Instant.now());
        HealthCheckResponseBuilder response = HealthCheckResponse.named("control-loops").status(stuck.isEmpty());
        runtime.loopNames().forEach(loop -> response.withData(loop, stuck.getOrDefault(loop, "progressing")));
        return response.build();
    }
}
