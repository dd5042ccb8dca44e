package io.reseau.cni.server;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plugin call as the runtime made it: its {@code CNI_*} environment and its stdin (the network configuration).
 *
 * @param environment the {@code CNI_*} variables only, in the order the runtime set them
 */
public record PluginRequest(Map<String, String> environment, byte[] stdin) {

    /** From the plugin process's environment block as Linux keeps it ({@code /proc/PID/environ}: NUL-separated). */
    public static PluginRequest fromEnviron(byte[] environ, byte[] stdin) {
        Map<String, String> cni = new LinkedHashMap<>();
        for (String variable : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            int equals = variable.indexOf('=');
            if (variable.startsWith("CNI_") && equals > 0) {
                cni.putIfAbsent(variable.substring(0, equals), variable.substring(equals + 1));
            }
        }
        return new PluginRequest(cni, stdin);
    }
}
