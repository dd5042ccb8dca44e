package io.reseau.ingress.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The messages logged under one category during a test (register with {@code @RegisterExtension}). */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final Logger category;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public LogCapture(String category) {
        this.category = Logger.getLogger(category);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        category.addHandler(capture);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        category.removeHandler(capture);
    }

    /** The messages so far, oldest first. */
    public List<String> lines() {
        return lines;
    }
}
