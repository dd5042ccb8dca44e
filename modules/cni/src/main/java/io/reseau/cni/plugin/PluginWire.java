package io.reseau.cni.plugin;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plugin's one exchange with the node agent over its Unix socket: the call's {@code CNI_*} environment and
 * stdin go in; the exit status and stdout come back. Plain JDK on purpose: the exec'd side loads nothing else.
 */
public final class PluginWire {

    /** The spec versions reseau speaks, answered by VERSION without asking the agent. */
    public static final List<String> SUPPORTED_VERSIONS = List.of("0.4.0", "1.0.0", "1.1.0");

    /** A call as the runtime made it. */
    public record Call(Map<String, String> environment, byte[] stdin) {
    }

    /** What the plugin prints and how it exits. */
    public record Answer(int exitStatus, byte[] stdout) {
    }

    private static final int MAX_BYTES = 16 << 20;

    private PluginWire() {
    }

    public static void writeCall(DataOutputStream out, Call call) throws IOException {
        out.writeInt(call.environment().size());
        for (Map.Entry<String, String> variable : call.environment().entrySet()) {
            out.writeUTF(variable.getKey());
            out.writeUTF(variable.getValue());
        }
        writeBytes(out, call.stdin());
        out.flush();
    }

    public static Call readCall(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 1_000) {
            throw new IOException("a call with " + count + " environment variables is not from a reseau plugin");
        }
        Map<String, String> environment = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            environment.put(in.readUTF(), in.readUTF());
        }
        return new Call(environment, readBytes(in));
    }

    public static void writeAnswer(DataOutputStream out, Answer answer) throws IOException {
        out.writeInt(answer.exitStatus());
        writeBytes(out, answer.stdout());
        out.flush();
    }

    public static Answer readAnswer(DataInputStream in) throws IOException {
        int status = in.readInt();
        return new Answer(status, readBytes(in));
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_BYTES) {
            throw new IOException("a message of " + length + " bytes is out of bounds (0.." + MAX_BYTES + ")");
        }
        return in.readNBytes(length);
    }
}
