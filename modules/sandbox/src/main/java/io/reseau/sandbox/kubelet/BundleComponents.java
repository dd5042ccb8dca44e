package io.reseau.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.sandbox.SandboxSettings;
import io.reseau.sandbox.cluster.BundleProcess;
import io.reseau.sandbox.cluster.KeptRunning;
import io.reseau.sandbox.state.StateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the cluster components that are Deployments (reseau-ingress) as pods: the container's binary from the
 * sandbox's own bundle, in the pod's network namespace, with the container's environment and, as a service
 * account would give it, a kubeconfig for the API (its underlay address, reached through the node). The process
 * is {@link KeptRunning} (restartPolicy Always: started again when it ends by itself, in the state file while
 * it runs, so {@code down} stops it even after a crash).
 */
public final class BundleComponents {

    private static final Duration GRACE = Duration.ofSeconds(10);

    private final SandboxSettings settings;
    private final Path kubeconfig;
    private final StateFile state;

    /** @param kubeconfig the API at its underlay address, as the node agents reach it */
    public BundleComponents(SandboxSettings settings, Path kubeconfig, StateFile state) {
        this.settings = settings;
        this.kubeconfig = kubeconfig;
        this.state = state;
    }

    PodWorkload start(ComponentContainer component, Pod pod, NetworkNamespace namespace) throws IOException {
        String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        if (!settings.bundleHas(component.binary())) {
            throw new IllegalArgumentException("pod " + key + " runs " + component.binary() + ", which the bundle at "
                    + settings.home() + " does not have ('make build' builds every component)");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KUBECONFIG", kubeconfig.toString());
        env.putAll(component.env());
        String description = component.binary() + " in pod " + key;
        // Without a probe, a pod is Ready while its container runs.
        KeptRunning process = KeptRunning.start(() -> BundleProcess.start(description,
                settings.binary(component.binary()), component.args(), namespace,
                component.readiness().map(ComponentContainer.Readiness::url), env, logOf(pod)), state,
                namespace.name().orElseThrow(), component.readiness().map(ComponentContainer.Readiness::port).orElse(0));
        return new PodWorkload() {
            @Override
            public boolean ready() {
                return process.ready();
            }

            @Override
            public void close() throws InterruptedException {
                process.stop(GRACE);
            }
        };
    }

    /** {@code logs/pods/<namespace>_<pod>.log}, as a kubelet names its container logs. */
    public static Path logOf(SandboxSettings settings, String namespace, String pod) {
        return settings.logDir().resolve("pods").resolve(namespace + "_" + pod + ".log");
    }

    private Path logOf(Pod pod) {
        return logOf(settings, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    }
}
