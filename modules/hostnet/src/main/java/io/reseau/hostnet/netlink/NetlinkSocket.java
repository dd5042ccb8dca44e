package io.reseau.hostnet.netlink;

import io.reseau.hostnet.netns.NamespacedThread;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A raw netlink socket (AF_NETLINK) through the FFM API. A socket keeps the network namespace it was opened
 * in, so {@link #open(NetworkNamespace, int)} opens it on a thread inside the target namespace; it then talks
 * to that namespace's kernel state from any thread. Not thread-safe: one request at a time.
 */
@SuppressWarnings("restricted") // socket(2), bind(2), send(2), recv(2) through the FFM API
public final class NetlinkSocket implements AutoCloseable {

    public static final int NETLINK_NETFILTER = 12;

    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW_CLOEXEC = 3 | 0x80000;
    private static final int SOL_SOCKET = 1;
    private static final int SO_SNDBUFFORCE = 32;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_EXT_ACK = 11;
    private static final int SO_RCVTIMEO = 20;
    private static final int RECEIVE_BUFFER = 1 << 20;
    /** The kernel answers in microseconds to milliseconds; a silent socket means something is wrong. */
    private static final int RECEIVE_TIMEOUT_SECONDS = 30;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_VALUE = Linker.Option.captureStateLayout()
            .varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = downcall("socket",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = downcall("bind",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = downcall("setsockopt",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SEND = downcall("send",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT));
    private static final MethodHandle RECV = downcall("recv",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LIBC.find("close").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
    private final MemorySegment receiveBuffer = arena.allocate(RECEIVE_BUFFER, 8);
    private MemorySegment sendBuffer = arena.allocate(1 << 16, 8);
    private long sendBufferForced;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** Opens a socket of the netlink family {@code protocol} (e.g. {@link #NETLINK_NETFILTER}) inside {@code namespace}. */
    public static NetlinkSocket open(NetworkNamespace namespace, int protocol) {
        try {
            return NamespacedThread.call(namespace, () -> openHere(protocol));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new NetlinkException("cannot open a netlink socket in " + namespace + ": " + e.getMessage(), 0);
        }
    }

    private static NetlinkSocket openHere(int protocol) {
        try {
            return openOnThisThread(protocol);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static NetlinkSocket openOnThisThread(int protocol) throws Throwable {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = call.allocate(Linker.Option.captureStateLayout());
            int fd = (int) SOCKET.invokeExact(errno, AF_NETLINK, SOCK_RAW_CLOEXEC, protocol);
            if (fd < 0) {
                throw failure("socket(AF_NETLINK)", errno);
            }
            NetlinkSocket socket = new NetlinkSocket(fd);
            try {
                MemorySegment address = call.allocate(12, 4); // sockaddr_nl: family, pad, pid 0 (kernel picks), groups 0
                address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_NETLINK);
                if ((int) BIND.invokeExact(errno, fd, address, 12) != 0) {
                    throw failure("bind(AF_NETLINK)", errno);
                }
                socket.setOption(SOL_NETLINK, NETLINK_EXT_ACK, 1); // errors carry the kernel's message
                socket.setOption(SOL_SOCKET, SO_RCVBUFFORCE, 8 << 20);
                socket.setReceiveTimeout(RECEIVE_TIMEOUT_SECONDS);
                return socket;
            } catch (Throwable e) {
                socket.close();
                throw e;
            }
        }
    }

    /** Sends {@code message} (the buffer's position..limit) in one send(2) call. */
    public void send(ByteBuffer message) {
        int length = message.remaining();
        try {
            if (length > sendBuffer.byteSize()) {
                sendBuffer = arena.allocate(Math.max(length, sendBuffer.byteSize() * 2), 8);
            }
            if (length > sendBufferForced) {
                // A transaction is one batch and must fit the socket's send buffer whole.
                setOption(SOL_SOCKET, SO_SNDBUFFORCE, length + (1 << 16));
                sendBufferForced = length;
            }
            MemorySegment.copy(MemorySegment.ofBuffer(message), 0, sendBuffer, 0, length);
            long sent = (long) SEND.invokeExact(state, fd, sendBuffer, (long) length, 0);
            if (sent != length) {
                throw failure("send to netlink (" + length + " bytes)", state);
            }
        } catch (NetlinkException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Receives one datagram (one or more netlink messages), in native byte order. */
    public ByteBuffer receive() {
        try {
            long received = (long) RECV.invokeExact(state, fd, receiveBuffer, (long) RECEIVE_BUFFER, 0);
            if (received < 0) {
                throw failure("recv from netlink", state);
            }
            ByteBuffer copy = ByteBuffer.allocate((int) received).order(ByteOrder.nativeOrder());
            copy.put(receiveBuffer.asSlice(0, received).asByteBuffer());
            return copy.flip();
        } catch (NetlinkException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        } finally {
            arena.close();
        }
    }

    private void setReceiveTimeout(int seconds) throws Throwable {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment timeval = call.allocate(16, 8); // struct timeval { long tv_sec; long tv_usec; }
            timeval.set(ValueLayout.JAVA_LONG, 0, seconds);
            if ((int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVTIMEO, timeval, 16) != 0) {
                throw failure("setsockopt(SO_RCVTIMEO)", state);
            }
        }
    }

    private void setOption(int level, int option, int value) throws Throwable {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment v = call.allocateFrom(ValueLayout.JAVA_INT, value);
            if ((int) SETSOCKOPT.invokeExact(state, fd, level, option, v, 4) != 0) {
                throw failure("setsockopt(" + level + ", " + option + ")", state);
            }
        }
    }

    private static NetlinkException failure(String what, MemorySegment errnoState) throws Throwable {
        int errno = (int) ERRNO_VALUE.get(errnoState, 0L);
        return new NetlinkException(what + " failed: " + strerror(errno), errno);
    }

    static String strerror(int errno) {
        try {
            MemorySegment message = (MemorySegment) STRERROR.invokeExact(errno);
            return message.reinterpret(256).getString(0);
        } catch (Throwable e) {
            return "errno " + errno;
        }
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), descriptor, ERRNO);
    }
}
