package io.reseau.ingress.dataplane;

import io.netty.handler.ssl.util.SimpleTrustManagerFactory;
import java.security.KeyStore;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;

/** A trust manager factory that hands out one trust manager made up front: Netty's builders take factories. */
abstract class OneTrustManagerFactory extends SimpleTrustManagerFactory {

    private final TrustManager manager;

    OneTrustManagerFactory(TrustManager manager) {
        this.manager = manager;
    }

    @Override
    protected void engineInit(KeyStore keyStore) {
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) {
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        return new TrustManager[] {manager};
    }
}
