package io.bianwei.cli;

import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.json.InputRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Screens a stream of records, on N threads, handing results to a sink in input order. At most
 * {@code threads × 4} records, and at most {@link #MAX_IN_FLIGHT_CHARS} characters of text, are in flight, so memory
 * stays bounded whatever the input size and however long its records. A record that cannot be screened (error
 * record, or an exception from the screener) becomes an error outcome; none is dropped.
 */
final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    /** Text in flight at once (one record always is, however long). */
    static final long MAX_IN_FLIGHT_CHARS = 32_000_000L;

    /** Most screening threads that help: more only cost memory (each holds rule sessions). */
    static int maxThreads() {
        return Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@code --threads N} made usable: below 1 is a usage error; above {@link #maxThreads()} is capped with a note on
     * {@code err} (50,000 threads once died with an OutOfMemoryError).
     */
    static int threads(int requested, java.io.PrintWriter err) {
        if (requested < 1) {
            throw CliException.usage("--threads must be at least 1");
        }
        int max = maxThreads();
        if (requested > max) {
            err.println("bianwei: --threads " + requested + " is more than this machine can use ("
                    + Runtime.getRuntime().availableProcessors() + " processors); using " + max);
            err.flush();
            return max;
        }
        return requested;
    }

    /** A record and what became of it: a result, or an error. */
    record Outcome(InputRecord record, ScreeningResult result, String error) {
        boolean isError() {
            return error != null;
        }
    }

    /** Receives outcomes in input order; returns false to stop (e.g. stdout was closed). */
    interface Sink {
        boolean accept(Outcome outcome);
    }

    private BatchRunner() {
    }

    /** Runs everything; returns false when the sink asked to stop early. */
    static boolean run(Screener screener, Iterator<InputRecord> inputs, int threads, Sink sink) {
        return map(inputs, threads, r -> screen(screener, r), sink::accept);
    }

    /**
     * The general form: applies {@code work} to every record on {@code threads} threads and hands the results to
     * {@code sink} in input order, at most {@code threads × 4} in flight. {@code work} must not throw (wrap failures
     * into its result, as {@link #screen} does). Returns false when the sink asked to stop early.
     */
    static <T> boolean map(Iterator<InputRecord> inputs, int threads, Function<InputRecord, T> work,
                           Predicate<T> sink) {
        if (threads <= 1) {
            while (inputs.hasNext()) {
                if (!sink.test(work.apply(inputs.next()))) {
                    return false;
                }
            }
            return true;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        Deque<Future<T>> window = new ArrayDeque<>();
        Deque<Long> sizes = new ArrayDeque<>();
        long[] inFlight = {0};
        int capacity = threads * 4;
        try {
            while (inputs.hasNext()) {
                InputRecord r = inputs.next();
                long chars = r.isError() ? 0 : r.text().length();
                // make room first: the record count, and the text held by records not yet handed on
                while (!window.isEmpty() && (window.size() >= capacity || inFlight[0] + chars > MAX_IN_FLIGHT_CHARS)) {
                    if (!sink.test(take(window, sizes, inFlight))) {
                        return false;
                    }
                }
                window.add(r.isError() ? CompletableFuture.completedFuture(work.apply(r))
                        : pool.submit(() -> work.apply(r)));
                sizes.add(chars);
                inFlight[0] += chars;
            }
            while (!window.isEmpty()) {
                if (!sink.test(take(window, sizes, inFlight))) {
                    return false;
                }
            }
            return true;
        } finally {
            window.forEach(f -> f.cancel(true));
            pool.shutdownNow();
        }
    }

    private static <T> T take(Deque<Future<T>> window, Deque<Long> sizes, long[] inFlight) {
        inFlight[0] -= sizes.poll();
        Future<T> f = window.poll();
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERNAL, "interrupted");
        } catch (ExecutionException e) {
            // screen() catches everything it can; this is an Error thrown by the screener (an OutOfMemoryError):
            // it ends the run as it would have on one thread (Main reports it, exit 4)
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("screening failed", e.getCause());
        }
    }

    static Outcome screen(Screener screener, InputRecord r) {
        if (r.isError()) {
            return new Outcome(r, null, r.error());
        }
        try {
            return new Outcome(r, screener.screen(r.id(), r.text()), null);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.debug("screening {} failed", r.id(), e);
            return new Outcome(r, null, r.id() + ": screening failed: " + e);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return run -> {
            Thread t = new Thread(run, "bianwei-screen-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
