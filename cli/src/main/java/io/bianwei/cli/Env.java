package io.bianwei.cli;

import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;

import java.io.InputStream;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a command needs from the outside world besides its writers: stdin, whether stdout and stderr are terminals,
 * and how to build a {@link Screener} (tests pass a caching builder, since compiling a pack costs a second or two).
 *
 * @param stdin     read by the input {@code -}
 * @param stdoutTty stdout is a terminal: default format {@code text}, colour when {@code --color auto}
 * @param stderrTty stderr is a terminal: progress bar for batches
 * @param screeners builds a screener from the settings the common options describe
 * @param progress  how far a batch got, for the message of a run that ends early
 */
public record Env(InputStream stdin, boolean stdoutTty, boolean stderrTty,
                  Function<ScreenerSettings, Screener> screeners, RunProgress progress) {
    public Env {
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(screeners, "screeners");
        Objects.requireNonNull(progress, "progress");
    }

    public Env(InputStream stdin, boolean stdoutTty, boolean stderrTty, Function<ScreenerSettings, Screener> screeners) {
        this(stdin, stdoutTty, stderrTty, screeners, new RunProgress());
    }

    /** The real process: System.in, terminal detection on fds 1 and 2, a fresh screener per command. */
    public static Env system() {
        return new Env(System.in, Terminal.isTerminal(1), Terminal.isTerminal(2), ScreenerOptions::compile);
    }
}
