package io.reseau.sandbox.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.reseau.sandbox.SandboxSettings;
import io.reseau.sandbox.state.LiveProcess;
import io.reseau.sandbox.state.SandboxState;
import io.reseau.sandbox.state.StateFile;
import java.io.IOException;
import java.nio.file.Files;

/** A client of the running sandbox's API, through its kubeconfig (the loopback relay). */
final class SandboxClient {

    private SandboxClient() {
    }

    static KubernetesClient connect(SandboxSettings settings) {
        SandboxState state = running(settings);
        try {
            Config config = Config.fromKubeconfig(Files.readString(settings.kubeconfig()));
            config.setNamespace("default");
            return new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).withConfig(config)
                    .build();
        } catch (IOException e) {
            throw new CommandException("cannot read " + settings.kubeconfig() + " of the sandbox (supervisor pid "
                    + state.supervisorPid() + "): " + e.getMessage());
        }
    }

    static SandboxState running(SandboxSettings settings) {
        SandboxState state = new StateFile(settings.stateFile()).read()
                .orElseThrow(() -> new CommandException("no sandbox is running: start one with 'reseau-sandbox up'."));
        boolean alive = LiveProcess.running(state.supervisorPid());
        if (!alive) {
            throw new CommandException("the sandbox's supervisor (pid " + state.supervisorPid() + ") is gone: run "
                    + "'reseau-sandbox down', then 'reseau-sandbox up'.");
        }
        if (state.phase() != SandboxState.Phase.READY) {
            throw new CommandException("the sandbox is " + state.phase().name().toLowerCase() + ", not ready yet.");
        }
        return state;
    }
}
