package io.reseau.hostnet.nft;

import io.reseau.hostnet.exec.CommandResult;
import io.reseau.hostnet.exec.ProcessRunner;
import io.reseau.hostnet.netns.NetworkNamespace;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** nftables in one network namespace: transactions in through {@code nft -f -}, state out through {@code nft -j}. */
public final class Nftables {

    private final ProcessRunner nft;

    public Nftables(NetworkNamespace namespace) {
        this.nft = new ProcessRunner(namespace);
    }

    /**
     * Applies the transaction atomically. On refusal nothing changed, and the {@link NftablesException} names
     * the offending lines.
     */
    public void apply(NftTransaction transaction) {
        if (transaction.isEmpty()) {
            return;
        }
        CommandResult result = nft.run(List.of("nft", "-f", "-"), transaction.script());
        if (!result.succeeded()) {
            throw new NftablesException("nft refused the transaction in " + nft.namespace()
                    + ", nothing was applied", NftErrors.parse(result.stderr(), transaction.lines()));
        }
    }

    /** The table as the kernel holds it, or empty if there is no such table. */
    public Optional<TableState> table(Family family, String name) {
        return nft.readIfPresent(List.of("nft", "-j", "list", "table", family.keyword(),
                        NftText.identifier("table", name)), "No such file or directory")
                .map(json -> NftJson.table(json, family, name));
    }

    /** Every table in the namespace, as family and name. */
    public List<Map.Entry<Family, String>> tables() {
        return NftJson.tables(nft.check("nft", "-j", "list", "tables"));
    }
}
