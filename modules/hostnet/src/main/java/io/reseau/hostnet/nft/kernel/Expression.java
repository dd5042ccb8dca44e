package io.reseau.hostnet.nft.kernel;

import io.reseau.hostnet.netlink.MessageWriter;

/**
 * One nf_tables expression as the kernel runs it (what {@code nft --debug=netlink} prints), and how it is
 * written into a rule message. Rules are built from these by {@link io.reseau.hostnet.nft.Rule}.
 */
public sealed interface Expression {

    /** The kernel's name for the expression ({@code payload}, {@code cmp}, …). */
    String name();

    /** Writes the expression's attributes (inside NFTA_EXPR_DATA). */
    void writeData(MessageWriter out);

    /** Loads {@code length} bytes at {@code offset} of a header ({@code base}: network 1, transport 2). */
    record PayloadLoad(int dreg, int base, int offset, int length) implements Expression {
        public String name() {
            return "payload";
        }

        public void writeData(MessageWriter out) {
            out.putBe32(1, dreg).putBe32(2, base).putBe32(3, offset).putBe32(4, length);
        }
    }

    /** Loads packet metadata ({@code key}: l4proto 16, mark 3, iifname 6, oifname 7, …). */
    record MetaLoad(int dreg, int key) implements Expression {
        public String name() {
            return "meta";
        }

        public void writeData(MessageWriter out) {
            out.putBe32(2, key).putBe32(1, dreg);
        }
    }

    /** Sets packet metadata from a register. */
    record MetaSet(int key, int sreg) implements Expression {
        public String name() {
            return "meta";
        }

        public void writeData(MessageWriter out) {
            out.putBe32(2, key).putBe32(3, sreg);
        }
    }

    /** Loads connection tracking state ({@code key}: state 0, status 2, …). */
    record CtLoad(int dreg, int key) implements Expression {
        public String name() {
            return "ct";
        }

        public void writeData(MessageWriter out) {
            out.putBe32(1, dreg).putBe32(2, key);
        }
    }

    /** Compares a register with constant bytes ({@code op}: eq 0, neq 1, lt 2, lte 3, gt 4, gte 5). */
    record Cmp(int sreg, int op, byte[] data) implements Expression {
        public String name() {
            return "cmp";
        }

        public void writeData(MessageWriter out) {
            out.putBe32(1, sreg).putBe32(2, op);
            out.beginNested(3).putBytes(Nf.DATA_VALUE, data).endNested();
        }
    }

    /** {@code dreg = (sreg & mask) ^ xor} over {@code mask.length} bytes. */
    record Bitwise(int sreg, int dreg, byte[] mask, byte[] xor) implements Expression {
        public String name() {
            return "bitwise";
        }

        public void writeData(MessageWriter out) {
            out.putBe32(1, sreg).putBe32(2, dreg).putBe32(3, mask.length);
            out.beginNested(4).putBytes(Nf.DATA_VALUE, mask).endNested();
            out.beginNested(5).putBytes(Nf.DATA_VALUE, xor).endNested();
        }
    }

    /**
     * Looks the register(s) from {@code sreg} up in a named set; for a map, the value goes to {@code dreg}
     * (0 for a verdict map, -1 for a plain set lookup); {@code inverted} matches when absent.
     */
    record Lookup(int sreg, String set, int dreg, boolean inverted) implements Expression {
        public String name() {
            return "lookup";
        }

        public void writeData(MessageWriter out) {
            out.putString(1, set).putBe32(2, sreg);
            if (dreg >= 0) {
                out.putBe32(3, dreg);
            }
            if (inverted) {
                out.putBe32(5, 1);
            }
        }
    }

    /** A verdict: accept, drop, return, or jump/goto a chain. */
    record Verdict(int code, String chain) implements Expression {
        public String name() {
            return "immediate";
        }

        public void writeData(MessageWriter out) {
            out.putBe32(1, Nf.REG_VERDICT);
            out.beginNested(2);
            writeVerdict(out, code, chain);
            out.endNested();
        }
    }

    /** Loads constant bytes into a register. */
    record ImmediateData(int dreg, byte[] data) implements Expression {
        public String name() {
            return "immediate";
        }

        public void writeData(MessageWriter out) {
            out.putBe32(1, dreg);
            out.beginNested(2).putBytes(Nf.DATA_VALUE, data).endNested();
        }
    }

    /** A random number modulo {@code modulus} (4 bytes, host order). */
    record NumgenRandom(int dreg, int modulus) implements Expression {
        public String name() {
            return "numgen";
        }

        public void writeData(MessageWriter out) {
            out.putBe32(1, dreg).putBe32(2, modulus).putBe32(3, Nf.NG_RANDOM);
        }
    }

    /** Destination (or source) NAT to the address in {@code addressReg} and, if not 0, the port in {@code portReg}. */
    record Nat(int type, int family, int addressReg, int portReg, int flags) implements Expression {
        public String name() {
            return "nat";
        }

        public void writeData(MessageWriter out) {
            out.putBe32(1, type).putBe32(2, family).putBe32(3, addressReg);
            if (portReg != 0) {
                out.putBe32(5, portReg);
            }
            if (flags != 0) {
                out.putBe32(7, flags);
            }
        }
    }

    /** Source NAT to the outgoing interface's address. */
    record Masquerade(int flags) implements Expression {
        public String name() {
            return "masq";
        }

        public void writeData(MessageWriter out) {
            if (flags != 0) {
                out.putBe32(1, flags);
            }
        }
    }

    /** The route lookup's result ({@code result}: address type 3) for the given address ({@code flags}). */
    record Fib(int dreg, int result, int flags) implements Expression {
        public String name() {
            return "fib";
        }

        public void writeData(MessageWriter out) {
            out.putBe32(1, dreg).putBe32(2, result).putBe32(3, flags);
        }
    }

    /** Rejects the packet: ICMP unreachable with {@code code}, or a TCP reset. */
    record Reject(int type, int code) implements Expression {
        public String name() {
            return "reject";
        }

        public void writeData(MessageWriter out) {
            out.putBe32(1, type).putBytes(2, new byte[] {(byte) code});
        }
    }

    record Counter() implements Expression {
        public String name() {
            return "counter";
        }

        public void writeData(MessageWriter out) {
            out.putBe64(1, 0).putBe64(2, 0);
        }
    }

    /** Adds or refreshes the key in {@code sreg} in a dynamic set, with a timeout. */
    record DynsetUpdate(String set, int sreg, long timeoutMillis) implements Expression {
        public String name() {
            return "dynset";
        }

        public void writeData(MessageWriter out) {
            out.putString(1, set).putBe32(3, Nf.DYNSET_OP_UPDATE).putBe32(4, sreg).putBe64(6, timeoutMillis);
        }
    }

    /** Writes NFTA_DATA_VERDICT {code, chain} (inside a data nest). */
    static void writeVerdict(MessageWriter out, int code, String chain) {
        out.beginNested(Nf.DATA_VERDICT).putBe32(1, code);
        if (chain != null) {
            out.putString(2, chain);
        }
        out.endNested();
    }
}
