package io.reseau.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.reseau.ingress.dataplane.DataPlane;
import org.junit.jupiter.api.Test;

/**
 * The data plane as the controller receives it: the jar of modules/ingress-core, which carries a Netty of its own
 * (relocated, with its native libraries renamed to match), apart from the Netty of Quarkus and Vert.x in this process.
 */
class PackagedDataPlaneTest {

    private static final String UNSHADED = "the data plane runs on the original Netty classes: this module was given "
            + "modules/ingress-core's classes instead of its packaged jar (build with 'mvn install' or 'make test', "
            + "which package it first)";

    @Test
    void runsOnARelocatedNettyWhoseNativeTransportAndTlsLoad() {
        DataPlane.NettyInUse netty = DataPlane.netty();

        assertThat(netty.packageName()).as(UNSHADED).isEqualTo("io.reseau.ingress.shaded.io.netty.channel");
        assertThat(netty.transport()).as("the relocated epoll library loads").isEqualTo("epoll");
        assertThat(netty.tls()).as("the relocated BoringSSL library loads").isEqualTo("OPENSSL");
    }
}
