package io.reseau.hostnet.nft;

import io.reseau.hostnet.netlink.Attributes;
import io.reseau.hostnet.netlink.Message;
import io.reseau.hostnet.netlink.MessageWriter;
import io.reseau.hostnet.netlink.NetlinkException;
import io.reseau.hostnet.netlink.NetlinkSocket;
import io.reseau.hostnet.netns.NetworkNamespace;
import io.reseau.hostnet.nft.kernel.Nf;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * nftables in one network namespace, spoken to directly over netlink (as nft itself does, without its parser
 * and cache, which cost seconds at 100k elements): transactions go in as one atomic batch, state comes back
 * through dumps. Holds one socket; not thread-safe; close it when done.
 */
public final class Nftables implements AutoCloseable {

    /** How often a set's elements are dumped before its last dump is taken as it is. */
    private static final int DUMP_ATTEMPTS = 10;
    private static final Duration DUMP_RETRY_PAUSE = Duration.ofMillis(20);

    private final NetworkNamespace namespace;
    private final NetlinkSocket socket;
    private int sequence = (int) (System.nanoTime() & 0x3FFFFFFF);

    private Nftables(NetworkNamespace namespace, NetlinkSocket socket) {
        this.namespace = namespace;
        this.socket = socket;
    }

    public static Nftables open(NetworkNamespace namespace) {
        return new Nftables(namespace, NetlinkSocket.open(namespace, NetlinkSocket.NETLINK_NETFILTER));
    }

