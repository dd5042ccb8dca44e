package io.reseau.cni.apply;

import io.reseau.hostnet.nft.Family;
import io.reseau.hostnet.nft.NftTransaction;
import io.reseau.hostnet.nft.Nftables;
import io.reseau.hostnet.nft.Table;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the {@code reseau-cni} tables, each as one atomic replacement when it differs from what was last
 * written (the first write of a run always replaces, whatever an earlier run left).
 */
public final class MasqueradeWriter {

    private final Nftables nftables;
    private final Map<Family, List<String>> written = new EnumMap<>(Family.class);

    public MasqueradeWriter(Nftables nftables) {
        this.nftables = nftables;
    }

    public void write(Table table) {
        NftTransaction replace = new NftTransaction().replaceTable(table);
        if (replace.lines().equals(written.get(table.family()))) {
            return;
        }
        written.remove(table.family());
        nftables.apply(replace);
        written.put(table.family(), replace.lines());
    }
}
