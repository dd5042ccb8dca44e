package io.reseau.ingress.compute;

import io.netty.handler.ssl.CipherSuiteConverter;
import io.reseau.ingress.model.TlsPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * nginx's TLS settings, read: versions as {@code ssl-protocols} and {@code proxy-ssl-protocols} take them
 * (space-separated), cipher suites as {@code ssl-ciphers} and {@code proxy-ssl-ciphers} do (OpenSSL's colon-separated
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
     * The TLS 1.2 cipher suites named, by OpenSSL's names ({@code ECDHE-RSA-AES128-GCM-SHA256}) or IANA's
     * ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}), as IANA names; none (the defaults) for {@code DEFAULT}.
     * OpenSSL's keywords and operators ({@code HIGH}, {@code !aNULL}, {@code @STRENGTH}) are left out: reseau's
     * defaults already leave out anonymous, null, export and RC4 suites. TLS 1.3's suites are always offered.
     */
    public static List<String> cipherSuites(String setting, String value, Consumer<String> leftOut) {
        List<String> suites = new ArrayList<>();
        for (String entry : value.strip().split("[:,\\s]+")) {
            if (entry.isEmpty() || entry.equals("DEFAULT")) {
                continue;
            }
            String iana = entry.startsWith("TLS_") ? entry : CipherSuiteConverter.toJava(entry, "TLS");
            if (iana == null) {
                leftOut.accept(setting + ": " + entry + " is not the name of a cipher suite (OpenSSL's keywords and"
                        + " operators are not read)");
            } else if (!TlsPolicy.TLS13_SUITES.contains(iana) && !suites.contains(iana)) {
                suites.add(iana);
            }
        }
        return suites;
    }
}
