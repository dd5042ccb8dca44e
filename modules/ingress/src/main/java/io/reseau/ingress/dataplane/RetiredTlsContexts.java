package io.reseau.ingress.dataplane;

import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Releases the TLS contexts no routing table uses any more, a grace period after the table that dropped them: a
 * connection whose ClientHello was matched against the table before makes its engine (which then holds the context
 * until the connection ends) a moment later, on its event loop. Those still waiting are released on {@link #close}.
 */
final class RetiredTlsContexts implements AutoCloseable {

    private final ScheduledExecutorService scheduler;
    private final Duration grace;
    private final Set<SslContext> waiting = ConcurrentHashMap.newKeySet();

    RetiredTlsContexts(ScheduledExecutorService scheduler, Duration grace) {
        this.scheduler = scheduler;
        this.grace = grace;
    }

    void retire(SslContext context) {
        waiting.add(context);
        try {
            scheduler.schedule(() -> release(context), grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // The data plane is closing: no connection starts any more.
            release(context);
        }
    }

    @Override
    public void close() {
        List.copyOf(waiting).forEach(this::release);
    }

    private void release(SslContext context) {
        if (waiting.remove(context)) {
            ReferenceCountUtil.release(context);
        }
    }
}
