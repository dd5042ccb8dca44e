package io.reseau.ingress.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * nginx's TLS settings, read: versions as {@code ssl-protocols} and {@code proxy-ssl-protocols} take them
 * (space-separated), cipher suites as {@code ssl-ciphers} and {@code proxy-ssl-ciphers} do (OpenSSL's cipher
 * list). Pure. What cannot be offered is told to {@code leftOut}, with the setting's name, and left out.
 */
public final class TlsParameters {

    private static final List<String> VERSIONS = List.of("TLSv1.2", "TLSv1.3");

    private TlsParameters() {
    }

    /** The versions named, among TLS 1.2 and 1.3; both when none of them is. */
    public static List<String> protocols(String setting, String value, Consumer<String> leftOut) {
        List<String> protocols = new ArrayList<>();
        for (String protocol : value.strip().split("\\s+")) {
            if (VERSIONS.contains(protocol)) {
                protocols.add(protocol);
            } else if (!protocol.isEmpty()) {
                leftOut.accept(setting + ": " + protocol + " is not offered (TLSv1.2 and TLSv1.3 are)");
            }
        }
        return protocols.isEmpty() ? VERSIONS : protocols;
    }

    /**
     * The TLS 1.2 cipher suites an OpenSSL cipher list selects ({@link CipherList}: names such as
     * {@code ECDHE-RSA-AES128-GCM-SHA256} or {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}, keywords and operators
     * such as {@code HIGH:!aNULL:!MD5}), in order, by IANA names; none (the defaults) for {@code DEFAULT} alone or
     * nothing, and when the list selects no TLS 1.2 suite reseau offers (also told to {@code leftOut}). TLS 1.3's
     * suites are always offered.
     */
    public static List<String> cipherSuites(String setting, String value, Consumer<String> leftOut) {
        if (value.isBlank() || value.strip().equals("DEFAULT")) {
            return List.of();
        }
        List<String> suites = CipherList.read(setting, value, leftOut);
        if (suites.isEmpty()) {
            leftOut.accept(setting + ": '" + value.strip() + "' selects no TLS 1.2 cipher suite; the defaults are"
                    + " offered");
        }
        return suites;
    }
}
