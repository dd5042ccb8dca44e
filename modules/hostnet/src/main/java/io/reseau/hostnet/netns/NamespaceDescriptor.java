package io.reseau.hostnet.netns;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * An open file descriptor of a network namespace, for the kernel interfaces that take one (rtnetlink's
 * {@code IFLA_NET_NS_FD} moves a link into the namespace it names, whatever its path: a CNI runtime's bind
 * mount, {@code /proc/<pid>/ns/net}, a name under {@code /run/netns}).
 */
@SuppressWarnings("restricted") // open(2), close(2) through the FFM API
public final class NamespaceDescriptor implements AutoCloseable {

    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final VarHandle ERRNO = Linker.Option.captureStateLayout()
            .varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN = LINKER.downcallHandle(LIBC.find("open").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LIBC.find("close").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private final int fd;

    private NamespaceDescriptor(int fd) {
        this.fd = fd;
    }

    /** Opens the namespace's file; throws {@link IllegalArgumentException} naming the errno if it cannot. */
    public static NamespaceDescriptor open(NetworkNamespace namespace) {
        String path = namespace.path().map(Object::toString).orElse("/proc/self/ns/net");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), O_RDONLY_CLOEXEC);
            if (fd < 0) {
                int errno = (int) ERRNO.get(state, 0L);
                throw new IllegalArgumentException("cannot open the network namespace " + path + ": "
                        + io.reseau.hostnet.netlink.Errno.describe(errno));
            }
            return new NamespaceDescriptor(fd);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    public int fd() {
        return fd;
    }

    @Override
    public void close() {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
