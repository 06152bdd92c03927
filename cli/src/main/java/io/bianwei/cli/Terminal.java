package io.bianwei.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Terminal detection for stdout/stderr (Java 17 has no isatty; Linux tells through /proc). */
final class Terminal {
    private Terminal() {
    }

    /**
     * Whether file descriptor {@code fd} (1 = stdout, 2 = stderr) is a terminal. On Linux this reads the
     * {@code /proc/self/fd} link; elsewhere it falls back to {@link System#console()}, which is non-null only when
     * both stdin and stdout are terminals.
     */
    static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (Exception e) {
            return System.console() != null;
        }
    }

    /** Colour is wanted: a terminal, and neither NO_COLOR nor TERM=dumb says otherwise. */
    static boolean colourAllowed(boolean tty) {
        String noColor = System.getenv("NO_COLOR");
        return tty && (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM"));
    }
}
