package io.reseau.it.sandbox;

import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.it.RawHttp;
import java.util.ArrayList;
import java.util.List;

/**
 * A request loop that runs while a test changes the cluster: one GET after another from a namespace to one
 * address, every reply kept in order, so the test can look at those sent after a given moment.
 */
final class SteadyRequests implements AutoCloseable {

    private final List<RawHttp.Reply> replies = new ArrayList<>();
    private final Thread loop;
    private volatile boolean running = true;

    private SteadyRequests(NetworkNamespace from, String address, int port, String path) {
        loop = Thread.ofPlatform().name("steady-requests").daemon().start(() -> {
            while (running) {
                RawHttp.Reply reply = RawHttp.getFrom(from, address, port, path);
                synchronized (replies) {
                    replies.add(reply);
                    replies.notifyAll();
                }
            }
        });
    }

    static SteadyRequests start(NetworkNamespace from, String address, int port, String path) {
        return new SteadyRequests(from, address, port, path);
    }

    /**
     * A mark to look from: the index of the first request sent after now. The request in flight now (if any) was
     * sent before, so its reply, the next to come, is skipped.
     */
    int mark() {
        synchronized (replies) {
            return replies.size() + 1;
        }
    }

    /** The {@code count} replies from {@code mark} on, once they have come (a request times out in 7 s). */
    List<RawHttp.Reply> after(int mark, int count) throws InterruptedException {
        synchronized (replies) {
            while (replies.size() < mark + count) {
                if (!loop.isAlive()) {
                    throw new IllegalStateException("the request loop ended");
                }
                replies.wait(1_000);
            }
            return List.copyOf(replies.subList(mark, mark + count));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        loop.join();
    }
}
