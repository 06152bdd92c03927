package io.bianwei.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr (only when stderr is a terminal): documents done, rate and, when the input
 * size is known, percentage and ETA from the bytes read. Redrawn at most ten times a second.
 */
final class Progress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR = 24;

    private final PrintWriter err;
    private final boolean enabled;
    private final long t0 = System.nanoTime();
    private long lastDraw;
    private int lastWidth;

    Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    static Progress off() {
        return new Progress(null, false);
    }

    /** Redraws when due. */
    void update(long docs, long bytesDone, long totalBytes) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (lastWidth > 0 && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = render(docs, bytesDone, totalBytes, (now - t0) / 1e9);
        int pad = Math.max(0, lastWidth - line.length());
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
        lastWidth = line.length();
    }

    /** Removes the bar (before other output, and at the end). */
    void clear() {
        if (enabled && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
            lastWidth = 0;
        }
    }

    static String render(long docs, long bytesDone, long totalBytes, double seconds) {
        double rate = seconds > 0 ? docs / seconds : 0;
        StringBuilder sb = new StringBuilder();
        if (totalBytes > 0) {
            double f = Math.min(1.0, (double) bytesDone / totalBytes);
            int filled = (int) Math.round(f * BAR);
            sb.append('[').append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%% ", (int) (f * 100)));
        }
        sb.append(String.format(Locale.ROOT, "%,d docs  %.1f docs/s", docs, rate));
        if (totalBytes > 0 && bytesDone > 0 && seconds > 0.5) {
            double byteRate = bytesDone / seconds;
            long eta = Math.round(Math.max(0, totalBytes - bytesDone) / byteRate);
            sb.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta / 60, eta % 60));
        }
        return sb.toString();
    }
}
