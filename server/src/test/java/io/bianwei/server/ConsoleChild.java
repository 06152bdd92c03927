package io.bianwei.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A console server in a child JVM, for tests that kill it: {@code ConsoleChild DATA_DIR} serves the test pack with
 * the console on an ephemeral port, prints {@code READY <port>} on stdout and runs until killed.
 */
public final class ConsoleChild {
    private ConsoleChild() {
    }

    public static void main(String[] args) throws Exception {
        ServerConfig config = Http.config().withShutdownTimeout(Duration.ofSeconds(1));
        ScreeningServer s = ScreeningServer.start(config, ConsoleConfig.of(Path.of(args[0])));
        s.serve(Http.screener(config.screener()));
        System.out.println("READY " + s.port());
        System.out.flush();
        s.join();
    }
}
