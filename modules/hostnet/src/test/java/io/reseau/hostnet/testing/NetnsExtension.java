package io.reseau.hostnet.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link ThrowawayNamespaces} parameter. Its namespaces are removed when the test (or, for a
 * {@code @BeforeAll} parameter, the class) ends, also when it fails. Tests using it need root: without it they
 * fail with a message that says so; they never skip.
 *
 * <pre>{@code
 * @ExtendWith(NetnsExtension.class)
 * class MyTest {
 *     @Test
 *     void packetsFlow(ThrowawayNamespaces netns) { var a = netns.create("a"); ... }
 * }
 * }</pre>
 */
public final class NetnsExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(NetnsExtension.class);
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    @Override
    public void beforeAll(ExtensionContext context) {
        requireRoot();
        if (SWEPT.compareAndSet(false, true)) {
            ThrowawayNamespaces.sweepLeftovers();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ThrowawayNamespaces.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // Stored values that are AutoCloseable are closed by JUnit when their context ends, failed or not.
        return context.getStore(STORE).computeIfAbsent(ThrowawayNamespaces.class, key -> new ThrowawayNamespaces(),
                ThrowawayNamespaces.class);
    }

    static void requireRoot() {
        String uid;
        try {
            uid = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> line.split("\\s+")[2])
                    .findFirst()
                    .orElse("?");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status to check for root", e);
        }
        if (!uid.equals("0")) {
            throw new IllegalStateException("this test creates network namespaces, veths and nftables rules and "
                    + "needs root (effective uid is " + uid + "): run it as root, e.g. 'sudo make test' or "
                    + "'bash .ci/run'");
        }
    }
}
