package io.reseau.hostnet.nft;

import io.reseau.hostnet.netlink.MessageWriter;
import io.reseau.hostnet.nft.kernel.Expression;
import io.reseau.hostnet.nft.kernel.Nf;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes a transaction as one nfnetlink batch: BEGIN, one or more messages per operation (each asking for an
 * acknowledgement), END. The kernel applies the batch atomically. {@link #operationOf} maps a message's sequence
 * number back to its operation, so that errors name the line they belong to.
 */
final class NftBatch {

    /** Element lists are nested attributes, which netlink caps at 64 KiB; stay well under it. */
    private static final int ELEMENT_BYTES_PER_MESSAGE = 48 * 1024;

    private final MessageWriter out = new MessageWriter();
    private final Map<Integer, Integer> operationBySequence = new HashMap<>();
    private int sequence;
    private int acknowledged;
    /** The kernel wants every new set to carry an id unique within its batch. */
    private int nextSetId = 1;

    private NftBatch(int firstSequence) {
        this.sequence = firstSequence;
    }

    static NftBatch encode(List<NftOperation> operations, int firstSequence) {
        NftBatch batch = new NftBatch(firstSequence);
        batch.out.beginMessage(Nf.BATCH_BEGIN, Nf.F_REQUEST, batch.sequence++)
                .putNfgenHeader(0, Nf.SUBSYS_NFTABLES).endMessage();
        for (int i = 0; i < operations.size(); i++) {
            batch.write(i, operations.get(i));
        }
        batch.out.beginMessage(Nf.BATCH_END, Nf.F_REQUEST, batch.sequence++)
                .putNfgenHeader(0, Nf.SUBSYS_NFTABLES).endMessage();
        return batch;
    }

    ByteBuffer bytes() {
        return out.toBuffer();
    }

    /** Messages that will be acknowledged. */
    int acknowledgements() {
        return acknowledged;
    }

    int nextSequence() {
        return sequence;
    }

    /** The index of the operation a message came from, or -1. */
    int operationOf(int messageSequence) {
        return operationBySequence.getOrDefault(messageSequence, -1);
    }

    private void write(int index, NftOperation operation) {
        switch (operation) {
            case NftOperation.AddTable t -> {
                begin(index, Nf.NEWTABLE, Nf.F_CREATE, t.family());
                out.putString(Nf.TABLE_NAME, t.table());
                out.endMessage();
            }
            case NftOperation.DeleteTable t -> {
                begin(index, Nf.DELTABLE, 0, t.family());
                out.putString(Nf.TABLE_NAME, t.table());
                out.endMessage();
            }
            case NftOperation.AddChain c -> {
                begin(index, Nf.NEWCHAIN, Nf.F_CREATE, c.family());
                out.putString(Nf.CHAIN_TABLE, c.table()).putString(Nf.CHAIN_NAME, c.chain().name());
                c.chain().hook().ifPresent(hook -> {
                    out.beginNested(Nf.CHAIN_HOOK)
                            .putBe32(Nf.HOOK_HOOKNUM, hook.hookNumber())
                            .putBe32(Nf.HOOK_PRIORITY, hook.priorityValue())
                            .endNested();
                    out.putBe32(Nf.CHAIN_POLICY, hook.policy().equals("accept") ? Nf.NF_ACCEPT : 0);
                    out.putString(Nf.CHAIN_TYPE, hook.type());
                });
                out.endMessage();
            }
            case NftOperation.FlushChain c -> {
                begin(index, Nf.DELRULE, 0, c.family());
                out.putString(Nf.RULE_TABLE, c.table()).putString(Nf.RULE_CHAIN, c.chain());
                out.endMessage();
            }
            case NftOperation.DeleteChain c -> {
                begin(index, Nf.DELCHAIN, 0, c.family());
                out.putString(Nf.CHAIN_TABLE, c.table()).putString(Nf.CHAIN_NAME, c.chain());
                out.endMessage();
            }
            case NftOperation.AddRule r -> writeRule(index, r);
            case NftOperation.AddSet s -> writeSet(index, s.family(), s.table(), s.set().name(), s.set().key(),
                    null, false, s.set().dynamic(), s.set().timeout().map(java.time.Duration::toMillis).orElse(0L));
            case NftOperation.AddMap m -> writeSet(index, m.family(), m.table(), m.map().name(), m.map().key(),
                    m.map().value().orElse(null), true, false, 0);
            case NftOperation.FlushSet s -> {
                begin(index, Nf.DELSETELEM, 0, s.family());
                out.putString(Nf.SET_ELEM_LIST_TABLE, s.table()).putString(Nf.SET_ELEM_LIST_SET, s.set());
                out.endMessage();
            }
            case NftOperation.DeleteSet s -> {
                begin(index, Nf.DELSET, 0, s.family());
                out.putString(Nf.SET_TABLE, s.table()).putString(Nf.SET_NAME, s.set());
                out.endMessage();
            }
            case NftOperation.AddElements e -> writeElements(index, Nf.NEWSETELEM, Nf.F_CREATE, e.family(), e.table(),
                    e.set(), e.elements(), true);
            case NftOperation.DeleteElements e -> writeElements(index, Nf.DELSETELEM, 0, e.family(), e.table(),
                    e.set(), e.elements(), false);
        }
    }

    private void writeRule(int index, NftOperation.AddRule r) {
        begin(index, Nf.NEWRULE, Nf.F_CREATE | 0x800 /* NLM_F_APPEND */, r.family());
        out.putString(Nf.RULE_TABLE, r.table()).putString(Nf.RULE_CHAIN, r.chain());
        out.beginNested(Nf.RULE_EXPRESSIONS);
        for (Expression expression : r.rule().expressions()) {
            out.beginNested(Nf.LIST_ELEM).putString(Nf.EXPR_NAME, expression.name());
            out.beginNested(Nf.EXPR_DATA);
            expression.writeData(out);
            out.endNested().endNested();
        }
        out.endNested().endMessage();
    }

    private void writeSet(int index, Family family, String table, String name, KeyType key, KeyType data,
            boolean map, boolean dynamic, long timeoutMillis) {
        int flags = (map ? Nf.SET_MAP : 0) | (dynamic ? Nf.SET_EVAL : 0) | (timeoutMillis > 0 ? Nf.SET_TIMEOUT_FLAG : 0);
        begin(index, Nf.NEWSET, Nf.F_CREATE, family);
        out.putString(Nf.SET_TABLE, table).putString(Nf.SET_NAME, name).putBe32(Nf.SET_FLAGS, flags)
                .putBe32(Nf.SET_KEY_TYPE, key.id()).putBe32(Nf.SET_KEY_LEN, key.length())
                .putBe32(Nf.SET_ID, nextSetId++);
        if (map) {
            out.putBe32(Nf.SET_DATA_TYPE, data == null ? Nf.DATA_TYPE_VERDICT : data.id());
            out.putBe32(Nf.SET_DATA_LEN, data == null ? 0 : data.length());
        }
        if (timeoutMillis > 0) {
            out.putBe64(Nf.SET_TIMEOUT, timeoutMillis);
        }
        out.endMessage();
    }

    private void writeElements(int index, int type, int flags, Family family, String table, String set,
            List<Element> elements, boolean withValues) {
        int next = 0;
        do {
            begin(index, type, flags, family);
            out.putString(Nf.SET_ELEM_LIST_TABLE, table).putString(Nf.SET_ELEM_LIST_SET, set);
            out.beginNested(Nf.SET_ELEM_LIST_ELEMENTS);
            int start = out.currentMessageLength();
            while (next < elements.size() && out.currentMessageLength() - start < ELEMENT_BYTES_PER_MESSAGE) {
                writeElement(elements.get(next++), withValues);
            }
            out.endNested().endMessage();
        } while (next < elements.size());
    }

    private void writeElement(Element element, boolean withValue) {
        out.beginNested(Nf.LIST_ELEM);
        out.beginNested(Nf.SET_ELEM_KEY).putBytes(Nf.DATA_VALUE, element.keyBytes()).endNested();
        if (withValue && element.data() != null) {
            out.beginNested(Nf.SET_ELEM_DATA).putBytes(Nf.DATA_VALUE, element.data()).endNested();
        } else if (withValue && element.verdict() != null) {
            MapVerdict verdict = element.verdict();
            out.beginNested(Nf.SET_ELEM_DATA);
            out.beginNested(Nf.DATA_VERDICT).putBe32(Nf.VERDICT_CODE, verdict.code());
            if (verdict.chain() != null) {
                out.putString(Nf.VERDICT_CHAIN, verdict.chain());
            }
            out.endNested().endNested();
        }
        out.endNested();
    }

    private void begin(int operationIndex, int type, int flags, Family family) {
        int messageSequence = sequence++;
        operationBySequence.put(messageSequence, operationIndex);
        acknowledged++;
        out.beginMessage((Nf.SUBSYS_NFTABLES << 8) | type, Nf.F_REQUEST | Nf.F_ACK | flags, messageSequence)
                .putNfgenHeader(nfproto(family), 0);
    }

    static int nfproto(Family family) {
        return switch (family) {
            case IP -> Nf.NFPROTO_IPV4;
            case IP6 -> Nf.NFPROTO_IPV6;
            case INET -> Nf.NFPROTO_INET;
            case ARP -> 3;
            case BRIDGE -> 7;
            case NETDEV -> 5;
        };
    }
}
