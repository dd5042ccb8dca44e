package io.reseau.cni.plugin;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CNI plugin the container runtime execs for every pod ({@code <cni bin dir>/reseau}, installed by the node
 * agent). It hands the call to the node agent over a Unix socket and prints what the agent answers: the agent
 * is warm (JIT-compiled, its netlink socket open), so a pod's network is made in a few milliseconds and this
 * process only pays for a bare JVM start. It uses the JDK alone, so that its AOT cache holds all it loads.
 * VERSION is answered here, so it works while the agent is down.
 */
public final class PluginMain {

    /** Where the installed launcher says the agent listens; the default matches the agent's. */
    public static final String SOCKET_VARIABLE = "RESEAU_CNI_SOCKET";
    public static final String DEFAULT_SOCKET = "/run/reseau/cni.sock";
    private static final Pattern VERSION = Pattern.compile("\"cniVersion\"\\s*:\\s*\"([0-9.]+)\"");
    private static final String LATEST = "1.1.0";
    private static final int TRY_AGAIN_LATER = 11;
    private static final int NOT_AVAILABLE = 50;

    private PluginMain() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(System.getenv(), System.in, System.out));
    }

    /** One plugin call; returns the exit status. */
    public static int run(Map<String, String> environment, InputStream stdin, PrintStream stdout) throws IOException {
        byte[] config = stdin.readAllBytes();
        String command = environment.getOrDefault("CNI_COMMAND", "");
        if (command.equals("VERSION")) {
            stdout.print("{\"cniVersion\":\"" + requestedVersion(config) + "\",\"supportedVersions\":[\""
                    + String.join("\",\"", PluginWire.SUPPORTED_VERSIONS) + "\"]}");
            stdout.flush();
            return 0;
        }
        Path socket = Path.of(environment.getOrDefault(SOCKET_VARIABLE, DEFAULT_SOCKET));
        Map<String, String> cni = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("CNI_")) {
                cni.put(name, value);
            }
        });
        PluginWire.Answer answer;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            PluginWire.writeCall(new DataOutputStream(Channels.newOutputStream(channel)), new PluginWire.Call(cni, config));
            answer = PluginWire.readAnswer(new DataInputStream(Channels.newInputStream(channel)));
        } catch (IOException e) {
            // STATUS asks exactly this question; for the others the runtime retries, as after any transient error
            int code = command.equals("STATUS") ? NOT_AVAILABLE : TRY_AGAIN_LATER;
            stdout.print("{\"cniVersion\":\"" + requestedVersion(config) + "\",\"code\":" + code + ",\"msg\":\""
                    + escape("the reseau-cni node agent does not answer on " + socket + " (" + e.getMessage()
                            + "): is its DaemonSet pod running on this node?") + "\"}");
            stdout.flush();
            return 1;
        }
        stdout.write(answer.stdout());
        stdout.flush();
        return answer.exitStatus();
    }

    private static String requestedVersion(byte[] config) {
        Matcher version = VERSION.matcher(new String(config, StandardCharsets.UTF_8));
        return version.find() && PluginWire.SUPPORTED_VERSIONS.contains(version.group(1)) ? version.group(1) : LATEST;
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
