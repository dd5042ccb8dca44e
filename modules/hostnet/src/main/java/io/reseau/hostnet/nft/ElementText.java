package io.reseau.hostnet.nft;

import io.reseau.hostnet.netlink.Attributes;
import io.reseau.hostnet.nft.kernel.Nf;
import java.util.HexFormat;
import java.util.Optional;

/** Writes set elements read from the kernel back in nft's syntax, from the set's stored key and data types. */
final class ElementText {

    private final Optional<KeyType> key;
    private final int dataType;
    private final Optional<KeyType> data;

    ElementText(int keyType, int dataType) {
        this.key = known(keyType);
        this.dataType = dataType;
        this.data = dataType == Nf.DATA_TYPE_VERDICT ? Optional.empty() : known(dataType);
    }

    String key(byte[] raw) {
        return key.map(type -> type.format(raw)).orElseGet(() -> "0x" + HexFormat.of().formatHex(raw));
    }

    String value(Attributes elementData) {
        if (dataType == Nf.DATA_TYPE_VERDICT) {
            return elementData.nested(Nf.DATA_VERDICT)
                    .map(verdict -> new MapVerdict(verdict.be32(Nf.VERDICT_CODE).orElse(0),
                            verdict.string(Nf.VERDICT_CHAIN).orElse(null)).text())
                    .orElse("");
        }
        return elementData.bytes(Nf.DATA_VALUE).map(Attributes::toArray)
                .map(raw -> data.map(type -> type.format(raw)).orElseGet(() -> "0x" + HexFormat.of().formatHex(raw)))
                .orElse("");
    }

    private static Optional<KeyType> known(int id) {
        try {
            return id == 0 ? Optional.empty() : Optional.of(KeyType.fromId(id));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
