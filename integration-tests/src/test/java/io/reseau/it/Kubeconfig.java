package io.reseau.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig pointing at a test API server, for the binaries the tests and benchmarks start. */
public final class Kubeconfig {

    private Kubeconfig() {
    }

    /** Writes {@code dir/kubeconfig} for {@code server} and returns its path. */
    public static Path write(Path dir, String server) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: test, cluster: {server: "%s"}}]
                contexts: [{name: test, context: {cluster: test, user: test}}]
                users: [{name: test, user: {}}]
                current-context: test
                """.formatted(server));
    }
}
