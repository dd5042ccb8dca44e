package io.reseau.ingress.dataplane;

import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.reseau.ingress.model.ExternalAddresses;
import java.net.ConnectException;
import java.net.InetSocketAddress;

/**
 * The addresses of ExternalName Services' names, looked up when a connection is opened: the hosts file first, then
 * the DNS servers and search domains of {@code /etc/resolv.conf} ({@link NameResolution#system()}), answers kept for
 * their TTL (a name that does not resolve, for {@link #NEGATIVE_TTL_SECONDS}: a broken name is not asked again for
 * every request); Netty's DNS resolver, one per event loop, so that a lookup never blocks one. An address
 * {@link ExternalAddresses} refuses (link-local: the cloud metadata service) fails the connection instead.
 */
final class ExternalNames implements AutoCloseable {

    private static final int NEGATIVE_TTL_SECONDS = 5;

    private final DnsAddressResolverGroup resolvers;

    ExternalNames(Class<? extends DatagramChannel> datagramChannel, NameResolution resolution) {
        this.resolvers = new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .datagramChannelType(datagramChannel).hostsFileEntriesResolver(resolution.hosts())
                .nameServerProvider(resolution.nameServers())
                .negativeTtl(NEGATIVE_TTL_SECONDS));
    }

    /** The address to connect to for an unresolved one (a name and a port), or why there is none. */
    Future<InetSocketAddress> resolve(EventLoop loop, InetSocketAddress name) {
        Promise<InetSocketAddress> address = loop.newPromise();
        resolvers.getResolver(loop).resolve(name).addListener((Future<InetSocketAddress> found) -> {
            if (!found.isSuccess()) {
                address.tryFailure(found.cause());
            } else if (ExternalAddresses.refused(found.getNow().getAddress())) {
                address.tryFailure(new ConnectException(name.getHostString() + " resolves to "
                        + found.getNow().getAddress().getHostAddress() + ", a link-local, wildcard or multicast "
                        + "address, which reseau-ingress does not connect to"));
            } else {
                address.trySuccess(found.getNow());
            }
        });
        return address;
    }

    @Override
    public void close() {
        resolvers.close();
    }
}
