package io.reseau.informers.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher with the one thing a real API server does that it lacks: after {@link #compact()},
 * a watch that resumes from an older resourceVersion gets {@code 410 Gone} (as from etcd compaction) instead of
 * silently continuing, so clients must relist. Without it a deletion made while a client was disconnected would
 * never reach that client, and tests could not show that our informers survive the real server's behaviour.
 */
final class CompactingCrudDispatcher extends KubernetesCrudDispatcher {

    private static final Pattern RESOURCE_VERSION = Pattern.compile("[?&]resourceVersion=(\\d+)");

    private final AtomicLong compactedBelow = new AtomicLong();

    CompactingCrudDispatcher() {
        super(List.of());
    }

    /** Forgets history: watches from any resourceVersion issued so far get 410 Gone. */
    void compact() {
        compactedBelow.set(requestResourceVersion());
    }

    @Override
    public MockResponse handleWatch(String path) {
        Matcher since = RESOURCE_VERSION.matcher(path);
        if (since.find() && Long.parseLong(since.group(1)) < compactedBelow.get()) {
            return new MockResponse().withWebSocketUpgrade(new GoneWatch(since.group(1)));
        }
        return super.handleWatch(path);
    }

    /** What the API server sends on a watch from a compacted resourceVersion. */
    private static final class GoneWatch extends WebSocketListener {
        private final String resourceVersion;

        GoneWatch(String resourceVersion) {
            this.resourceVersion = resourceVersion;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            webSocket.send("""
                    {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",\
                    "message":"too old resource version: %s","reason":"Expired","code":410}}""".formatted(resourceVersion));
            webSocket.close(1000, "gone");
        }
    }
}
