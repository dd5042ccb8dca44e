package io.reseau.cni.spec;

/**
 * A failure as the CNI spec reports it: a code, a message saying what to fix, and optional details. Codes below
 * 100 are the spec's; 100 and up are reseau's own.
 */
public final class CniError extends RuntimeException {

    public static final int INCOMPATIBLE_VERSION = 1;
    public static final int INVALID_ENVIRONMENT = 4;
    public static final int IO_FAILURE = 5;
    public static final int DECODING_FAILURE = 6;
    public static final int INVALID_CONFIG = 7;
    public static final int TRY_AGAIN_LATER = 11;
    public static final int NOT_AVAILABLE = 50;
    /** CHECK found the attachment not as ADD left it. */
    public static final int CHECK_FAILED = 100;
    /** The kernel refused a change to links, addresses or routes. */
    public static final int KERNEL_REFUSED = 101;
    /** A bug: the message says where. */
    public static final int INTERNAL = 102;

    private final int code;
    private final String details;

    public CniError(int code, String message) {
        this(code, message, "");
    }

    public CniError(int code, String message, String details) {
        super(message);
        this.code = code;
        this.details = details;
    }

    public int code() {
        return code;
    }

    public String details() {
        return details;
    }
}
