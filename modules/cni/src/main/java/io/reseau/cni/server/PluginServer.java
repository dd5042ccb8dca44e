package io.reseau.cni.server;

import io.reseau.cni.plugin.PluginWire;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jboss.logging.Logger;

/**
 * The node agent's end of the plugin's Unix socket: one virtual thread per call. The socket file is made
 * readable and writable by its owner only (root), since whoever can write to it can wire containers.
 */
public final class PluginServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PluginServer.class);

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    private PluginServer(Path path, ServerSocketChannel server, CniRequestHandler handler) {
        this.path = path;
        this.server = server;
        this.acceptor = Thread.ofPlatform().name("reseau-cni-plugin-socket").daemon().start(() -> accept(handler));
    }

    /** Listens on {@code path}, replacing a socket file a previous agent left. */
    public static PluginServer listen(Path path, CniRequestHandler handler) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.deleteIfExists(path);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path), 256);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            return new PluginServer(path, server, handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for the CNI plugin on " + path, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warnf("closing %s: %s", path, e.getMessage());
        }
        acceptor.join(5_000);
    }

    private void accept(CniRequestHandler handler) {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread.ofVirtual().name("reseau-cni-call").start(() -> serve(client, handler));
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.warnf("accepting a plugin call on %s failed: %s", path, e.getMessage());
            }
        }
    }

    private static void serve(SocketChannel client, CniRequestHandler handler) {
        try (client) {
            PluginWire.Call call = PluginWire.readCall(new DataInputStream(Channels.newInputStream(client)));
            PluginWire.writeAnswer(new DataOutputStream(Channels.newOutputStream(client)), handler.handle(call));
        } catch (IOException e) {
            LOG.warnf("a plugin call broke off: %s", e.getMessage());
        }
    }
}
