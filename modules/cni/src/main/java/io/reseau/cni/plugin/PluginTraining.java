package io.reseau.cni.plugin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training run for the plugin's AOT cache ({@code java -XX:AOTCacheOutput=... PluginTraining}): it makes
 * the calls a runtime makes (VERSION; ADD, DEL and STATUS against a stand-in agent that answers at once; a call
 * while no agent listens), so that the cache holds every class the plugin loads and links on its real path.
 */
public final class PluginTraining {

    private static final byte[] CONFIG = "{\"cniVersion\":\"1.0.0\",\"name\":\"reseau\",\"type\":\"reseau\"}"
            .getBytes(StandardCharsets.UTF_8);

    private PluginTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory("reseau-cni-training");
        Path socket = directory.resolve("agent.sock");
        try (ServerSocketChannel agent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            agent.bind(UnixDomainSocketAddress.of(socket));
            Thread standIn = Thread.ofPlatform().daemon().start(() -> answer(agent));
            for (int round = 0; round < 20; round++) {
                call(Map.of("CNI_COMMAND", "VERSION"), socket);
                for (String command : new String[] {"ADD", "DEL", "STATUS"}) {
                    call(Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", "training", "CNI_IFNAME", "eth0",
                            "CNI_NETNS", "/var/run/netns/training", "CNI_PATH", "/opt/cni/bin"), socket);
                }
                call(Map.of("CNI_COMMAND", "ADD"), directory.resolve("nobody-listens.sock"));
            }
            agent.close();
            standIn.join(1_000);
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(directory);
        }
    }

    private static void call(Map<String, String> environment, Path socket) throws IOException {
        Map<String, String> withSocket = new java.util.HashMap<>(environment);
        withSocket.put(PluginMain.SOCKET_VARIABLE, socket.toString());
        PluginMain.run(withSocket, new ByteArrayInputStream(CONFIG), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
    }

    private static void answer(ServerSocketChannel agent) {
        while (agent.isOpen()) {
            try (SocketChannel client = agent.accept()) {
                PluginWire.readCall(new DataInputStream(Channels.newInputStream(client)));
                PluginWire.writeAnswer(new DataOutputStream(Channels.newOutputStream(client)),
                        new PluginWire.Answer(0, "{\"cniVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8)));
            } catch (IOException closed) {
                return;
            }
        }
    }
}
