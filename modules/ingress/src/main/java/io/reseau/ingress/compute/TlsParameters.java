package io.reseau.ingress.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * nginx's TLS settings, read: versions as {@code ssl-protocols} and {@code proxy-ssl-protocols} take them
 * (space-separated), cipher suites as {@code ssl-ciphers} and {@code proxy-ssl-ciphers} do (OpenSSL's cipher
 * list). Pure. What cannot be offered is told to {@code leftOut}, with the setting's name, and left out.
 */
public final class TlsParameters {

    private static final List<String> VERSIONS = List.of("TLSv1.2", "TLSv1.3");

    /** The key exchange groups reseau offers, by OpenSSL's names and aliases in lower case, as BoringSSL names them. */
    private static final Map<String, String> GROUPS = Map.of("x25519", "X25519", "prime256v1", "P-256",
            "secp256r1", "P-256", "p-256", "P-256", "secp384r1", "P-384", "p-384", "P-384", "secp521r1", "P-521",
            "p-521", "P-521", "x25519mlkem768", "X25519MLKEM768");

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

    /**
     * The key exchange groups offered, as nginx's {@code ssl_ecdh_curve} names them ({@code ssl-ecdh-curve}: names
     * joined by {@code :}, such as {@code X25519:prime256v1:secp384r1}), in order, by BoringSSL's names; none (the
     * TLS library's own choice) for {@code auto} or nothing, and when no name is of a group reseau offers (also told
     * to {@code leftOut}, as each name that is not).
     */
    public static List<String> curves(String setting, String value, Consumer<String> leftOut) {
        if (value.isBlank() || value.strip().equals("auto")) {
            return List.of();
        }
        List<String> groups = new ArrayList<>();
        for (String name : value.strip().split(":")) {
            String group = GROUPS.get(name.strip().toLowerCase(Locale.ROOT));
            if (group == null) {
                leftOut.accept(setting + ": " + name.strip() + " is not offered (X25519, prime256v1, secp384r1,"
                        + " secp521r1 and X25519MLKEM768 are)");
            } else if (!groups.contains(group)) {
                groups.add(group);
            }
        }
        if (groups.isEmpty()) {
            leftOut.accept(setting + ": '" + value.strip() + "' names no group reseau offers; its defaults are"
                    + " offered");
        }
        return List.copyOf(groups);
    }
}
