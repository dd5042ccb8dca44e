package io.reseau.sandbox.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A kubeconfig for the sandbox's API at one URL (no credentials: the mock server takes none). */
public final class Kubeconfig {

    private Kubeconfig() {
    }

    public static String text(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: reseau-sandbox
                  cluster:
                    server: %s
                contexts:
                - name: reseau-sandbox
                  context:
                    cluster: reseau-sandbox
                    user: reseau-sandbox
                    namespace: default
                users:
                - name: reseau-sandbox
                  user: {}
                current-context: reseau-sandbox
                """.formatted(server);
    }

    public static Path write(Path file, String server) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text(server));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
