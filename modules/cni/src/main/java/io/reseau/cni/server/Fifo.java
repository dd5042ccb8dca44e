package io.reseau.cni.server;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** Named pipes: the JDK can open and use them, but not make them, so this calls libc's {@code mkfifo}. */
final class Fifo {

    private static final MethodHandle MKFIFO = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("mkfifo").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final int OWNER_READ_WRITE = 0600;

    private Fifo() {
    }

    /** Makes a FIFO at {@code path} that only its owner may open. */
    static void create(Path path) throws IOException {
        int result;
        try (Arena arena = Arena.ofConfined()) {
            result = (int) MKFIFO.invokeExact(arena.allocateFrom(path.toString()), OWNER_READ_WRITE);
        } catch (Throwable e) {
            throw new IOException("mkfifo " + path + " failed", e);
        }
        if (result != 0) {
            throw new IOException("mkfifo " + path + " failed (does it exist already, or is its directory missing?)");
        }
    }
}
