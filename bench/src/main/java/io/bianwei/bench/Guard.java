package io.bianwei.bench;

import io.bianwei.Screener;
import io.bianwei.Verdict;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Screens a corpus once before measuring it, within a time budget ({@code bianwei.bench.setupSeconds}, default 15):
 * a pipeline that cannot screen the corpus once in that time would make the trial run for many minutes or run out of
 * memory, so the trial fails at once with a message saying so and the suite goes on.
 */
final class Guard {
    private Guard() {
    }

    /** Screens every text once; returns how many are not PASS. */
    static int screenAll(Screener screener, String[] texts, String what) {
        long budget = Long.getLong("bianwei.bench.setupSeconds", 15);
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "bench-guard");
            th.setDaemon(true);
            return th;
        });
        int[] progress = new int[1];
        Future<Integer> f = ex.submit(() -> {
            int flagged = 0;
            for (String s : texts) {
                flagged += screener.screen(s).verdict() != Verdict.PASS ? 1 : 0;
                progress[0]++;
            }
            return flagged;
        });
        try {
            return f.get(budget, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            String msg = what + ": screening the corpus once did not finish in " + budget + " s (text "
                    + (progress[0] + 1) + " of " + texts.length + ", " + texts[Math.min(progress[0], texts.length - 1)]
                    .length() + " chars); trial abandoned";
            System.out.println("[bench] GAVE UP: " + msg);
            throw new IllegalStateException(msg);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            System.out.println("[bench] GAVE UP: " + what + ": " + e.getCause());
            throw new IllegalStateException(what + " failed", e.getCause());
        } finally {
            ex.shutdownNow();
        }
    }
}
