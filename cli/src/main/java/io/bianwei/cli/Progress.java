package io.bianwei.cli;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr: documents done, rate and, when the input size is known, percentage and ETA
 * from the bytes read. Redrawn at most ten times a second, and not before half a second has passed (a quick run
 * shows none). The ETA waits for {@value #ETA_AFTER_SECONDS} s and uses the rate of the last
 * {@value #RATE_WINDOW_SECONDS} s: the first seconds (class loading, JIT, first rule sessions) are far slower than
 * the rest, and a rate since the start once promised 8:44 for a 16 s run.
 */
final class Progress {
    private static final long REDRAW_NANOS = 100_000_000L;
    /** No bar before this: a quick run shows none (tests set it to 0). */
    static volatile long firstDrawNanos = 500_000_000L;
    static final double ETA_AFTER_SECONDS = 3.0;
    static final double RATE_WINDOW_SECONDS = 2.0;
    private static final int BAR = 24;

    private record Sample(long nanos, long bytes) {
    }

    private final PrintWriter err;
    private final boolean enabled;
    private final LongSupplier clock;
    private final long t0;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long lastDraw;
    private int lastWidth;

    Progress(PrintWriter err, boolean enabled) {
        this(err, enabled, System::nanoTime);
    }

    Progress(PrintWriter err, boolean enabled, LongSupplier clock) {
        this.err = err;
        this.enabled = enabled;
        this.clock = clock;
        this.t0 = clock.getAsLong();
    }

    static Progress off() {
        return new Progress(null, false);
    }

    /** Redraws when due. */
    void update(long docs, long bytesDone, long totalBytes) {
        if (!enabled) {
            return;
        }
        long now = clock.getAsLong();
        samples.addLast(new Sample(now, bytesDone));
        while (samples.size() > 2 && now - samples.peekFirst().nanos() > RATE_WINDOW_SECONDS * 1e9) {
            samples.removeFirst();
        }
        if (now - t0 < firstDrawNanos || lastDraw != 0 && lastWidth > 0 && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = render(docs, bytesDone, totalBytes, (now - t0) / 1e9, eta(now, bytesDone, totalBytes));
        int pad = Math.max(0, lastWidth - line.length());
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
        lastWidth = line.length();
    }

    /**
     * Seconds left from the byte rate of the last {@value #RATE_WINDOW_SECONDS} s, or -1 while it is too early to say:
     * before {@value #ETA_AFTER_SECONDS} s, and while the two halves of the window disagree by more than a quarter
     * (the run is still speeding up, or slowing down).
     */
    private long eta(long now, long bytesDone, long totalBytes) {
        Sample first = samples.peekFirst();
        if (totalBytes <= 0 || first == null || (now - t0) / 1e9 < ETA_AFTER_SECONDS) {
            return -1;
        }
        double span = (now - first.nanos()) / 1e9;
        long bytes = bytesDone - first.bytes();
        if (span < RATE_WINDOW_SECONDS / 2 || bytes <= 0) {
            return -1;
        }
        long mid = first.nanos() + (now - first.nanos()) / 2;
        Sample middle = first;
        for (Sample s : samples) {
            if (s.nanos() <= mid) {
                middle = s;
            }
        }
        double early = rate(first, middle);
        double late = rate(middle, new Sample(now, bytesDone));
        if (early <= 0 || late <= 0 || Math.abs(early - late) > 0.25 * Math.max(early, late)) {
            return -1;
        }
        return Math.round(Math.max(0, totalBytes - bytesDone) / (bytes / span));
    }

    private static double rate(Sample a, Sample b) {
        return b.nanos() > a.nanos() ? (b.bytes() - a.bytes()) / ((b.nanos() - a.nanos()) / 1e9) : 0;
    }

    /** Removes the bar (before other output, and at the end). */
    void clear() {
        if (enabled && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
            lastWidth = 0;
        }
    }

    static String render(long docs, long bytesDone, long totalBytes, double seconds, long etaSeconds) {
        double rate = seconds > 0 ? docs / seconds : 0;
        StringBuilder sb = new StringBuilder();
        if (totalBytes > 0) {
            double f = Math.min(1.0, (double) bytesDone / totalBytes);
            int filled = (int) Math.round(f * BAR);
            sb.append('[').append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%% ", (int) (f * 100)));
        }
        sb.append(String.format(Locale.ROOT, "%,d docs  %.1f docs/s", docs, rate));
        if (etaSeconds >= 0) {
            sb.append(String.format(Locale.ROOT, "  ETA %d:%02d", etaSeconds / 60, etaSeconds % 60));
        }
        return sb.toString();
    }
}