    /**
     * Applies the transaction atomically. If the kernel refuses any of it, nothing changed, and the
     * {@link NftablesException} names each offending line with the kernel's reason.
     */
    public void apply(NftTransaction transaction) {
        if (transaction.isEmpty()) {
            return;
        }
        List<NftOperation> operations = transaction.operations();
        NftBatch batch = NftBatch.encode(operations, sequence);
        sequence = batch.nextSequence();
        socket.send(batch.bytes());

        List<NftablesException.LineError> errors = new ArrayList<>();
        int pending = batch.acknowledgements();
        while (pending > 0) {
            for (Message message : Message.split(socket.receive())) {
                if (message.type() != Nf.MSG_ERROR) {
                    continue;
                }
                int index = batch.operationOf(message.erroredSequence());
                if (index < 0) {
                    // The kernel refused the batch as a whole (no privilege, no memory): nothing else will come.
                    throw new NftablesException("the kernel refused the transaction in " + namespace + ": "
                            + reason(message), List.of());
                }
                pending--;
                if (message.error() != 0) {
                    errors.add(new NftablesException.LineError(index + 1, operations.get(index).line(), reason(message)));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new NftablesException("the kernel refused the transaction in " + namespace
                    + ", nothing was applied", errors);
        }
    }

    /** Every table in the namespace, as family and name. */
    public List<Map.Entry<Family, String>> tables() {
        List<Map.Entry<Family, String>> tables = new ArrayList<>();
        for (Message message : dump(Nf.SUBSYS_NFTABLES << 8 | 1 /* GETTABLE */, 0, out -> { })) {
            familyOf(message.nfFamily()).ifPresent(family ->
                    message.nfAttributes().string(Nf.TABLE_NAME).ifPresent(name -> tables.add(Map.entry(family, name))));
        }
        return tables;
    }

    /** The table as the kernel holds it, or empty if there is no such table. */
    public Optional<TableState> table(Family family, String name) {
        NftText.identifier("table", name);
        if (!tables().contains(Map.entry(family, name))) {
            return Optional.empty();
        }
        int nfproto = NftBatch.nfproto(family);
        Map<String, Integer> ruleCounts = new LinkedHashMap<>();
        for (Message message : dump(request(Nf.GETRULE), nfproto, out -> out.putString(Nf.RULE_TABLE, name))) {
            Attributes rule = message.nfAttributes();
            if (rule.string(Nf.RULE_TABLE).orElse("").equals(name)) {
                ruleCounts.merge(rule.string(Nf.RULE_CHAIN).orElse(""), 1, Integer::sum);
            }
        }
        Map<String, TableState.ChainState> chains = new LinkedHashMap<>();
        for (Message message : dump(request(Nf.GETCHAIN), nfproto, out -> out.putString(Nf.CHAIN_TABLE, name))) {
            Attributes chain = message.nfAttributes();
            if (chain.string(Nf.CHAIN_TABLE).orElse("").equals(name)) {
                String chainName = chain.string(Nf.CHAIN_NAME).orElseThrow();
                Optional<String> hook = chain.nested(Nf.CHAIN_HOOK).flatMap(h -> h.be32(Nf.HOOK_HOOKNUM)).map(Hook::hookName);
                chains.put(chainName, new TableState.ChainState(chainName, chain.string(Nf.CHAIN_TYPE), hook,
                        ruleCounts.getOrDefault(chainName, 0)));
            }
        }
        Map<String, List<String>> sets = new LinkedHashMap<>();
        Map<String, Map<String, String>> maps = new LinkedHashMap<>();
        for (Message message : dump(request(Nf.GETSET), nfproto, out -> out.putString(Nf.SET_TABLE, name))) {
            Attributes set = message.nfAttributes();
            if (!set.string(Nf.SET_TABLE).orElse("").equals(name)) {
                continue;
            }
            String setName = set.string(Nf.SET_NAME).orElseThrow();
            boolean isMap = (set.be32(Nf.SET_FLAGS).orElse(0) & Nf.SET_MAP) != 0;
            ElementText text = new ElementText(set.be32(Nf.SET_KEY_TYPE).orElse(0),
                    set.be32(Nf.SET_DATA_TYPE).orElse(Nf.DATA_TYPE_VERDICT));
            Map<String, String> elements = elements(nfproto, name, setName, text);
            if (isMap) {
                maps.put(setName, elements);
            } else {
                sets.put(setName, List.copyOf(elements.keySet()));
            }
        }
        return Optional.of(new TableState(family, name, chains, sets, maps));
    }

    @Override
    public void close() {
        socket.close();
    }

    /**
     * A set's elements. The kernel dumps a large set over several messages, each resuming after as many elements as
     * were sent before; a hash set growing in the background (its table resized after many elements came in at once)
     * reorders them between two messages, so that a dump then repeats some elements and misses as many others. Such
     * a dump (an element seen twice, or marked interrupted) is read again, up to {@link #DUMP_ATTEMPTS} times.
     */
    private Map<String, String> elements(int nfproto, String table, String set, ElementText text) {
        Map<String, String> elements = new LinkedHashMap<>();
        for (int attempt = 1; attempt <= DUMP_ATTEMPTS; attempt++) {
            elements.clear();
            boolean consistent = true;
            for (Message message : dump(request(Nf.GETSETELEM), nfproto,
                    out -> out.putString(Nf.SET_ELEM_LIST_TABLE, table).putString(Nf.SET_ELEM_LIST_SET, set))) {
                consistent &= (message.flags() & Nf.F_DUMP_INTR) == 0;
                Optional<Attributes> list = message.nfAttributes().nested(Nf.SET_ELEM_LIST_ELEMENTS);
                for (ByteBuffer element : list.map(l -> l.all(Nf.LIST_ELEM)).orElse(List.of())) {
                    Attributes attributes = Attributes.parse(element);
                    String key = attributes.nested(Nf.SET_ELEM_KEY).flatMap(k -> k.bytes(Nf.DATA_VALUE))
                            .map(bytes -> text.key(Attributes.toArray(bytes))).orElse("");
                    String value = attributes.nested(Nf.SET_ELEM_DATA).map(text::value).orElse("");
                    consistent &= elements.put(key, value) == null;
                }
            }
            if (consistent || attempt == DUMP_ATTEMPTS) {
                return elements;
            }
            LockSupport.parkNanos(DUMP_RETRY_PAUSE.toNanos());
        }
        return elements;
    }

    /** Sends a dump request and returns its answer's messages (until NLMSG_DONE). */
    private List<Message> dump(int type, int nfproto, Consumer<MessageWriter> attributes) {
        int requestSequence = sequence++;
        MessageWriter out = new MessageWriter().beginMessage(type, Nf.F_REQUEST | Nf.F_DUMP, requestSequence)
                .putNfgenHeader(nfproto, 0);
        attributes.accept(out);
        socket.send(out.endMessage().toBuffer());
        List<Message> answer = new ArrayList<>();
        while (true) {
            for (Message message : Message.split(socket.receive())) {
                if (message.sequence() != requestSequence) {
                    continue;
                }
                if (message.type() == Nf.MSG_DONE) {
                    return answer;
                }
                if (message.type() == Nf.MSG_ERROR) {
                    if (message.error() == 0) {
                        return answer;
                    }
                    throw new NetlinkException("reading nftables state in " + namespace + " failed: " + reason(message),
                            -message.error());
                }
                answer.add(message);
            }
        }
    }

    private static int request(int type) {
        return Nf.SUBSYS_NFTABLES << 8 | type;
    }

    private static String reason(Message error) {
        String why = io.reseau.hostnet.netlink.Errno.describe(-error.error());
        String kernel = error.extendedMessage(Nf.F_CAPPED, Nf.F_ACK_TLVS, Nf.ERR_ATTR_MSG);
        return kernel.isEmpty() ? why : why + " (" + kernel + ")";
    }

    private static Optional<Family> familyOf(int nfproto) {
        return switch (nfproto) {
            case Nf.NFPROTO_IPV4 -> Optional.of(Family.IP);
            case Nf.NFPROTO_IPV6 -> Optional.of(Family.IP6);
            case Nf.NFPROTO_INET -> Optional.of(Family.INET);
            case 3 -> Optional.of(Family.ARP);
            case 7 -> Optional.of(Family.BRIDGE);
            case 5 -> Optional.of(Family.NETDEV);
            default -> Optional.empty();
        };
    }
}
