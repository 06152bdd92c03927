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
 * {@code threads × 4} records are in flight, so memory stays bounded whatever the input size. A record that cannot
 * be screened (error record, or an exception from the screener) becomes an error outcome; none is dropped.
 */
final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

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
        int capacity = threads * 4;
        try {
            while (inputs.hasNext()) {
                InputRecord r = inputs.next();
                window.add(r.isError() ? CompletableFuture.completedFuture(work.apply(r))
                        : pool.submit(() -> work.apply(r)));
                if (window.size() >= capacity && !sink.test(take(window))) {
                    return false;
                }
            }
            while (!window.isEmpty()) {
                if (!sink.test(take(window))) {
                    return false;
                }
            }
            return true;
        } finally {
            window.forEach(f -> f.cancel(true));
            pool.shutdownNow();
        }
    }

    private static <T> T take(Deque<Future<T>> window) {
        Future<T> f = window.poll();
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.INTERNAL, "interrupted");
        } catch (ExecutionException e) {
            // screen() catches everything it can; this is an Error thrown by the screener
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
