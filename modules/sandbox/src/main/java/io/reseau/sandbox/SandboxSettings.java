package io.reseau.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where one sandbox keeps its things and what it runs, from the environment.
 *
 * @param name       prefix of every network namespace the sandbox makes (one sandbox per name on a machine)
 * @param stateDir   the state file, kubeconfigs, logs and node directories
 * @param home       the reseau bundle whose binaries run on the nodes ({@code bin/reseau-proxy}, …)
 * @param podNetwork how pods are wired: the CNI plugin, as a runtime does; {@code veth} is an internal switch
 *                   for the sandbox's own tests while a bundle has no CNI plugin
 */
public record SandboxSettings(String name, Path stateDir, Path home, PodNetworkMode podNetwork) {

    public static final String DEFAULT_NAME = "reseau-sandbox";

    /** How pods get their network. */
    public enum PodNetworkMode { CNI, VETH }

    public SandboxSettings {
        if (!name.matches("[a-z0-9][a-z0-9\\-]{0,40}")) {
            throw new IllegalArgumentException("RESEAU_SANDBOX_NAME must be 1 to 41 of a-z, 0-9, '-': '" + name + "'");
        }
    }

    public static SandboxSettings fromEnvironment(Map<String, String> env) {
        String name = env.getOrDefault("RESEAU_SANDBOX_NAME", DEFAULT_NAME);
        Path stateDir = Path.of(env.getOrDefault("RESEAU_SANDBOX_STATE_DIR", "/run/" + name));
        Path home = Optional.ofNullable(env.get("RESEAU_HOME")).map(Path::of).orElseGet(SandboxSettings::bundleOfThisJar);
        PodNetworkMode mode = PodNetworkMode.valueOf(env.getOrDefault("RESEAU_SANDBOX_POD_NETWORK", "cni").toUpperCase());
        return new SandboxSettings(name, stateDir.toAbsolutePath(), home.toAbsolutePath().normalize(), mode);
    }

    /** What the supervisor process needs to be this same sandbox. */
    public Map<String, String> asEnvironment() {
        return Map.of("RESEAU_SANDBOX_NAME", name, "RESEAU_SANDBOX_STATE_DIR", stateDir.toString(),
                "RESEAU_HOME", home.toString(), "RESEAU_SANDBOX_POD_NETWORK", podNetwork.name().toLowerCase());
    }

    public Path stateFile() {
        return stateDir.resolve("state.json");
    }

    /** The kubeconfig for users and the CLI: the API through the loopback relay. */
    public Path kubeconfig() {
        return stateDir.resolve("kubeconfig");
    }

    public Path logDir() {
        return stateDir.resolve("logs");
    }

    public Path binary(String name) {
        return home.resolve("bin").resolve(name);
    }

    /** Whether the bundle ships this binary, with its application. */
    public boolean bundleHas(String binary) {
        return Files.isExecutable(binary(binary)) && Files.isDirectory(home.resolve("lib").resolve(binary.substring("reseau-".length())));
    }

    /** In the bundle this jar is {@code <home>/lib/sandbox/reseau-sandbox.jar}. */
    private static Path bundleOfThisJar() {
        try {
            Path jar = Path.of(SandboxSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path parent = jar.getParent();
            return parent != null && parent.getParent() != null ? parent.getParent().getParent() : Path.of(".");
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the reseau bundle is: set RESEAU_HOME", e);
        }
    }
}
