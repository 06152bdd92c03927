package io.bianwei.server;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The screening threads and their bounded queue. Admission counts documents, not requests: a batch of 100 takes
 * 100 places, so the queue bounds the work (and the memory) waiting, and a request that does not fit is refused at
 * once rather than queued.
 */
final class WorkQueue {
    private final ThreadPoolExecutor pool;
    private final int capacity;
    private final AtomicInteger pending = new AtomicInteger();

    WorkQueue(int workers, int capacity) {
        this.capacity = capacity;
        AtomicInteger n = new AtomicInteger();
        // unbounded in tasks, bounded in documents by tryRun: every task holds at least one place
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "bianwei-screen-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Runs {@code task} on a screening thread if {@code documents} more places are free; false if not. */
    boolean tryRun(int documents, Runnable task) {
        int places = Math.max(1, documents);
        while (true) {
            int now = pending.get();
            if (now + places > capacity) {
                return false;
            }
            if (pending.compareAndSet(now, now + places)) {
                break;
            }
        }
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    pending.addAndGet(-places);
                }
            });
            return true;
        } catch (RejectedExecutionException e) { // shut down
            pending.addAndGet(-places);
            return false;
        }
    }

    /** Documents waiting or being screened. */
    int pending() {
        return pending.get();
    }

    int capacity() {
        return capacity;
    }

    /** Lets queued work finish for up to {@code timeout}, then interrupts what is left. */
    void shutdown(Duration timeout) throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
            pool.shutdownNow();
        }
    }
}
