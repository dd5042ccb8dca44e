package io.reseau.ingress.dataplane;

import io.netty.resolver.HostsFileEntriesResolver;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;

/**
 * Where ExternalName Services' names are looked up: a hosts table first, then these DNS servers.
 *
 * @param hosts       consulted before DNS ({@link HostsFileEntriesResolver#DEFAULT}: /etc/hosts)
 * @param nameServers the DNS servers asked, with their search domains
 */
public record NameResolution(HostsFileEntriesResolver hosts, DnsServerAddressStreamProvider nameServers) {

    /** The system's: /etc/hosts, then the servers and search domains of /etc/resolv.conf. */
    public static NameResolution system() {
        return new NameResolution(HostsFileEntriesResolver.DEFAULT, DnsServerAddressStreamProviders.platformDefault());
    }
}
