package io.reseau.ingress;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The management port (health, metrics) listens on every address of the pod, IPv6 too where there is IPv6, so that
 * the kubelet's probes of an IPv6 pod address reach it ({@link EveryAddress}; {@code disable-ipv6} as for the
 * proxy's ports). Just above {@code application.properties}, below the environment ({@code QUARKUS_HTTP_HOST}).
 */
public final class ManagementAddress implements ConfigSourceFactory {

    private static final int ORDINAL = 251;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue disableIpv6 = context.getValue("reseau.ingress.disable-ipv6");
        boolean ipv4Only = disableIpv6 != null && Boolean.parseBoolean(disableIpv6.getValue());
        return List.of(new PropertiesConfigSource(Map.of("quarkus.http.host", EveryAddress.here(ipv4Only)),
                "every address of the pod", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
