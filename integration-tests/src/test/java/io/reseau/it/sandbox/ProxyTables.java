package io.reseau.it.sandbox;

import io.reseau.hostnet.exec.ProcessRunner;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What reseau-proxy has programmed in a node's kernel, read back with {@code nft}. */
final class ProxyTables {

    private ProxyTables() {
    }

    /**
     * The endpoints behind a TCP node port, from the proxy's node-port NAT map, whose elements read
     * {@code tcp . 30800 . 0x00000000 : 10.42.1.2 . 8080}.
     */
    static Set<String> nodePortEndpoints(NetworkNamespace node, int nodePort) {
        String map = new ProcessRunner(node).check("nft", "list", "map", "ip", "reseau-proxy", "node-port-backends");
        Matcher element = Pattern.compile("tcp \\. " + nodePort + " \\. \\S+ : ([0-9.]+) \\. \\d+").matcher(map);
        Set<String> endpoints = new HashSet<>();
        while (element.find()) {
            endpoints.add(element.group(1));
        }
        return endpoints;
    }
}
