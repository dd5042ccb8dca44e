package io.reseau.sandbox.cluster;

import io.reseau.hostnet.netns.NamespacedThread;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP GET made from inside a network namespace (a node's health endpoint, a client's request to a
 * Service): the whole exchange runs on a thread in that namespace, so its socket is opened there.
 */
public final class NamespacedHttp {

    /** A response, or status 0 and the error when nothing answered. */
    public record Response(int status, String body) {
    }

    private NamespacedHttp() {
    }

    public static Response get(NetworkNamespace from, String url) {
        try {
            return NamespacedThread.call(from, () -> fetch(url));
        } catch (Exception e) {
            return new Response(0, e.toString());
        }
    }

    private static Response fetch(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
        // Never kept alive: a pooled connection could be reused from another namespace.
        connection.setRequestProperty("Connection", "close");
        connection.setConnectTimeout(2_000);
        connection.setReadTimeout(5_000);
        connection.setUseCaches(false);
        try {
            int status = connection.getResponseCode();
            InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return new Response(status, body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            connection.disconnect();
        }
    }
}
