package io.reseau.hostnet.nft.kernel;

/** The nf_tables and nfnetlink constants reseau uses, as the kernel's uapi headers define them. */
public final class Nf {

    private Nf() {
    }

    // nfnetlink
    public static final int SUBSYS_NFTABLES = 10;
    public static final int BATCH_BEGIN = 0x10;
    public static final int BATCH_END = 0x11;

    // netlink flags and control messages
    public static final int F_REQUEST = 1;
    public static final int F_MULTI = 2;
    public static final int F_ACK = 4;
    public static final int F_DUMP = 0x300;
    /** Set on a dump's messages when what was dumped changed meanwhile: the answer may be inconsistent. */
    public static final int F_DUMP_INTR = 0x10;
    public static final int F_CREATE = 0x400;
    public static final int F_CAPPED = 0x100;
    public static final int F_ACK_TLVS = 0x200;
    public static final int MSG_ERROR = 2;
    public static final int MSG_DONE = 3;
    public static final int ERR_ATTR_MSG = 1;

    // nf_tables message types
    public static final int NEWTABLE = 0;
    public static final int DELTABLE = 2;
    public static final int NEWCHAIN = 3;
    public static final int GETCHAIN = 4;
    public static final int DELCHAIN = 5;
    public static final int NEWRULE = 6;
    public static final int GETRULE = 7;
    public static final int DELRULE = 8;
    public static final int NEWSET = 9;
    public static final int GETSET = 10;
    public static final int DELSET = 11;
    public static final int NEWSETELEM = 12;
    public static final int GETSETELEM = 13;
    public static final int DELSETELEM = 14;

    // attributes
    public static final int TABLE_NAME = 1;
    public static final int CHAIN_TABLE = 1;
    public static final int CHAIN_NAME = 3;
    public static final int CHAIN_HOOK = 4;
    public static final int CHAIN_POLICY = 5;
    public static final int CHAIN_TYPE = 7;
    public static final int HOOK_HOOKNUM = 1;
    public static final int HOOK_PRIORITY = 2;
    public static final int RULE_TABLE = 1;
    public static final int RULE_CHAIN = 2;
    public static final int RULE_EXPRESSIONS = 4;
    public static final int LIST_ELEM = 1;
    public static final int EXPR_NAME = 1;
    public static final int EXPR_DATA = 2;
    public static final int SET_TABLE = 1;
    public static final int SET_NAME = 2;
    public static final int SET_FLAGS = 3;
    public static final int SET_KEY_TYPE = 4;
    public static final int SET_KEY_LEN = 5;
    public static final int SET_DATA_TYPE = 6;
    public static final int SET_DATA_LEN = 7;
    public static final int SET_ID = 10;
    public static final int SET_TIMEOUT = 11;
    public static final int SET_ELEM_LIST_TABLE = 1;
    public static final int SET_ELEM_LIST_SET = 2;
    public static final int SET_ELEM_LIST_ELEMENTS = 3;
    public static final int SET_ELEM_KEY = 1;
    public static final int SET_ELEM_DATA = 2;
    public static final int SET_ELEM_TIMEOUT = 4;
    public static final int DATA_VALUE = 1;
    public static final int DATA_VERDICT = 2;
    public static final int VERDICT_CODE = 1;
    public static final int VERDICT_CHAIN = 2;

    // set flags and data types
    public static final int SET_INTERVAL = 0x4;
    public static final int SET_MAP = 0x8;
    public static final int SET_TIMEOUT_FLAG = 0x10;
    public static final int SET_EVAL = 0x20;
    public static final int DATA_TYPE_VERDICT = 0xFFFFFF00;

    // registers and verdicts
    public static final int REG_VERDICT = 0;
    public static final int REG_1 = 1;
    public static final int REG_2 = 2;
    public static final int REG32_00 = 8;
    public static final int VERDICT_DROP = 0;
    public static final int VERDICT_ACCEPT = 1;
    public static final int VERDICT_JUMP = -3;
    public static final int VERDICT_GOTO = -4;
    public static final int VERDICT_RETURN = -5;

    // expression parameters
    public static final int CMP_EQ = 0;
    public static final int CMP_NEQ = 1;
    public static final int PAYLOAD_NETWORK = 1;
    public static final int PAYLOAD_TRANSPORT = 2;
    public static final int META_MARK = 3;
    public static final int META_IIFNAME = 6;
    public static final int META_OIFNAME = 7;
    public static final int META_L4PROTO = 16;
    public static final int CT_STATE = 0;
    public static final int CT_STATUS = 2;
    public static final int NG_RANDOM = 1;
    public static final int NAT_SNAT = 0;
    public static final int NAT_DNAT = 1;
    public static final int NAT_PROTO_SPECIFIED = 0x2;
    public static final int NAT_RANDOM_FULLY = 0x10;
    public static final int FIB_RESULT_ADDRTYPE = 3;
    public static final int FIB_F_SADDR = 1;
    public static final int FIB_F_DADDR = 2;
    public static final int RTN_LOCAL = 2;
    public static final int REJECT_ICMP_UNREACH = 0;
    public static final int REJECT_TCP_RST = 1;
    public static final int REJECT_ICMPX_UNREACH = 2;
    public static final int DYNSET_OP_UPDATE = 1;

    // families and hooks
    public static final int NFPROTO_INET = 1;
    public static final int NFPROTO_IPV4 = 2;
    public static final int NFPROTO_IPV6 = 10;
    public static final int NF_ACCEPT = 1;

    /** The register of the 4-byte slot at {@code offset} within the 16-byte-register space, as nft allocates. */
    public static int register(int offset) {
        return offset == 0 ? REG_1 : REG32_00 + offset / 4;
    }
}
