package io.reseau.cni.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Execs a CNI plugin exactly as a runtime does: a fresh process, the CNI_* environment only, the config on stdin,
 * and in the node's network namespace (where the runtime runs: chained plugins such as portmap program the
 * namespace they run in, which must never be the test machine's own).
 */
public final class PluginCall {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the plugin printed and how it exited. */
    public record Outcome(int exitStatus, String stdout, String stderr) {

        public JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("the plugin printed no JSON: '" + stdout + "' (stderr: " + stderr + ")", e);
            }
        }

        public boolean succeeded() {
            return exitStatus == 0;
        }

        /** The spec error code, for a failed call. */
        public int code() {
            return json().path("code").asInt(-1);
        }

        @Override
        public String toString() {
            return "exit " + exitStatus + ", stdout " + stdout + (stderr.isBlank() ? "" : ", stderr " + stderr);
        }
    }

    private PluginCall() {
    }

    public static Outcome run(NetworkNamespace node, Path plugin, Map<String, String> environment, String stdin) {
        if (node.isCurrent()) {
            throw new IllegalArgumentException("plugins run in a node's namespace, never the machine's own");
        }
        ProcessBuilder builder = new ProcessBuilder("nsenter", "--net=" + node.path().orElseThrow(), plugin.toString());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(plugin + " did not finish within 120 s");
            }
            return new Outcome(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot exec " + plugin, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The environment of a per-attachment command. */
    public static Map<String, String> env(String command, String containerId, String netns, String ifname, Path binDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        if (netns != null) {
            env.put("CNI_NETNS", netns);
        }
        env.put("CNI_IFNAME", ifname);
        env.put("CNI_PATH", binDir.toString());
        return env;
    }
}
