package io.bianwei.cli;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a batch got, so that a run that ends early (a crash, a closed stdout, a {@code System.exit} in rule code)
 * can say so: records taken from the input, and records done (their result written, or left out by
 * {@code --flagged}). Thread-safe: read by the crash handler and the exit watch while the batch runs.
 */
public final class RunProgress {
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private volatile boolean counting;

    /** A batch starts: from now on, {@link #describe()} reports the counts. */
    void start() {
        read.set(0);
        done.set(0);
        counting = true;
    }

    void read() {
        read.incrementAndGet();
    }

    void done() {
        done.incrementAndGet();
    }

    long doneCount() {
        return done.get();
    }

    /** {@code stopped after 2 of the 4 records read so far}, or null when no batch ran. */
    String describe() {
        if (!counting) {
            return null;
        }
        long r = read.get();
        return "stopped after " + done.get() + " of the " + r + " record" + (r == 1 ? "" : "s") + " read so far";
    }
}
