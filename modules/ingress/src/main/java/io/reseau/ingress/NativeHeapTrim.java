package io.reseau.ingress;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;
import org.jboss.logging.Logger;

/**
 * Hands back to the system the native memory the JIT compilers freed, once they have compiled something and gone
 * quiet: compiling what a large change of Ingresses made hot takes tens of MiB for a moment, which glibc would keep.
 * It replaces the JVM's {@code -XX:TrimNativeHeapInterval}, which trims every interval under steady load too, where
 * nothing new was compiled and what it hands back is faulted in again at once: CPU on the proxy's CPU for nothing.
 * <p>
 * Every {@link Schedule#TICK}, the compilers' total time is read; a trim is due once they compiled since the last
 * trim and then nothing for {@link Schedule#QUIET}, or {@link Schedule#LATEST} after they started compiling if they
 * never go quiet: under steady load they compile a little every few seconds (a trim every 35 s with a bound of 30 s
 * in the benchmark, each handing back 10-23 MiB that was taken again), and after a large change they go quiet within
 * seconds.
 */
final class NativeHeapTrim implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NativeHeapTrim.class);

    private final CompilationMXBean compilers;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("reseau-native-heap-trim").daemon().factory());
    private Schedule schedule;

    private NativeHeapTrim(CompilationMXBean compilers) {
        this.compilers = compilers;
    }

    /** Trims after compilations from now on; never where the JVM cannot tell its compilers' time. */
    static NativeHeapTrim start() {
        CompilationMXBean compilers = ManagementFactory.getCompilationMXBean();
        NativeHeapTrim trim = new NativeHeapTrim(compilers);
        if (compilers == null || !compilers.isCompilationTimeMonitoringSupported()) {
            LOG.info("native heap not trimmed: the JVM does not tell its compilers' time");
            return trim;
        }
        trim.schedule = Schedule.at(compilers.getTotalCompilationTime(), System.nanoTime());
        long tick = Schedule.TICK.toNanos();
        trim.ticks.scheduleWithFixedDelay(trim::tick, tick, tick, TimeUnit.NANOSECONDS);
        return trim;
    }

    private void tick() {
        long now = System.nanoTime();
        schedule = schedule.sampled(compilers.getTotalCompilationTime(), now);
        if (schedule.due(now)) {
            try {
                LOG.infof("after %d ms of compilation: %s", schedule.compiled() - schedule.atTrim(), trimNow());
            } catch (JMException | RuntimeException e) {
                LOG.warnf("native heap not trimmed: %s", e.toString());
            }
            schedule = schedule.trimmed(now);
        }
    }

    /** Trims the native heap now (jcmd's {@code System.trim_native_heap}); answers the JVM's account of it. */
    static String trimNow() throws JMException {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }

    /**
     * When a trim is due, from the compilers' total time (milliseconds) sampled at each tick; times in
     * {@link System#nanoTime()}'s nanoseconds.
     *
     * @param compiled the compilers' total time at the last sample
     * @param atTrim their total time at the last trim (or the start)
     * @param lastCompiled when the last sample found it grown
     * @param firstCompiled when a sample first found it grown since the last trim
     */
    record Schedule(long compiled, long atTrim, long lastCompiled, long firstCompiled) {

        static final Duration TICK = Duration.ofSeconds(5);
        static final Duration QUIET = Duration.ofSeconds(10);
        static final Duration LATEST = Duration.ofMinutes(5);

        /** Nothing to trim yet: the compilers have taken {@code compiled} so far. */
        static Schedule at(long compiled, long now) {
            return new Schedule(compiled, compiled, now, now);
        }

        /** With a new sample of the compilers' total time. */
        Schedule sampled(long total, long now) {
            if (total == compiled) {
                return this;
            }
            return new Schedule(total, atTrim, now, compiled == atTrim ? now : firstCompiled);
        }

        /** Whether to trim now: compiled since the last trim, then quiet (or compiling for too long). */
        boolean due(long now) {
            return compiled != atTrim
                    && (now - lastCompiled >= QUIET.toNanos() || now - firstCompiled >= LATEST.toNanos());
        }

        /** Just trimmed. */
        Schedule trimmed(long now) {
            return at(compiled, now);
        }
    }
}
