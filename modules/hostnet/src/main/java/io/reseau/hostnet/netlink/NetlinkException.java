package io.reseau.hostnet.netlink;

/** The kernel refused a netlink request; {@link #errno()} says how (e.g. 2 for ENOENT, 17 for EEXIST). */
public class NetlinkException extends RuntimeException {

    private final int errno;

    public NetlinkException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
