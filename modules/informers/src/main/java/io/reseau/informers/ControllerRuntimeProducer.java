package io.reseau.informers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Gives every Quarkus component one {@link ControllerRuntime}, stopped when the application stops. */
@Singleton
public class ControllerRuntimeProducer {

    @Produces
    @Singleton
    ControllerRuntime controllerRuntime(KubernetesClient client, MeterRegistry meters) {
        return new ControllerRuntime(client, meters, ControllerRuntime.Settings.defaults());
    }

    void stop(@Disposes ControllerRuntime runtime) {
        runtime.close();
    }
}
