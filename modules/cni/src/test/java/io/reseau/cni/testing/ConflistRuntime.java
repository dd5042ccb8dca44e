package io.reseau.cni.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What libcni does with a conflist, for tests: ADD runs every plugin in order, each given the list's name and
 * cniVersion, the previous plugin's result as {@code prevResult}, and the runtime config its capabilities ask
 * for; DEL runs them in reverse.
 */
public final class ConflistRuntime {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode conflist;
    private final Path binDir;
    private final NetworkNamespace node;

    public ConflistRuntime(NetworkNamespace node, Path conflistFile, Path binDir) {
        this.node = node;
        try {
            this.conflist = JSON.readTree(Files.readString(conflistFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.binDir = binDir;
    }

    /** The stdin the runtime gives plugin {@code index} (no prevResult, no runtime config). */
    public String pluginConfig(int index) {
        return config(index, null, Map.of()).toString();
    }

    public PluginCall.Outcome add(String containerId, String netns, String ifname, Map<String, JsonNode> runtimeConfig) {
        JsonNode previous = null;
        PluginCall.Outcome outcome = null;
        for (int i = 0; i < conflist.path("plugins").size(); i++) {
            outcome = PluginCall.run(node, binDir.resolve(type(i)), PluginCall.env("ADD", containerId, netns, ifname, binDir),
                    config(i, previous, runtimeConfig).toString());
            if (!outcome.succeeded()) {
                return outcome;
            }
            previous = outcome.json();
        }
        return outcome;
    }

    public List<PluginCall.Outcome> delete(String containerId, String netns, String ifname, Map<String, JsonNode> runtimeConfig) {
        List<PluginCall.Outcome> outcomes = new ArrayList<>();
        for (int i = conflist.path("plugins").size() - 1; i >= 0; i--) {
            outcomes.add(PluginCall.run(node, binDir.resolve(type(i)), PluginCall.env("DEL", containerId, netns, ifname, binDir),
                    config(i, null, runtimeConfig).toString()));
        }
        return outcomes;
    }

    private String type(int index) {
        return conflist.path("plugins").get(index).path("type").asText();
    }

    private ObjectNode config(int index, JsonNode previous, Map<String, JsonNode> runtimeConfig) {
        ObjectNode plugin = conflist.path("plugins").get(index).deepCopy();
        plugin.put("name", conflist.path("name").asText()).put("cniVersion", conflist.path("cniVersion").asText());
        JsonNode capabilities = plugin.remove("capabilities");
        if (capabilities != null) {
            ObjectNode runtime = plugin.putObject("runtimeConfig");
            capabilities.properties().forEach(capability -> {
                if (capability.getValue().asBoolean() && runtimeConfig.containsKey(capability.getKey())) {
                    runtime.set(capability.getKey(), runtimeConfig.get(capability.getKey()));
                }
            });
        }
        if (previous != null) {
            plugin.set("prevResult", previous);
        }
        return plugin;
    }
}
