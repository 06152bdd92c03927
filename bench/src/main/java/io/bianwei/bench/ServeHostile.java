package io.bianwei.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hostile-load half of {@code bench/serve-hostile.sh} (issue 24): clients that try to break {@code bianwei
 * serve}, each printing one JSON line of what came back.
 * <ul>
 *   <li>{@code flood URL N BYTES SLOW [PATH]}: N requests at once (to /v1/screen, or PATH), each one document of about BYTES of UTF-8 (the seed
 *       samples repeated), SLOW of them sent at about 200 KB/s; every request's status, or the exception instead;
 *       latency per status;</li>
 *   <li>{@code starve URL SECONDS ATTACKERS LARGE_TEXT_FILE}: a victim posting one short sample at a time, in a loop,
 *       while ATTACKERS clients loop the large text; the victim's p50/p99/max and statuses, the attackers'
 *       statuses;</li>
 *   <li>{@code drain URL CLIENTS DOCS}: CLIENTS clients looping batches of DOCS long documents (every seed sample
 *       in one text, about 1,300 characters: a batch takes seconds) until the server stops answering (the script
 *       sends SIGTERM meanwhile); how many requests got 200, 503 or another status, and the client errors by
 *       kind (a refused connection once the server is gone; anything else would be an answer lost).</li>
 * </ul>
 * Only the JDK's HTTP client; texts are the project's own seed samples, never the evaluation corpus.
 */
