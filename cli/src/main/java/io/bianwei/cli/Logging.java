package io.bianwei.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CLI's logging switch. {@code logback.xml} keeps everything at WARN (Drools and KIE at WARN/ERROR);
 * {@code -v} turns the root logger to DEBUG for the duration of one command.
 */
final class Logging {
    /** Undoes a {@link #verbose} switch. */
    interface Restore extends Runnable {
    }

    private Logging() {
    }

    static Restore verbose(boolean on) {
        if (!on || !(LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root)) {
            return () -> { };
        }
        Level before = root.getLevel();
        root.setLevel(Level.DEBUG);
        return () -> root.setLevel(before);
    }
}
