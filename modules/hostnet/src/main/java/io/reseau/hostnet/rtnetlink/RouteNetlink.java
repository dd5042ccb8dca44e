package io.reseau.hostnet.rtnetlink;

import io.reseau.hostnet.netlink.Attributes;
import io.reseau.hostnet.netlink.Errno;
import io.reseau.hostnet.netlink.Message;
import io.reseau.hostnet.netlink.MessageWriter;
import io.reseau.hostnet.netlink.NetlinkException;
import io.reseau.hostnet.netlink.NetlinkSocket;
import io.reseau.hostnet.netns.NamespaceDescriptor;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Links, addresses and routes of one network namespace over rtnetlink, in this process: what {@code ip link},
 * {@code ip addr} and {@code ip route} do, without starting a process per change (a CNI ADD makes about ten
 * changes, and a process costs milliseconds each). Not thread-safe: one request at a time, as its socket.
 */
public final class RouteNetlink implements AutoCloseable {

    private static final int NETLINK_ROUTE = 0;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int F_REQUEST = 1;
    private static final int F_ACK = 4;
    private static final int F_DUMP = 0x300;
    private static final int F_EXCL = 0x200;
    private static final int F_CREATE = 0x400;
    private static final int F_REPLACE = 0x100;
    private static final int F_CAPPED = 0x100;
    private static final int F_ACK_TLVS = 0x200;
    private static final int ERR_ATTR_MSG = 1;

    private static final int NEWLINK = 16;
    private static final int DELLINK = 17;
    private static final int GETLINK = 18;
    private static final int SETLINK = 19;
    private static final int NEWADDR = 20;
    private static final int GETADDR = 22;
    private static final int NEWROUTE = 24;

    private static final int AF_UNSPEC = 0;
    private static final int AF_INET = 2;
    private static final int AF_BRIDGE = 7;
    private static final int AF_INET6 = 10;
    private static final int IFF_UP = 1;

    private static final int IFLA_ADDRESS = 1;
    private static final int IFLA_IFNAME = 3;
    private static final int IFLA_MTU = 4;
    private static final int IFLA_MASTER = 10;
    private static final int IFLA_PROTINFO = 12;
    private static final int IFLA_LINKINFO = 18;
    private static final int IFLA_NET_NS_FD = 28;
    private static final int IFLA_INFO_KIND = 1;
    private static final int IFLA_INFO_DATA = 2;
    private static final int VETH_INFO_PEER = 1;
    private static final int IFLA_BRPORT_MODE = 4;

    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;
    private static final int IFA_FLAGS = 8;
    private static final int IFA_F_NODAD = 0x02;

    private static final int RTA_DST = 1;
    private static final int RTA_OIF = 4;
    private static final int RTA_GATEWAY = 5;
    private static final int RT_TABLE_MAIN = 254;
    private static final int RTPROT_BOOT = 3;
    private static final int RTN_UNICAST = 1;

    private static final int ENODEV = 19;

    private final NetworkNamespace namespace;
    private final NetlinkSocket socket;
    private int sequence = 1;

    private RouteNetlink(NetworkNamespace namespace, NetlinkSocket socket) {
        this.namespace = namespace;
        this.socket = socket;
    }

