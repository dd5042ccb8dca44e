package io.reseau.cni.spec;

import java.util.Arrays;
import java.util.Optional;

/** The operations of CNI 1.1.0, as {@code CNI_COMMAND} names them. */
public enum CniCommand {
    ADD, DEL, CHECK, VERSION, STATUS, GC;

    public static Optional<CniCommand> named(String name) {
        return Arrays.stream(values()).filter(c -> c.name().equals(name)).findFirst();
    }

    /** Whether the command acts on one attachment, and so needs CNI_CONTAINERID and CNI_IFNAME. */
    public boolean perAttachment() {
        return this == ADD || this == DEL || this == CHECK;
    }

    /** Whether the command needs the container's namespace (DEL may come after it is gone). */
    public boolean needsNetns() {
        return this == ADD || this == CHECK;
    }
}
