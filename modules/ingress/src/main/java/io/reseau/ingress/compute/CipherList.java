package io.reseau.ingress.compute;

import io.netty.handler.ssl.CipherSuiteConverter;
import io.reseau.ingress.model.TlsPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * OpenSSL's cipher list format, as nginx's {@code ssl_ciphers} (and so ingress-nginx's {@code ssl-ciphers} and
 * {@code proxy-ssl-ciphers}) takes it: {@code HIGH:!aNULL:!MD5}, {@code ECDHE+AESGCM:ECDHE+CHACHA20},
 * {@code ECDHE-RSA-AES128-GCM-SHA256:...}. Read as OpenSSL 3 reads it, over the TLS 1.2 suites reseau may offer
 * (ECDHE, DHE and RSA key exchange; AES-GCM, ChaCha20-Poly1305 and AES-CBC): elements separated by {@code :},
 * {@code ,} or spaces; each a suite's name (OpenSSL's or IANA's) or keywords joined by {@code +} (all must hold);
 * prefixed by nothing (add those not in the list yet, at its end), {@code -} (take out, to be added again later),
 * {@code !} (take out for good) or {@code +} (move to the end); {@code @STRENGTH} orders by key length. Keywords of
 * what reseau never offers ({@code aNULL}, {@code MD5}, {@code RC4}, {@code 3DES}, {@code PSK}, ...) select nothing.
 * Pure.
 */
final class CipherList {

    /** A TLS 1.2 suite reseau may offer, and what OpenSSL's keywords select it by. */
    private record Suite(String iana, Set<String> keywords, int bits) {

        private static final Pattern IANA = Pattern.compile(
                "TLS_(ECDHE|DHE|RSA)(?:_(RSA|ECDSA))?_WITH_(AES_(128|256)_(GCM|CBC)|CHACHA20_POLY1305)_(SHA|SHA256|SHA384)");

        static Suite of(String iana) {
            Matcher name = IANA.matcher(iana);
            if (!name.matches()) {
                throw new IllegalArgumentException(iana);
            }
            Set<String> keywords = new HashSet<>(Set.of("ALL", "DEFAULT", "HIGH"));
            switch (name.group(1)) {
                case "ECDHE" -> keywords.addAll(Set.of("kECDHE", "kEECDH", "ECDHE", "EECDH", "ECDH"));
                case "DHE" -> keywords.addAll(Set.of("kDHE", "kEDH", "DHE", "EDH", "DH"));
                default -> keywords.addAll(Set.of("kRSA", "RSA"));
            }
            keywords.add(name.group(2) == null || name.group(2).equals("RSA") ? "aRSA" : "aECDSA");
            if ("ECDSA".equals(name.group(2))) {
                keywords.add("ECDSA");
            }
            boolean aead;
            if (name.group(4) == null) {
                keywords.add("CHACHA20");
                aead = true;
            } else {
                keywords.addAll(Set.of("AES", "AES" + name.group(4)));
                aead = name.group(5).equals("GCM");
                if (aead) {
                    keywords.add("AESGCM");
                }
            }
            if (!aead) {
                keywords.addAll(name.group(6).equals("SHA") ? Set.of("SHA1", "SHA") : Set.of(name.group(6)));
            }
            // The TLS versions that may use the suite: 1.2 only for AEAD and SHA-2 MACs, SSLv3 on otherwise.
            keywords.addAll(aead || !name.group(6).equals("SHA") ? Set.of("TLSv1.2")
                    : Set.of("TLSv1.0", "TLSv1", "SSLv3"));
            return new Suite(iana, Set.copyOf(keywords), "128".equals(name.group(4)) ? 128 : 256);
        }
    }

    /** Every suite, in OpenSSL 3's order for {@code ALL} (which {@code openssl ciphers -tls1_2 ALL} lists). */
    private static final List<Suite> SUITES = Stream.of(
            "ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE_RSA_WITH_AES_256_GCM_SHA384", "DHE_RSA_WITH_AES_256_GCM_SHA384",
            "ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "ECDHE_RSA_WITH_AES_128_GCM_SHA256", "DHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
            "ECDHE_RSA_WITH_AES_256_CBC_SHA384", "DHE_RSA_WITH_AES_256_CBC_SHA256", "ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            "ECDHE_RSA_WITH_AES_128_CBC_SHA256", "DHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "ECDHE_RSA_WITH_AES_256_CBC_SHA", "DHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "ECDHE_RSA_WITH_AES_128_CBC_SHA", "DHE_RSA_WITH_AES_128_CBC_SHA", "RSA_WITH_AES_256_GCM_SHA384",
            "RSA_WITH_AES_128_GCM_SHA256", "RSA_WITH_AES_256_CBC_SHA256", "RSA_WITH_AES_128_CBC_SHA256",
            "RSA_WITH_AES_256_CBC_SHA", "RSA_WITH_AES_128_CBC_SHA").map(name -> Suite.of("TLS_" + name)).toList();