    /** Opens an rtnetlink socket inside {@code namespace}; it acts there whichever thread uses it. */
    public static RouteNetlink open(NetworkNamespace namespace) {
        return new RouteNetlink(namespace, NetlinkSocket.open(namespace, NETLINK_ROUTE));
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    /** The link called {@code name}, if there is one. */
    public Optional<LinkState> link(String name) {
        try {
            List<Message> answer = request(GETLINK, 0, "reading link " + name, out -> out
                    .putRaw(ifinfomsg(AF_UNSPEC, 0, 0, 0)).putString(IFLA_IFNAME, name));
            return answer.stream().filter(m -> m.type() == NEWLINK).findFirst().map(RouteNetlink::linkState);
        } catch (NetlinkException e) {
            if (e.errno() == ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every link in the namespace. */
    public List<LinkState> links() {
        return request(GETLINK, F_DUMP, "listing links", out -> out.putRaw(ifinfomsg(AF_UNSPEC, 0, 0, 0))).stream()
                .filter(m -> m.type() == NEWLINK).map(RouteNetlink::linkState).toList();
    }

    /**
     * Creates a veth pair: {@code name} here and {@code peerName} directly inside {@code peer}'s namespace, both
     * with {@code mtu}, neither up. Fails with EEXIST if either name is taken; then nothing was created.
     */
    public void addVeth(String name, String peerName, NamespaceDescriptor peer, int mtu) {
        request(NEWLINK, F_CREATE | F_EXCL, "creating veth " + name + " (peer " + peerName + ")", out -> {
            out.putRaw(ifinfomsg(AF_UNSPEC, 0, 0, 0)).putString(IFLA_IFNAME, name).putU32(IFLA_MTU, mtu);
            out.beginNested(IFLA_LINKINFO).putString(IFLA_INFO_KIND, "veth");
            out.beginNested(IFLA_INFO_DATA).beginNested(VETH_INFO_PEER);
            out.putRaw(ifinfomsg(AF_UNSPEC, 0, 0, 0)).putString(IFLA_IFNAME, peerName).putU32(IFLA_MTU, mtu)
                    .putU32(IFLA_NET_NS_FD, peer.fd());
            out.endNested().endNested().endNested();
        });
    }

    /** Creates a bridge (down); EEXIST if the name is taken. */
    public void addBridge(String name, int mtu) {
        request(NEWLINK, F_CREATE | F_EXCL, "creating bridge " + name, out -> {
            out.putRaw(ifinfomsg(AF_UNSPEC, 0, 0, 0)).putString(IFLA_IFNAME, name).putU32(IFLA_MTU, mtu);
            out.beginNested(IFLA_LINKINFO).putString(IFLA_INFO_KIND, "bridge").endNested();
        });
    }

    /** Enslaves link {@code index} to the bridge {@code bridgeIndex}. */
    public void setMaster(int index, int bridgeIndex) {
        request(NEWLINK, 0, "attaching link " + index + " to bridge " + bridgeIndex, out -> out
                .putRaw(ifinfomsg(AF_UNSPEC, index, 0, 0)).putU32(IFLA_MASTER, bridgeIndex));
    }

    public void setUp(int index) {
        request(NEWLINK, 0, "setting link " + index + " up", out -> out.putRaw(ifinfomsg(AF_UNSPEC, index, IFF_UP, IFF_UP)));
    }

    /** Lets the bridge port {@code index} send frames back where they came from (a pod reaching itself via a Service). */
    public void setHairpin(int index) {
        request(SETLINK, 0, "turning hairpin on for link " + index, out -> {
            out.putRaw(ifinfomsg(AF_BRIDGE, index, 0, 0));
            out.beginNested(IFLA_PROTINFO).putBytes(IFLA_BRPORT_MODE, new byte[] {1}).endNested();
        });
    }

    /** Deletes the link (a veth takes its peer with it); false if there was none. */
    public boolean deleteLink(String name) {
        try {
            request(DELLINK, 0, "deleting link " + name, out -> out.putRaw(ifinfomsg(AF_UNSPEC, 0, 0, 0))
                    .putString(IFLA_IFNAME, name));
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == ENODEV) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Adds {@code address/prefixLength} to link {@code index}, or keeps it if it is there. IPv6 addresses skip
     * duplicate address detection: the allocator already made them unique, and DAD would hold them unusable
     * for a second or more.
     */
    public void replaceAddress(int index, InetAddress address, int prefixLength) {
        boolean v6 = address instanceof Inet6Address;
        request(NEWADDR, F_CREATE | F_REPLACE, "adding " + address.getHostAddress() + "/" + prefixLength
                + " to link " + index, out -> {
            byte[] header = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
                    .put((byte) (v6 ? AF_INET6 : AF_INET)).put((byte) prefixLength).put((byte) 0).put((byte) 0)
                    .putInt(index).array();
            out.putRaw(header).putBytes(IFA_LOCAL, address.getAddress()).putBytes(IFA_ADDRESS, address.getAddress());
            if (v6) {
                out.putU32(IFA_FLAGS, IFA_F_NODAD);
            }
        });
    }

    /** The addresses on link {@code index}, both families. */
    public List<InterfaceAddress> addresses(int index) {
        return addresses().stream().filter(address -> address.index() == index).toList();
    }

    /** Every address in the namespace, both families. */
    public List<InterfaceAddress> addresses() {
        List<InterfaceAddress> addresses = new ArrayList<>();
        for (Message message : request(GETADDR, F_DUMP, "listing addresses", out -> out.putRaw(new byte[8]))) {
            ByteBuffer payload = message.payload();
            int prefix = Byte.toUnsignedInt(payload.get(1));
            int link = payload.getInt(4);
            if (message.type() != NEWADDR) {
                continue;
            }
            Attributes attributes = Attributes.parse(payload.duplicate().position(8));
            attributes.bytes(IFA_LOCAL).or(() -> attributes.bytes(IFA_ADDRESS))
                    .ifPresent(raw -> addresses.add(new InterfaceAddress(link, address(Attributes.toArray(raw)), prefix)));
        }
        return addresses;
    }

    /**
     * Adds or replaces the route to {@code destination/prefixLength} (0.0.0.0/0 or ::/0 for the default) through
     * {@code gateway} on link {@code index}.
     */
    public void replaceRoute(InetAddress destination, int prefixLength, InetAddress gateway, int index) {
        boolean v6 = destination instanceof Inet6Address;
        request(NEWROUTE, F_CREATE | F_REPLACE, "adding the route to " + destination.getHostAddress() + "/"
                + prefixLength + " via " + gateway.getHostAddress(), out -> {
            byte[] header = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
                    .put((byte) (v6 ? AF_INET6 : AF_INET)).put((byte) prefixLength).put((byte) 0).put((byte) 0)
                    .put((byte) RT_TABLE_MAIN).put((byte) RTPROT_BOOT).put((byte) 0 /* universe */)
                    .put((byte) RTN_UNICAST).putInt(0).array();
            out.putRaw(header);
            if (prefixLength > 0) {
                out.putBytes(RTA_DST, destination.getAddress());
            }
            out.putBytes(RTA_GATEWAY, gateway.getAddress()).putU32(RTA_OIF, index);
        });
    }

    @Override
    public void close() {
        socket.close();
    }

    /** Sends one request and collects its answer up to the kernel's acknowledgement (or NLMSG_DONE for dumps). */
    private List<Message> request(int type, int flags, String what, Consumer<MessageWriter> body) {
        int requestSequence = sequence++;
        MessageWriter out = new MessageWriter().beginMessage(type, F_REQUEST | F_ACK | flags, requestSequence);
        body.accept(out);
        socket.send(out.endMessage().toBuffer());
        List<Message> answer = new ArrayList<>();
        while (true) {
            for (Message message : Message.split(socket.receive())) {
                if (message.sequence() != requestSequence) {
                    continue;
                }
                if (message.type() == NLMSG_DONE) {
                    return answer;
                }
                if (message.type() == NLMSG_ERROR) {
                    if (message.error() == 0) {
                        return answer;
                    }
                    String kernel = message.extendedMessage(F_CAPPED, F_ACK_TLVS, ERR_ATTR_MSG);
                    throw new NetlinkException(what + " in " + namespace + " failed: " + Errno.describe(-message.error())
                            + (kernel.isEmpty() ? "" : " (" + kernel + ")"), -message.error());
                }
                answer.add(message);
            }
        }
    }

    private static byte[] ifinfomsg(int family, int index, int flags, int change) {
        return ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).put((byte) family).put((byte) 0)
                .putShort((short) 0).putInt(index).putInt(flags).putInt(change).array();
    }

    private static LinkState linkState(Message message) {
        ByteBuffer payload = message.payload();
        int index = payload.getInt(4);
        int flags = payload.getInt(8);
        Attributes attributes = Attributes.parse(payload.duplicate().position(16));
        String mac = attributes.bytes(IFLA_ADDRESS).map(raw -> HexFormat.ofDelimiter(":").formatHex(Attributes.toArray(raw)))
                .orElse("");
        int mtu = attributes.bytes(IFLA_MTU).map(RouteNetlink::u32).orElse(0);
        int master = attributes.bytes(IFLA_MASTER).map(RouteNetlink::u32).orElse(0);
        return new LinkState(index, attributes.string(IFLA_IFNAME).orElse(""), mac, mtu, (flags & IFF_UP) != 0, master);
    }

    /** A native-order u32 attribute (a duplicated buffer reads big-endian unless told otherwise). */
    private static int u32(ByteBuffer value) {
        return value.order(ByteOrder.nativeOrder()).getInt(0);
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the kernel reported an address of " + raw.length + " bytes", e);
        }
    }
}
