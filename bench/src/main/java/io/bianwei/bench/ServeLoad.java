package io.bianwei.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Screener;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The two halves of {@code bench/serve-load.sh} that are Java:
 * <ul>
 *   <li>{@code bodies FILE}: writes the {@code mix} corpus as request bodies, one {@code {"id","text"}} per line, in
 *       corpus order (what wrk posts to {@code /v1/screen});</li>
 *   <li>{@code inprocess SECONDS THREADS...}: the baseline, {@code Screener.screen} called directly on the same
 *       corpus, in the same order, by N threads sharing one screener, after a warm-up ({@code bianwei.bench.warmup}
 *       seconds, default 30, on 2 threads); one JSON line per thread count: documents/s and per-call p50/p99/max
 *       latency.</li>
 * </ul>
 */
public final class ServeLoad {
    private ServeLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("bodies")) {
            bodies(Path.of(args[1]));
        } else if (args.length >= 3 && args[0].equals("inprocess")) {
            double seconds = Double.parseDouble(args[1]);
            int[] threads = Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray();
            inProcess(seconds, threads);
        } else {
            System.err.println("usage: ServeLoad bodies FILE | ServeLoad inprocess SECONDS THREADS...");
            System.exit(2);
        }
    }

    private static void bodies(Path out) throws IOException {
        Corpora.Corpus mix = Corpora.load("mix");
        ObjectMapper json = new ObjectMapper();
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < mix.texts().size(); i++) {
                ObjectNode o = json.createObjectNode().put("id", "mix-" + i).put("text", mix.texts().get(i));
                w.write(json.writeValueAsString(o));
                w.write('\n');
            }
        }
        System.err.println("[bench] " + mix.texts().size() + " bodies (" + mix.chars() + " chars, " + mix.source()
                + ") in " + out);
    }

    private static void inProcess(double seconds, int[] threadCounts) throws Exception {
        Corpora.Corpus mix = Corpora.load("mix");
        List<String> texts = mix.texts();
        Screener screener = Screener.builder().build();
        // warm-up, not reported: Drools and HanLP keep the JIT busy for tens of seconds
        run(screener, texts, 2, Double.parseDouble(System.getProperty("bianwei.bench.warmup", "30")));
        for (int n : threadCounts) {
            Result r = run(screener, texts, n, seconds);
            System.out.println(String.format(Locale.ROOT,
                    "{\"threads\":%d,\"docs\":%d,\"seconds\":%.2f,\"docs_per_s\":%.1f,\"p50_ms\":%.3f,"
                            + "\"p99_ms\":%.3f,\"max_ms\":%.3f,\"corpus\":\"%s\",\"corpus_docs\":%d}",
                    n, r.docs, r.seconds, r.docs / r.seconds, r.percentile(0.50) / 1e6, r.percentile(0.99) / 1e6,
                    r.percentile(1.0) / 1e6, mix.source().replace("\"", "'"), texts.size()));
            System.out.flush();
        }
    }

    private record Result(long docs, double seconds, long[] nanos) {
        double percentile(double q) {
            if (nanos.length == 0) {
                return 0;
            }
            int i = (int) Math.min(nanos.length - 1, Math.ceil(q * nanos.length) - 1);
            return nanos[Math.max(0, i)];
        }
    }

    /** N threads each walking the corpus from its own offset, as wrk's threads walk the bodies. */
    private static Result run(Screener screener, List<String> texts, int threads, double seconds)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[threads];
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            long[][] buf = {new long[1 << 16]};
            perThread.add(null);
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                int i = (int) ((long) id * 7919 % texts.size());
                int n = 0;
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    screener.screen("mix-" + i, texts.get(i));
                    long d = System.nanoTime() - t0;
                    if (n == buf[0].length) {
                        buf[0] = Arrays.copyOf(buf[0], n * 2);
                    }
                    buf[0][n++] = d;
                    i = (i + 1) % texts.size();
                }
                counts[id] = n;
                synchronized (perThread) {
                    perThread.set(id, buf[0]);
                }
            }, "inprocess-" + t);
            ts.add(th);
            th.start();
        }
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Thread th : ts) {
            th.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = Arrays.stream(counts).asLongStream().sum();
        long[] all = new long[(int) total];
        int k = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(perThread.get(t), 0, all, k, counts[t]);
            k += counts[t];
        }
        Arrays.sort(all);
        return new Result(total, elapsed, all);
    }
}
