package io.bianwei.server;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission by bytes as well as documents, and the two lanes: a body that would go over the in-flight byte budget
 * is refused with 503 before it is read; a flood of the largest bodies is answered, every request; large requests
 * never hold up small ones. Small limits, so that the tests are quick; the 256 x 4 MiB flood against -Xmx1g is
 * bench/serve-hostile.sh.
 */
class AdmissionTest {
    private static final long KIB = 1024;

    /** A single document whose body is {@code bytes} long (give or take a few). */
    private static String doc(String id, long bytes) {
        int chars = (int) ((bytes - 30) / 3); // 神 is three bytes of UTF-8
        return "{\"id\":\"" + id + "\",\"text\":\"" + "神".repeat(Math.max(1, chars)) + "\"}";
    }

    /**
     * Budget 100 KiB, bodies up to 64 KiB: 25 KiB are kept for small requests, so large ones may hold 75 KiB. One
     * 60 KiB request is held in its worker; a second is refused before a byte of its body was sent; small requests
     * are still screened meanwhile.
     */
    @Test
    void aBodyOverTheByteBudgetIsRefusedBeforeItIsRead() throws Exception {
        ServerConfig config = Http.config().withMaxBodyBytes(64 * KIB).withMaxInflightBytes(100 * KIB)
                .withWorkers(1).withLargeLane(8 * KIB, 1).withDeadline(Duration.ofSeconds(120));
        try (ScreeningServer s = Http.serving(config)) {
            assertThat(s.admission.budget()).isEqualTo(100 * KIB);
            assertThat(s.admission.largeLimit()).isEqualTo(75 * KIB);
            CountDownLatch release = new CountDownLatch(1);
            s.beforeScreen = id -> {
                if (id.startsWith("big")) {
                    LimitsTest.await(release);
                }
            };
            String big = doc("big1", 60 * KIB);
            int bigBytes = big.getBytes(StandardCharsets.UTF_8).length;
            CompletableFuture<Http.Reply> held = CompletableFuture.supplyAsync(() -> Http.post(s, "/v1/screen", big));
            LimitsTest.waitFor(() -> s.admission.large.pending() == 1);
            assertThat(s.admission.bytesHeld()).isEqualTo(bigBytes);

            // the second large body: its headers alone get the 503, the body is never sent
            try (Socket raw = new Socket("127.0.0.1", s.port())) {
                OutputStream out = raw.getOutputStream();
                out.write(("POST /v1/screen HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + bigBytes + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = raw.getInputStream();
                String head = Http.rawHead(in);
                assertThat(head).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 1")
                        .containsIgnoringCase("Connection: close");
                String body = new String(in.readNBytes(Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*",
                        "$1"))), StandardCharsets.UTF_8);
                assertThat(body).contains("\"overloaded\"").contains("as many request bytes as it may");
            }
            assertThat(s.admission.bytesHeld()).as("nothing of the refused body is held").isEqualTo(bigBytes);

            // a chunked body (no length declared) is counted as it arrives, and refused at the first byte over
            HttpRequest.Builder chunked = HttpRequest.newBuilder(Http.uri(s, "/v1/screen"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                            doc("big2", 40 * KIB).getBytes(StandardCharsets.UTF_8))));
            ApiTest.assertError(Http.send(s, chunked), 503, "overloaded", "request bytes");
            LimitsTest.waitFor(() -> s.admission.bytesHeld() == bigBytes);

            // small requests have their own share of the budget and their own workers
            Http.Reply small = Http.post(s, "/v1/screen", "{\"id\":\"s\",\"text\":\"出售开房记录\"}");
            assertThat(small.status()).as(small.toString()).isEqualTo(200);
            assertThat(release.getCount()).as("answered while the large request is still held").isEqualTo(1);

            release.countDown();
            assertThat(held.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
            LimitsTest.waitFor(() -> s.admission.bytesHeld() == 0);
            assertThat(Http.post(s, "/v1/screen", doc("big3", 60 * KIB)).status()).as("recovered").isEqualTo(200);
            assertThat(Http.metric(s, "bianwei_overload_refusals_total{limit=\"bytes\"}")).isEqualTo(2);
            assertThat(Http.metric(s, "bianwei_inflight_bytes_limit")).isEqualTo(100 * KIB);
        }
    }

