package io.reseau.hostnet.netns;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs code inside another network namespace, in this process: a fresh platform thread enters the namespace
 * with {@code setns(2)} (which switches only the calling thread), runs the task and ends, so no pooled thread is
 * ever left in the wrong namespace. Sockets keep the namespace they were created in, so a server socket opened
 * here serves inside the namespace from any thread afterwards.
 */
@SuppressWarnings("restricted") // setns(2) through the FFM API is the point of this class
public final class NamespacedThread {

    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_VALUE = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN = LINKER.downcallHandle(LIBC.find("open").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), ERRNO);
    private static final MethodHandle SETNS = LINKER.downcallHandle(LIBC.find("setns").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), ERRNO);
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LIBC.find("close").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private NamespacedThread() {
    }

    /** Runs {@code task} inside {@code namespace} and returns what it returns (or throws what it throws). */
    public static <T> T call(NetworkNamespace namespace, Callable<T> task) throws Exception {
        if (namespace.isCurrent()) {
            return task.call();
        }
        String path = namespace.path().orElseThrow().toString();
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name("netns-" + namespace.name().orElse("path")).start(() -> {
            try {
                enter(path);
                result.complete(task.call());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Like {@link #call} for tasks that return nothing. */
    public static void run(NetworkNamespace namespace, ThrowingRunnable task) throws Exception {
        call(namespace, () -> {
            task.run();
            return null;
        });
    }

    /** A task that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void enter(String path) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), O_RDONLY_CLOEXEC);
            if (fd < 0) {
                throw new IllegalStateException("cannot open " + path + ": " + error(state));
            }
            try {
                int entered = (int) SETNS.invokeExact(state, fd, CLONE_NEWNET);
                if (entered != 0) {
                    throw new IllegalStateException("cannot enter " + path + ": " + error(state)
                            + " (entering a network namespace needs CAP_SYS_ADMIN: run as root)");
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        }
    }

    private static String error(MemorySegment state) throws Throwable {
        int errno = (int) ERRNO_VALUE.get(state, 0L);
        MemorySegment message = (MemorySegment) STRERROR.invokeExact(errno);
        return message.reinterpret(256).getString(0) + " (errno " + errno + ")";
    }
}
