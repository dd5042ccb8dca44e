package io.reseau.proxy.model;

import java.util.Locale;
import java.util.Optional;

/** The transport protocols a Service port may use. */
public enum Protocol {
    TCP, UDP, SCTP;

    /** nft's name, as in {@code meta l4proto tcp}. */
    public String nftName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The protocol of a Kubernetes port ({@code TCP} when unset, as the API defaults it). */
    public static Optional<Protocol> of(String kubernetes) {
        if (kubernetes == null || kubernetes.isEmpty()) {
            return Optional.of(TCP);
        }
        try {
            return Optional.of(valueOf(kubernetes));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