    /** OpenSSL's keywords of suites reseau never offers: they select nothing here. */
    private static final Set<String> NEVER_OFFERED = Set.of("aNULL", "eNULL", "NULL", "COMPLEMENTOFALL",
            "COMPLEMENTOFDEFAULT", "MEDIUM", "LOW", "EXP", "EXPORT", "EXPORT40", "EXPORT56", "MD5", "RC4", "DES", "3DES",
            "IDEA", "SEED", "CAMELLIA", "CAMELLIA128", "CAMELLIA256", "ARIA", "ARIA128", "ARIA256", "ARIAGCM", "AESCCM",
            "AESCCM8", "PSK", "kPSK", "aPSK", "kECDHEPSK", "kDHEPSK", "kRSAPSK", "SRP", "kSRP", "aSRP", "DSS", "aDSS",
            "ADH", "AECDH", "aDH", "aECDH", "kDH", "kECDH", "kDHr", "kDHd", "kECDHr", "kECDHe", "aGOST", "aGOST01",
            "kGOST", "GOST94", "GOST89MAC", "SUITEB128", "SUITEB128ONLY", "SUITEB192");

    private static final Map<String, Suite> BY_NAME = SUITES.stream()
            .collect(Collectors.toMap(Suite::iana, suite -> suite));

    private CipherList() {
    }

    /**
     * The TLS 1.2 suites {@code value} selects, in order, by their IANA names; what cannot be read is told to
     * {@code leftOut} with the setting's name and skipped. TLS 1.3's suites, always offered, are left out of the
     * result.
     */
    static List<String> read(String setting, String value, Consumer<String> leftOut) {
        Suites list = new Suites();
        for (String element : value.strip().split("[:,\\s]+")) {
            if (element.isEmpty()) {
                continue;
            }
            if (element.startsWith("@")) {
                if (element.equals("@STRENGTH")) {
                    list.byStrength();
                } else {
                    leftOut.accept(setting + ": " + element + " is not read (only @STRENGTH is)");
                }
                continue;
            }
            char operator = "!-+".indexOf(element.charAt(0)) >= 0 ? element.charAt(0) : ' ';
            String selector = operator == ' ' ? element : element.substring(1);
            Optional<Selection> selection = selection(selector);
            if (selection.isEmpty()) {
                leftOut.accept(setting + ": " + selector + " is not the name of a cipher suite or an OpenSSL keyword");
                continue;
            }
            list.apply(operator, selection.get());
        }
        return list.active().filter(iana -> !TlsPolicy.TLS13_SUITES.contains(iana)).toList();
    }

    /** What an element selects: one suite by its name, or the suites all its keywords hold for. */
    private record Selection(Optional<String> name, Predicate<String> holds) {
    }

    /** The element's selection; empty if it is neither a suite's name nor keywords OpenSSL knows. */
    private static Optional<Selection> selection(String selector) {
        Optional<String> named = selector.startsWith("TLS_") ? Optional.of(selector)
                : Optional.ofNullable(CipherSuiteConverter.toJava(selector, "TLS"));
        if (named.isPresent()) {
            return Optional.of(new Selection(named, named.get()::equals));
        }
        Predicate<String> all = iana -> true;
        for (String keyword : selector.split("\\+")) {
            if (NEVER_OFFERED.contains(keyword)) {
                all = iana -> false;
            } else if (SUITES.stream().anyMatch(suite -> suite.keywords().contains(keyword))) {
                all = all.and(iana -> BY_NAME.containsKey(iana) && BY_NAME.get(iana).keywords().contains(keyword));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new Selection(Optional.empty(), all));
    }

    /**
     * OpenSSL's working list: every suite in an order, each active (chosen) or not, and those taken out for good.
     * Suites named outside reseau's table join it when added by name.
     */
    private static final class Suites {

        private final List<String> order = new ArrayList<>(SUITES.stream().map(Suite::iana).toList());
        private final Set<String> active = new HashSet<>();
        private final Set<String> killed = new HashSet<>();

        Stream<String> active() {
            return order.stream().filter(active::contains);
        }

        void apply(char operator, Selection selection) {
            if (operator == ' ' && selection.name().isPresent() && !order.contains(selection.name().get())
                    && !killed.contains(selection.name().get())) {
                order.add(selection.name().get());
            }
            List<String> matching = order.stream().filter(selection.holds()).toList();
            switch (operator) {
                case '!' -> {
                    order.removeAll(matching);
                    active.removeAll(matching);
                    killed.addAll(matching);
                    selection.name().ifPresent(killed::add);
                }
                case '-' -> {
                    // To the head, so that a later addition brings them back in their order.
                    List<String> out = matching.stream().filter(active::contains).toList();
                    order.removeAll(out);
                    order.addAll(0, out);
                    active.removeAll(out);
                }
                case '+' -> moveToEnd(matching.stream().filter(active::contains).toList());
                default -> {
                    List<String> added = matching.stream().filter(iana -> !active.contains(iana)).toList();
                    moveToEnd(added);
                    active.addAll(added);
                }
            }
        }

        private void moveToEnd(List<String> suites) {
            order.removeAll(suites);
            order.addAll(suites);
        }

        /** {@code @STRENGTH}: the active suites by key length, longest first, ties kept in order. */
        void byStrength() {
            moveToEnd(active().sorted(Comparator.comparingInt(
                    (String iana) -> BY_NAME.containsKey(iana) ? -BY_NAME.get(iana).bits() : 0)).toList());
        }
    }
}
