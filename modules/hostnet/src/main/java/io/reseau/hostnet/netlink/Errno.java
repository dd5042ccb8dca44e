package io.reseau.hostnet.netlink;

/** Names an errno the way people read it: {@code No such file or directory (ENOENT)}. */
public final class Errno {

    private Errno() {
    }

    public static String describe(int errno) {
        return NetlinkSocket.strerror(errno) + " (errno " + errno + ")";
    }
}