    /**
     * Fifty requests at once, each as large as allowed, against a budget of two of them and one worker per lane:
     * every request is answered (200, 503 or 504, never a reset or a lost answer), the server counts exactly what the
     * clients got, and holds nothing afterwards.
     */
    @Test
    void everyRequestOfAFloodOfTheLargestBodiesIsAnswered() throws Exception {
        ServerConfig config = Http.config().withMaxBodyBytes(32 * KIB).withMaxInflightBytes(64 * KIB)
                .withWorkers(1).withLargeLane(8 * KIB, 1);
        try (ScreeningServer s = Http.serving(config)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            byte[] body = doc("flood", 32 * KIB - 64).getBytes(StandardCharsets.UTF_8);
            assertThat(body.length).isLessThanOrEqualTo((int) (32 * KIB));
            Map<String, AtomicInteger> got = new ConcurrentHashMap<>();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                HttpRequest r = HttpRequest.newBuilder(Http.uri(s, "/v1/screen")).timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                all.add(client.sendAsync(r, HttpResponse.BodyHandlers.ofString()).handle((resp, x) -> {
                    String k = x == null ? Integer.toString(resp.statusCode()) : x.getClass().getSimpleName();
                    got.computeIfAbsent(k, key -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            assertThat(got.keySet()).as("answers: %s", got).isSubsetOf("200", "503", "504");
            assertThat(got.get("200")).as("some were screened: %s", got).isNotNull();
            Map<String, Integer> counted = Http.statusesWhen(s, "screen",
                    m -> m.values().stream().mapToInt(Integer::intValue).sum() >= 50);
            got.forEach((status, n) -> assertThat(counted.get(status)).as(status).isEqualTo(n.get()));
            assertThat(counted.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(50);
            LimitsTest.waitFor(() -> s.admission.bytesHeld() == 0 && s.admission.large.pending() == 0);
        }
    }

    /**
     * One worker per lane. The large lane is busy with a long text (held in its worker) and has another queued, a
     * big batch of short texts goes there too (bytes decide, not documents); short requests are screened meanwhile.
     */
    @Test
    void largeRequestsNeverHoldUpSmallOnes() throws Exception {
        try (ScreeningServer s = Http.serving(Http.config().withWorkers(1).withLargeLane(8 * KIB, 1)
                .withDeadline(Duration.ofSeconds(120)))) {
            CountDownLatch release = new CountDownLatch(1);
            s.beforeScreen = id -> {
                if (id.startsWith("long")) {
                    LimitsTest.await(release);
                }
            };
            List<CompletableFuture<Http.Reply>> large = new ArrayList<>();
            large.add(CompletableFuture.supplyAsync(() -> Http.post(s, "/v1/screen", doc("long1", 16 * KIB))));
            LimitsTest.waitFor(() -> s.admission.large.pending() == 1);
            large.add(CompletableFuture.supplyAsync(() -> Http.post(s, "/v1/screen", doc("long2", 16 * KIB))));
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 200; i++) {
                batch.append(i > 0 ? "," : "").append("{\"id\":\"b").append(i).append("\",\"text\":\"今天天气很好\"}");
            }
            large.add(CompletableFuture.supplyAsync(() -> Http.post(s, "/v1/screen", batch.append(']').toString())));
            LimitsTest.waitFor(() -> s.admission.large.pending() == 202);
            assertThat(Http.metric(s, "bianwei_queue_documents{lane=\"large\"}")).isEqualTo(202);
            for (int i = 0; i < 5; i++) {
                Http.Reply r = Http.post(s, "/v1/screen", "{\"id\":\"short" + i + "\",\"text\":\"出售开房记录\"}");
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
            }
            assertThat(release.getCount()).as("short ones answered while the large lane is held").isEqualTo(1);
            release.countDown();
            for (CompletableFuture<Http.Reply> f : large) {
                Http.Reply r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
            }
        }
    }
}
