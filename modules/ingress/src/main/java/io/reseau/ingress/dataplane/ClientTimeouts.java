package io.reseau.ingress.dataplane;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Client-side deadlines of an HTTP/1.1 connection, told of raw bytes before they are decoded. An idle
 * connection is closed after the keep-alive timeout; once the first byte of a request arrives, the whole head
 * must follow within the header timeout (an absolute deadline, so a slowloris client trickling one byte at a time
 * cannot hold the connection); while the body arrives, no pause may exceed the body timeout. The exchange tells
 * these deadlines where the request is and is called back on expiry to answer 408.
 */
final class ClientTimeouts {

    /** What the exchange does when a deadline passes in the middle of a request. */
    interface Expiry {
        void requestTimedOut();
    }

    private enum Phase { IDLE, HEAD, BODY, WAITING }

    private final long headerNanos;
    private final long bodyNanos;
    private final long keepAliveNanos;
    private Expiry expiry;
    private Phase phase = Phase.IDLE;
    private long deadline;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private long timerFiresAt;

    ClientTimeouts(java.time.Duration header, java.time.Duration body, java.time.Duration keepAlive) {
        this.headerNanos = header.toNanos();
        this.bodyNanos = body.toNanos();
        this.keepAliveNanos = keepAlive.toNanos();
    }

    /** The connection is open and waits for its first request. */
    void start(ChannelHandlerContext ctx, Expiry expiry) {
        this.ctx = ctx;
        this.expiry = expiry;
        enter(Phase.IDLE, keepAliveNanos);
    }

    /** The connection closed or no longer speaks HTTP/1.1 (an upgrade): no deadline applies any more. */
    void stop() {
        phase = Phase.WAITING;
        cancel();
    }

    /** Bytes arrived from the client. */
    void bytesArrived() {
        switch (phase) {
            case IDLE -> enter(Phase.HEAD, headerNanos);
            case BODY -> deadline = System.nanoTime() + bodyNanos;
            default -> {
            }
        }
    }

    /** The head is complete; the body (if any) follows. */
    void headReceived() {
        enter(Phase.BODY, bodyNanos);
    }

    /** The request is complete; the backend's timeouts apply until the response is written. */
    void requestReceived() {
        phase = Phase.WAITING;
    }

    /** The response is written; the connection waits for the next request. */
    void responseSent() {
        enter(Phase.IDLE, keepAliveNanos);
    }

    /**
     * One timer per connection, rescheduled only when a deadline comes earlier than it fires: a later deadline is
     * found when it fires and checks, so a request costs no timer operations in the common case.
     */
    private void enter(Phase next, long nanos) {
        phase = next;
        deadline = System.nanoTime() + nanos;
        if (timer == null || deadline - timerFiresAt < 0) {
            cancel();
            schedule(nanos);
        }
    }

    private void schedule(long nanos) {
        timerFiresAt = System.nanoTime() + nanos;
        timer = ctx.executor().schedule(this::check, nanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        if (phase == Phase.WAITING || !ctx.channel().isActive()) {
            return;
        }
        long left = deadline - System.nanoTime();
        if (left > 0) {
            schedule(left);
            return;
        }
        if (phase == Phase.IDLE) {
            ctx.close();
        } else {
            phase = Phase.WAITING;
            expiry.requestTimedOut();
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
