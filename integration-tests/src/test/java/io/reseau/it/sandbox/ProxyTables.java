package io.reseau.it.sandbox;

import io.reseau.hostnet.exec.ProcessRunner;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What reseau-proxy keeps in a node's kernel: its NAT maps, read back with {@code nft}, and conntrack entries. */
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

    /**
     * The addresses the node's conntrack entries translate TCP connections to {@code port} to: the reply source
     * of each entry, which reads {@code tcp 6 117 TIME_WAIT src=… dst=10.240.0.11 sport=… dport=8000
     * src=10.42.2.5 dst=… sport=8080 dport=…}.
     */
    static Set<String> trackedTargets(NetworkNamespace node, int port) {
        String entries = new ProcessRunner(node).check("conntrack", "-L", "-p", "tcp", "--orig-port-dst",
                Integer.toString(port));
        Matcher entry = Pattern.compile("dport=" + port + " .*?src=([0-9.]+) ").matcher(entries);
        Set<String> targets = new HashSet<>();
        while (entry.find()) {
            targets.add(entry.group(1));
        }
        return targets;
    }
}
