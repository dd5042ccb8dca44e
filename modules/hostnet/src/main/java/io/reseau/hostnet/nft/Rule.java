package io.reseau.hostnet.nft;

import io.reseau.hostnet.nft.kernel.Expression;
import io.reseau.hostnet.nft.kernel.Nf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One rule: matches, then statements, as nft writes them and as the kernel runs them. Built with
 * {@link #when()} and finished by a statement that ends it ({@code accept()}, {@code vmap(...)}, …):
 *
 * <pre>{@code
 * Rule.when().ctState(CtState.NEW).in(concat(daddr(IP), l4proto(), dport()), "no-endpoints").reject(Family.IP)
 * }</pre>
 *
 * {@link #text()} is what {@code nft list} prints for the rule.
 */
public final class Rule {

    /** Connection tracking states, as bits of {@code ct state}. */
    public enum CtState {
        INVALID(1), ESTABLISHED(2), RELATED(4), NEW(8), UNTRACKED(64);

        final int bit;

        CtState(int bit) {
            this.bit = bit;
        }
    }

    private static final java.util.regex.Pattern TRANSPORT_MATCH =
            java.util.regex.Pattern.compile("meta l4proto (tcp|udp|sctp)");

    private final String text;
    private final List<Expression> expressions;

    private Rule(String text, List<Expression> expressions) {
        this.text = text;
        this.expressions = List.copyOf(expressions);
    }

    /** Starts a rule; add matches and non-final statements, then end it with a final statement. */
    public static Builder when() {
        return new Builder();
    }

    public String text() {
        return text;
    }

    public List<Expression> expressions() {
        return expressions;
    }

    @Override
    public String toString() {
        return text;
    }

    /** Accumulates a rule's parts; every part adds its text and its expressions. */
    public static final class Builder {
        private final List<String> words = new ArrayList<>();
        private final List<Expression> expressions = new ArrayList<>();

        private Builder() {
        }

        // ---- matches

        /** {@code <selector> <value>}: equal. */
        public Builder is(Selector selector, String value) {
            return compare(selector, value, Nf.CMP_EQ, "");
        }

        /** {@code <selector> != <value>}. */
        public Builder isNot(Selector selector, String value) {
            return compare(selector, value, Nf.CMP_NEQ, "!= ");
        }

        /** {@code ip saddr 10.42.0.0/16}: the address lies in the prefix. */
        public Builder inPrefix(Selector address, String cidr) {
            return prefix(address, cidr, Nf.CMP_EQ, "");
        }

        /** {@code ip saddr != 10.42.0.0/16}. */
        public Builder notInPrefix(Selector address, String cidr) {
            return prefix(address, cidr, Nf.CMP_NEQ, "!= ");
        }

        /** {@code <selector> @set}: the key is in the named set. */
        public Builder in(Selector key, String set) {
            return lookup(key, set, false, "@");
        }

        /** {@code <selector> != @set}. */
        public Builder notIn(Selector key, String set) {
            return lookup(key, set, true, "!= @");
        }

        /** {@code ct state new,established}: any of the states. */
        public Builder ctState(CtState... states) {
            int bits = 0;
            List<String> names = new ArrayList<>();
            for (CtState state : states) {
                bits |= state.bit;
                names.add(state.name().toLowerCase(java.util.Locale.ROOT));
            }
            expressions.add(new Expression.CtLoad(Nf.REG_1, Nf.CT_STATE));
            anyBits(bits);
            words.add("ct state " + String.join(",", names));
            return this;
        }

        /** {@code ct status dnat}: the connection's destination was rewritten. */
        public Builder ctStatusDnat() {
            expressions.add(new Expression.CtLoad(Nf.REG_1, Nf.CT_STATUS));
            anyBits(0x20);
            words.add("ct status dnat");
            return this;
        }

        /** {@code fib daddr type local}: the destination is an address of this host. */
        public Builder fibDaddrLocal() {
            expressions.add(new Expression.Fib(Nf.REG_1, Nf.FIB_RESULT_ADDRTYPE, Nf.FIB_F_DADDR));
            expressions.add(new Expression.Cmp(Nf.REG_1, Nf.CMP_EQ, hostInt(Nf.RTN_LOCAL)));
            words.add("fib daddr type local");
            return this;
        }

        /** {@code fib saddr type local}: the source is an address of this host (the host itself sent it). */
        public Builder fibSaddrLocal() {
            expressions.add(new Expression.Fib(Nf.REG_1, Nf.FIB_RESULT_ADDRTYPE, Nf.FIB_F_SADDR));
            expressions.add(new Expression.Cmp(Nf.REG_1, Nf.CMP_EQ, hostInt(Nf.RTN_LOCAL)));
            words.add("fib saddr type local");
            return this;
        }

        /** {@code meta mark & bits == 0x0}: none of the bits is set. */
        public Builder markLacks(int bits) {
            expressions.add(new Expression.MetaLoad(Nf.REG_1, Nf.META_MARK));
            expressions.add(new Expression.Bitwise(Nf.REG_1, Nf.REG_1, hostInt(bits), hostInt(0)));
            expressions.add(new Expression.Cmp(Nf.REG_1, Nf.CMP_EQ, hostInt(0)));
            words.add(String.format("meta mark & 0x%08x == 0x%08x", bits, 0));
            return this;
        }

        // ---- statements that let the rule go on

        public Builder counter() {
            expressions.add(new Expression.Counter());
            words.add("counter packets 0 bytes 0");
            return this;
        }

        /** {@code meta mark set meta mark | bits}. */
        public Builder setMarkBits(int bits) {
            return setMark(~bits, bits, String.format("meta mark set meta mark | 0x%08x", bits));
        }

        /** {@code meta mark set meta mark ^ bits}. */
        public Builder toggleMarkBits(int bits) {
            return setMark(0xFFFFFFFF, bits, String.format("meta mark set meta mark ^ 0x%08x", bits));
        }

        /** {@code update @set { key timeout T }}: adds the key to a dynamic set or refreshes its timeout. */
        public Builder updateSet(String set, Selector key, Duration timeout) {
            expressions.addAll(key.load());
            expressions.add(new Expression.DynsetUpdate(NftText.identifier("set", set), Nf.REG_1, timeout.toMillis()));
            words.add("update @" + set + " { " + key.text() + " timeout " + NftDurations.format(timeout) + " }");
            return this;
        }

        // ---- ends

        /** Ends the rule without a verdict: when it matches, its statements run and the next rule follows. */
        public Rule andContinue() {
            if (words.isEmpty()) {
                throw new IllegalStateException("an empty rule does nothing");
            }
            return build();
        }

        public Rule accept() {
            return verdict(Nf.VERDICT_ACCEPT, null, "accept");
        }

        public Rule drop() {
            return verdict(Nf.VERDICT_DROP, null, "drop");
        }

        public Rule returns() {
            return verdict(Nf.VERDICT_RETURN, null, "return");
        }

        public Rule jump(String chain) {
            return verdict(Nf.VERDICT_JUMP, NftText.identifier("chain", chain), "jump " + chain);
        }

        public Rule goTo(String chain) {
            return verdict(Nf.VERDICT_GOTO, NftText.identifier("chain", chain), "goto " + chain);
        }

        /** {@code <key> vmap @map}: the verdict the map holds for the key. */
        public Rule vmap(Selector key, String map) {
            expressions.addAll(key.load());
            expressions.add(new Expression.Lookup(Nf.REG_1, NftText.identifier("map", map), Nf.REG_VERDICT, false));
            words.add(key.text() + " vmap @" + map);
            return build();
        }

        /**
         * {@code dnat ip to <key> map @map}: rewrite the destination to the {@code address . port} the map holds
         * for the key. A key missing from the map leaves the packet to the next rule.
         */
        public Rule dnatToMapped(Family family, Selector key, String map) {
            int addressLength = family == Family.IP6 ? 16 : 4;
            expressions.addAll(key.load());
            expressions.add(new Expression.Lookup(Nf.REG_1, NftText.identifier("map", map), Nf.REG_1, false));
            expressions.add(new Expression.Nat(Nf.NAT_DNAT, nfproto(family), Nf.REG_1, Nf.register(addressLength), 0));
            words.add("dnat " + family.keyword() + " to " + key.text() + " map @" + map);
            return build();
        }

        /** {@code dnat ip to 10.42.1.5:8080}. Needs a transport protocol match before it. */
        public Rule dnatTo(Family family, String address, int port) {
            byte[] addressBytes = (family == Family.IP6 ? DataType.IPV6_ADDR : DataType.IPV4_ADDR).parse(address);
            expressions.add(new Expression.ImmediateData(Nf.REG_1, addressBytes));
            expressions.add(new Expression.ImmediateData(Nf.REG_2, DataType.INET_SERVICE.parse(Integer.toString(port))));
            expressions.add(new Expression.Nat(Nf.NAT_DNAT, nfproto(family), Nf.REG_1, Nf.REG_2, Nf.NAT_PROTO_SPECIFIED));
            words.add("dnat to " + (family == Family.IP6 ? "[" + address + "]" : address) + ":" + port);
            return build();
        }

        public Rule masquerade(boolean fullyRandom) {
            expressions.add(new Expression.Masquerade(fullyRandom ? Nf.NAT_RANDOM_FULLY : 0));
            words.add(fullyRandom ? "masquerade fully-random" : "masquerade");
            return build();
        }

        /** {@code reject}: an ICMP (v6) port unreachable, which makes a TCP connect fail at once. */
        public Rule reject(Family family) {
            return switch (family) {
                case IP -> reject(Nf.REJECT_ICMP_UNREACH, 3, "reject");
                case IP6 -> reject(Nf.REJECT_ICMP_UNREACH, 4, "reject");
                case INET, BRIDGE, NETDEV -> reject(Nf.REJECT_ICMPX_UNREACH, 1, "reject");
                case ARP -> throw new IllegalArgumentException("arp tables cannot reject");
            };
        }

        /** {@code reject with tcp reset}. Needs {@code meta l4proto tcp} before it. */
        public Rule rejectWithTcpReset() {
            return reject(Nf.REJECT_TCP_RST, 0, "reject with tcp reset");
        }

        private Rule reject(int type, int code, String word) {
            expressions.add(new Expression.Reject(type, code));
            words.add(word);
            return build();
        }

        private Rule verdict(int code, String chain, String word) {
            expressions.add(new Expression.Verdict(code, chain));
            words.add(word);
            return build();
        }

        private Rule build() {
            return new Rule(String.join(" ", words), expressions);
        }

        private Builder compare(Selector selector, String value, int op, String operator) {
            expressions.addAll(selector.load());
            expressions.add(new Expression.Cmp(Nf.REG_1, op, selector.type().encode(value)));
            String shown = selector.type().format(selector.type().encode(value));
            String protocol = words.isEmpty() ? "" : words.getLast();
            if (selector.text().startsWith("th ") && TRANSPORT_MATCH.matcher(protocol).matches()) {
                // nft prints "meta l4proto tcp th dport 80" as "tcp dport 80".
                words.set(words.size() - 1, protocol.substring("meta l4proto ".length()) + selector.text().substring(2)
                        + " " + operator + shown);
            } else {
                words.add(selector.text() + " " + operator + shown);
            }
            return this;
        }

        private Builder prefix(Selector address, String cidr, int op, String operator) {
            String[] parts = cidr.split("/");
            DataType type = address.type().fields().getFirst();
            if (parts.length != 2 || address.type().isConcatenation()
                    || (type != DataType.IPV4_ADDR && type != DataType.IPV6_ADDR)) {
                throw new IllegalArgumentException("'" + cidr + "' is not a prefix of " + address.text());
            }
            byte[] network = type.parse(parts[0]);
            int length = Integer.parseInt(parts[1]);
            if (length < 0 || length > network.length * 8) {
                throw new IllegalArgumentException("'" + cidr + "' has an invalid prefix length");
            }
            // As nft does: load only the bytes the prefix covers, masking the last one if it is partial.
            int bytes = (length + 7) / 8;
            Expression.PayloadLoad full = (Expression.PayloadLoad) address.load().getFirst();
            expressions.add(new Expression.PayloadLoad(Nf.REG_1, full.base(), full.offset(), bytes));
            byte[] masked = java.util.Arrays.copyOf(network, bytes);
            if (length % 8 != 0) {
                byte[] mask = new byte[bytes];
                java.util.Arrays.fill(mask, (byte) 0xFF);
                mask[bytes - 1] = (byte) (0xFF << (8 - length % 8));
                masked[bytes - 1] &= mask[bytes - 1];
                expressions.add(new Expression.Bitwise(Nf.REG_1, Nf.REG_1, mask, new byte[bytes]));
            }
            expressions.add(new Expression.Cmp(Nf.REG_1, op, masked));
            byte[] canonical = java.util.Arrays.copyOf(masked, network.length);
            boolean whole = length == network.length * 8;
            words.add(address.text() + " " + operator + type.format(canonical) + (whole ? "" : "/" + length));
            return this;
        }

        private Builder lookup(Selector key, String set, boolean inverted, String operator) {
            expressions.addAll(key.load());
            expressions.add(new Expression.Lookup(Nf.REG_1, NftText.identifier("set", set), -1, inverted));
            words.add(key.text() + " " + operator + set);
            return this;
        }

        private Builder setMark(int mask, int xor, String word) {
            expressions.add(new Expression.MetaLoad(Nf.REG_1, Nf.META_MARK));
            expressions.add(new Expression.Bitwise(Nf.REG_1, Nf.REG_1, hostInt(mask), hostInt(xor)));
            expressions.add(new Expression.MetaSet(Nf.META_MARK, Nf.REG_1));
            words.add(word);
            return this;
        }

        /** Any of the bits set: {@code (reg & bits) != 0}. */
        private void anyBits(int bits) {
            expressions.add(new Expression.Bitwise(Nf.REG_1, Nf.REG_1, hostInt(bits), hostInt(0)));
            expressions.add(new Expression.Cmp(Nf.REG_1, Nf.CMP_NEQ, hostInt(0)));
        }

        private static int nfproto(Family family) {
            return family == Family.IP6 ? Nf.NFPROTO_IPV6 : Nf.NFPROTO_IPV4;
        }

        private static byte[] hostInt(int value) {
            return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        }
    }
}
