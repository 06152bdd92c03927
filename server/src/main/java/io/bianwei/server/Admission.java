package io.bianwei.server;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server takes on: request-body bytes held at once (one budget, {@link ServerConfig#inflightBytes()}) and
 * documents per lane. Small requests (bodies up to {@link ServerConfig#largeBodyBytes()}) and large ones are screened
 * by separate threads with separate queues, so a client looping long texts or big batches keeps the large lane busy
 * and never the lane short posts wait in. Part of the byte budget is kept for the small lane (as much as its queue
 * can hold of small bodies, at most a quarter), so large bodies cannot use all of it either.
 *
 * <p>Nothing here blocks: a request that does not fit is refused at once (503 with Retry-After), never queued.
 */
final class Admission {
    private final long budget;
    private final long largeLimit;
    private final long largeBody;
    private final AtomicLong used = new AtomicLong();
    final Lane small;
    final Lane large;

    Admission(ServerConfig config) {
        this.budget = config.inflightBytes();
        this.largeBody = config.largeBodyBytes();
        long reserve = Math.min(Math.min(budget - config.maxBodyBytes(), budget / 4),
                config.queueDocuments() * config.largeBodyBytes());
        this.largeLimit = budget - Math.max(0, reserve);
        this.small = new Lane("small", config.workers(), config.queueDocuments());
        this.large = new Lane("large", config.largeLaneWorkers(), config.queueDocuments());
    }

    /** The lane for a body of this many bytes. */
    Lane laneFor(long bytes) {
        return bytes > largeBody ? large : small;
    }

    /** Takes {@code bytes} more of the budget for a body of {@code bodySoFar} bytes; false when they do not fit. */
    boolean tryReserve(long bytes, long bodySoFar) {
        long limit = laneFor(bodySoFar) == large ? largeLimit : budget;
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        if (bytes > 0) {
            used.addAndGet(-bytes);
        }
    }

    /** Body bytes held now. */
    long bytesHeld() {
        return used.get();
    }

    long budget() {
        return budget;
    }

    long largeLimit() {
        return largeLimit;
    }

    /** Lets queued work finish for up to {@code timeout}, then interrupts what is left. */
    void shutdown(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        small.pool.shutdown();
        large.pool.shutdown();
        for (Lane l : new Lane[]{small, large}) {
            if (!l.pool.awaitTermination(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                l.pool.shutdownNow();
            }
        }
    }

    /** Screening threads and their queue, bounded in documents. */
    static final class Lane {
        final String name;
        private final ThreadPoolExecutor pool;
        private final int capacity;
        private final int workers;
        private final AtomicInteger pending = new AtomicInteger();

        Lane(String name, int workers, int capacity) {
            this.name = name;
            this.capacity = capacity;
            this.workers = workers;
            AtomicInteger n = new AtomicInteger();
            // unbounded in tasks, bounded in documents by submit: every task holds at least one place
            this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    r -> {
                        Thread t = new Thread(r, "bianwei-" + name + "-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
        }

        /**
         * Queues {@code work} if {@code documents} more places are free; null if not (or shut down). {@code onEnd}
         * runs once, when the work has run or was taken out of the queue by {@link Job#cancel}.
         */
        Job submit(int documents, Runnable work, Runnable onEnd) {
            int places = Math.max(1, documents);
            while (true) {
                int now = pending.get();
                if (now + places > capacity) {
                    return null;
                }
                if (pending.compareAndSet(now, now + places)) {
                    break;
                }
            }
            Job job = new Job(this, places, work, onEnd);
            try {
                pool.execute(job);
                return job;
            } catch (RejectedExecutionException e) { // shut down
                pending.addAndGet(-places);
                return null;
            }
        }

        /** Whether not even one more document fits. */
        boolean full() {
            return pending.get() >= capacity;
        }

        /** Documents waiting or being screened. */
        int pending() {
            return pending.get();
        }

        int capacity() {
            return capacity;
        }

        int workers() {
            return workers;
        }
    }

    /** Queued work that can be taken out of its queue until a thread starts it. */
    static final class Job implements Runnable {
        private static final int QUEUED = 0;
        private static final int RUNNING = 1;
        private static final int ENDED = 2;

        private final Lane lane;
        private final int places;
        private final Runnable work;
        private final Runnable onEnd;
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        /** The thread running the work, while it does. */
        private volatile Thread runner;

        private Job(Lane lane, int places, Runnable work, Runnable onEnd) {
            this.lane = lane;
            this.places = places;
            this.work = work;
            this.onEnd = onEnd;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return; // cancelled while queued
            }
            runner = Thread.currentThread();
            try {
                work.run();
            } finally {
                runner = null;
                state.set(ENDED);
                end();
            }
        }

        /** Takes the work out of its queue if no thread has started it: true then (it will never run). */
        boolean cancel() {
            if (!state.compareAndSet(QUEUED, ENDED)) {
                return false;
            }
            lane.pool.remove(this);
            end();
            return true;
        }

        boolean running() {
            return state.get() == RUNNING;
        }

        /** Whether the calling thread is the one running this job's work. */
        boolean runsHere() {
            return runner == Thread.currentThread();
        }

        /**
         * Frees the job's places in its lane (once): when it ends, or earlier, when its own thread is about to send
         * the answer; the document is then screened, and a client that sends its next request as soon as it reads
         * the answer must not find the place still taken (a 503 under load, at a queue of one).
         */
        void end() {
            if (ended.compareAndSet(false, true)) {
                lane.pending.addAndGet(-places);
                onEnd.run();
            }
        }
    }
}