public final class ServeHostile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServeHostile() {
    }

    public static void main(String[] args) throws Exception {
        if ((args.length == 5 || args.length == 6) && args[0].equals("flood")) {
            flood(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args.length == 6 ? args[5] : "/v1/screen");
        } else if (args.length == 5 && args[0].equals("starve")) {
            starve(URI.create(args[1]), Double.parseDouble(args[2]), Integer.parseInt(args[3]),
                    Files.readString(Path.of(args[4]), StandardCharsets.UTF_8).strip());
        } else if (args.length == 4 && args[0].equals("drain")) {
            drain(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else {
            System.err.println("usage: ServeHostile flood URL N BYTES SLOW [PATH] | starve URL SECONDS ATTACKERS FILE"
                    + " | drain URL CLIENTS DOCS");
            System.exit(2);
        }
    }

    private static List<String> samples() throws IOException {
        Path root = Path.of(System.getProperty("bianwei.root", "."));
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("seeds/samples.jsonl"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                texts.add(JSON.readTree(line).get("text").asText());
            }
        }
        return texts;
    }

    private static byte[] body(String id, String text) throws IOException {
        ObjectNode o = JSON.createObjectNode().put("id", id).put("text", text);
        return JSON.writeValueAsBytes(o);
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Latencies by outcome (an HTTP status, or the exception's class). */
    private static final class Outcomes {
        final Map<String, List<Long>> byOutcome = new ConcurrentHashMap<>();

        void add(String outcome, long nanos) {
            byOutcome.computeIfAbsent(outcome, k -> new CopyOnWriteArrayList<>()).add(nanos);
        }

        ObjectNode json() {
            ObjectNode o = JSON.createObjectNode();
            new TreeMap<>(byOutcome).forEach((k, v) -> {
                long[] a = v.stream().mapToLong(Long::longValue).sorted().toArray();
                o.putObject(k).put("n", a.length).put("p50_ms", ms(pct(a, 0.5))).put("p99_ms", ms(pct(a, 0.99)))
                        .put("max_ms", ms(pct(a, 1)));
            });
            return o;
        }

        int count(String outcome) {
            List<Long> l = byOutcome.get(outcome);
            return l == null ? 0 : l.size();
        }

        int total() {
            return byOutcome.values().stream().mapToInt(List::size).sum();
        }
    }

    static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, i)];
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    private static String outcome(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && (c instanceof java.util.concurrent.CompletionException
                || c instanceof java.util.concurrent.ExecutionException)) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName();
    }

    // --- flood ------------------------------------------------------------------------------------------------------

    private static void flood(URI base, int n, int bytes, int slow, String path) throws Exception {
        List<String> texts = samples();
        StringBuilder sb = new StringBuilder(bytes / 2);
        int k = 0;
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length < bytes - 4096) {
            for (int i = 0; i < 64; i++) {
                sb.append(texts.get(k++ % texts.size())).append('\n');
            }
        }
        String text = sb.toString();
        byte[] fitted = body("flood", text);
        while (fitted.length > bytes) { // as large as allowed, not one byte more
            text = text.substring(0, text.length() - Math.max(1, (fitted.length - bytes) / 3));
            fitted = body("flood", text);
        }
        byte[] body = fitted;
        HttpClient http = client();
        Outcomes out = new Outcomes();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            boolean isSlow = i >= n - slow;
            HttpRequest.BodyPublisher pub = isSlow
                    ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new Throttled(body, 200_000)), body.length)
                    : HttpRequest.BodyPublishers.ofByteArray(body);
            HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(300))
                    .header("Content-Type", "application/json").POST(pub).build();
            long s = System.nanoTime();
            String tag = isSlow ? "slow " : "";
            all.add(http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).handle((r, x) -> {
                out.add(tag + (x == null ? Integer.toString(r.statusCode()) : outcome(x)), System.nanoTime() - s);
                return null;
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        ObjectNode o = JSON.createObjectNode().put("requests", n).put("body_bytes", body.length).put("slow", slow)
                .put("answered", out.byOutcome.keySet().stream().filter(key -> key.matches("(slow )?\\d+"))
                        .mapToInt(out::count).sum())
                .put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        o.set("outcomes", out.json());
        System.out.println(JSON.writeValueAsString(o));
    }

    /** A body that arrives at about {@code rate} bytes per second. */
    private static final class Throttled extends InputStream {
        private final byte[] data;
        private final int rate;
        private final long start = System.nanoTime();
        private int pos;

        Throttled(byte[] data, int rate) {
            this.data = data;
            this.rate = rate;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            long allowed = (long) ((System.nanoTime() - start) / 1e9 * rate) + 4096;
            while (allowed <= pos) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
                allowed = (long) ((System.nanoTime() - start) / 1e9 * rate) + 4096;
            }
            int n = (int) Math.min(Math.min(len, data.length - pos), allowed - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    // --- starve -----------------------------------------------------------------------------------------------------

    private static void starve(URI base, double seconds, int attackers, String large) throws Exception {
        List<String> texts = samples();
        byte[] largeBody = body("large", large);
        HttpClient http = client();
        AtomicBoolean stop = new AtomicBoolean();
        Outcomes attack = new Outcomes();
        List<Thread> threads = new ArrayList<>();
        for (int a = 0; a < attackers; a++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    long s = System.nanoTime();
                    try {
                        HttpResponse<Void> r = http.send(post(base, largeBody), HttpResponse.BodyHandlers.discarding());
                        attack.add(Integer.toString(r.statusCode()), System.nanoTime() - s);
                    } catch (Exception e) {
                        attack.add(outcome(e), System.nanoTime() - s);
                    }
                }
            }, "attacker-" + a);
            threads.add(t);
            t.start();
        }
        Outcomes victim = new Outcomes();
        List<Long> all = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int i = 0;
        while (System.nanoTime() < end) {
            byte[] b = body("v" + i, texts.get(i++ % texts.size()));
            long s = System.nanoTime();
            try {
                HttpResponse<Void> r = http.send(post(base, b), HttpResponse.BodyHandlers.discarding());
                victim.add(Integer.toString(r.statusCode()), System.nanoTime() - s);
            } catch (Exception e) {
                victim.add(outcome(e), System.nanoTime() - s);
            }
            all.add(System.nanoTime() - s);
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        long[] a = all.stream().mapToLong(Long::longValue).sorted().toArray();
        ObjectNode o = JSON.createObjectNode().put("seconds", seconds).put("attackers", attackers)
                .put("large_body_bytes", largeBody.length).put("victim_requests", a.length)
                .put("victim_p50_ms", ms(pct(a, 0.5))).put("victim_p99_ms", ms(pct(a, 0.99)))
                .put("victim_max_ms", ms(pct(a, 1)));
        o.set("victim", victim.json());
        o.set("attackers_outcomes", attack.json());
        System.out.println(JSON.writeValueAsString(o));
    }

    private static HttpRequest post(URI base, byte[] body) {
        return HttpRequest.newBuilder(base.resolve("/v1/screen")).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    // --- drain ------------------------------------------------------------------------------------------------------

    private static void drain(URI base, int clients, int docsPerBatch) throws Exception {
        List<String> samples = samples();
        String all = String.join("", samples);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) { // each a different rotation, so no two documents are the same
            texts.add(all.substring(all.indexOf(samples.get(i))) + all.substring(0, all.indexOf(samples.get(i))));
        }
        HttpClient http = client();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused503 = new AtomicInteger();
        Map<String, AtomicInteger> other = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        AtomicLong docs = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                int consecutiveErrors = 0;
                int i = id * 7;
                while (consecutiveErrors < 20) {
                    StringBuilder batch = new StringBuilder("[");
                    for (int d = 0; d < docsPerBatch; d++) {
                        ObjectNode o = JSON.createObjectNode().put("id", id + "-" + i + "-" + d)
                                .put("text", texts.get((i + d) % texts.size()));
                        batch.append(d > 0 ? "," : "").append(o);
                    }
                    i++;
                    try {
                        HttpResponse<String> r = http.send(post(base, batch.append(']').toString()
                                .getBytes(StandardCharsets.UTF_8)), HttpResponse.BodyHandlers.ofString());
                        consecutiveErrors = 0;
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                            JsonNode arr = JSON.readTree(r.body());
                            docs.addAndGet(arr.size());
                        } else if (r.statusCode() == 503) {
                            refused503.incrementAndGet();
                            consecutiveErrors++;
                        } else {
                            other.computeIfAbsent(Integer.toString(r.statusCode()), k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    } catch (Exception e) {
                        consecutiveErrors++;
                        errors.computeIfAbsent(outcome(e) + ": " + e.getMessage(), k -> new AtomicInteger())
                                .incrementAndGet();
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            }, "client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        ObjectNode o = JSON.createObjectNode().put("clients", clients).put("docs_per_batch", docsPerBatch)
                .put("ok", ok.get()).put("documents", docs.get())
                .put("refused_503", refused503.get());
        ObjectNode st = o.putObject("other_statuses");
        new TreeMap<>(other).forEach((k, v) -> st.put(k, v.get()));
        ObjectNode e = o.putObject("errors");
        new TreeMap<>(errors).forEach((k, v) -> e.put(k, v.get()));
        System.out.println(JSON.writeValueAsString(o));
        System.out.flush();
    }
}
