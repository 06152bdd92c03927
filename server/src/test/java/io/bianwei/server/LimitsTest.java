package io.bianwei.server;

import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Body and batch limits, the bounded queue (503 + Retry-After, then recovery) and the per-request deadline. */
class LimitsTest {
    private static String batch(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append("{\"id\":\"").append(i).append("\",\"text\":\"神药").append(i).append("\"}");
        }
        return sb.append(']').toString();
    }

    @Test
    void bodiesAndBatchesOverTheLimitAre413() throws Exception {
        try (ScreeningServer s = Http.serving(Http.config().withMaxBodyBytes(2048).withLimits(3, 3))) {
            String big = "{\"text\":\"" + "好".repeat(1000) + "\"}"; // 3 KB of UTF-8
            ApiTest.assertError(Http.post(s, "/v1/screen", big), 413, "body_too_large", "limit of 2048 bytes");
            HttpRequest.Builder chunked = HttpRequest.newBuilder(Http.uri(s, "/v1/screen"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                            big.getBytes(StandardCharsets.UTF_8))));
            ApiTest.assertError(Http.send(s, chunked), 413, "body_too_large", "limit of 2048 bytes");
            ApiTest.assertError(Http.post(s, "/v1/screen", batch(4)), 413, "batch_too_large",
                    "a batch of 4 documents is larger than the limit of 3");
            assertThat(Http.post(s, "/v1/screen", batch(3)).json()).hasSize(3);
            assertThat(Http.get(s, "/healthz").status()).as("still serving").isEqualTo(200);
        }
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterAndRecovers() throws Exception {
        try (ScreeningServer s = Http.serving(Http.config().withWorkers(1).withLimits(2, 3))) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger started = new AtomicInteger();
            s.beforeScreen = id -> {
                started.incrementAndGet();
                await(release);
            };
            List<CompletableFuture<Http.Reply>> held = new ArrayList<>();
            held.add(CompletableFuture.supplyAsync(() -> Http.post(s, "/v1/screen", batch(2))));
            waitFor(() -> s.admission.small.pending() == 2);
            held.add(CompletableFuture.supplyAsync(() -> Http.post(s, "/v1/screen", "{\"text\":\"神药\"}")));
            waitFor(() -> s.admission.small.pending() == 3);
            Http.Reply refused = Http.post(s, "/v1/screen", "{\"text\":\"神药\"}");
            ApiTest.assertError(refused, 503, "overloaded", "the small-request queue is full (3 of 3 documents");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(Http.get(s, "/healthz").status()).as("probes are not queued").isEqualTo(200);
            release.countDown();
            for (CompletableFuture<Http.Reply> f : held) {
                assertThat(f.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            waitFor(() -> s.admission.small.pending() == 0);
            assertThat(Http.post(s, "/v1/screen", batch(2)).status()).as("recovered").isEqualTo(200);
            assertThat(Http.get(s, "/metrics").body())
                    .contains("bianwei_http_requests_total{route=\"screen\",status=\"503\"} 1");
        }
    }

    /**
     * Two requests past their deadline: one whose document is still being screened (held in its worker) and one
     * queued behind it. Both get their 504 while the worker is still held, so the answer does not wait for the work;
     * the queued one is taken out of the queue and never screened, and both are counted by stage.
     */
    @Test
    void theDeadlineAnswers504ForRunningAndQueuedWorkWithoutWaitingForIt() throws Exception {
        try (ScreeningServer s = Http.serving(Http.config().withWorkers(1).withDeadline(Duration.ofMillis(300)))) {
            CountDownLatch release = new CountDownLatch(1);
            List<String> screened = new java.util.concurrent.CopyOnWriteArrayList<>();
            s.beforeScreen = id -> {
                screened.add(id);
                await(release);
            };
            CompletableFuture<Http.Reply> running = CompletableFuture.supplyAsync(() ->
                    Http.post(s, "/v1/screen", "{\"id\":\"running\",\"text\":\"神药\"}"));
            waitFor(() -> screened.contains("running"));
            CompletableFuture<Http.Reply> queued = CompletableFuture.supplyAsync(() ->
                    Http.post(s, "/v1/screen", "{\"id\":\"queued\",\"text\":\"神药\"}"));
            ApiTest.assertError(queued.get(60, TimeUnit.SECONDS), 504, "deadline_exceeded",
                    "within the deadline of 300 ms");
            ApiTest.assertError(running.get(60, TimeUnit.SECONDS), 504, "deadline_exceeded", "300 ms");
            assertThat(release.getCount()).as("both answered while the worker is still held").isEqualTo(1);
            assertThat(s.admission.small.pending()).as("the queued one left the queue at once").isEqualTo(1);
            release.countDown();
            waitFor(() -> s.admission.small.pending() == 0 && s.admission.bytesHeld() == 0);
            assertThat(screened).as("the queued request was never screened").containsExactly("running");
            assertThat(Http.metric(s, "bianwei_deadline_exceeded_total{stage=\"queued\"}")).isEqualTo(1);
            assertThat(Http.metric(s, "bianwei_deadline_exceeded_total{stage=\"screening\"}")).isEqualTo(1);
            assertThat(Http.metrics(s)).containsKey("bianwei_deadline_late_total");
            assertThat(Http.statusesWhen(s, "screen", m -> m.getOrDefault("504", 0) >= 2)).containsEntry("504", 2);
            s.beforeScreen = id -> { };
            assertThat(Http.post(s, "/v1/screen", batch(2)).status()).as("serving on").isEqualTo(200);
        }
    }

    @Test
    void theRestOfABatchIsNotScreenedAfterItsDeadline() throws Exception {
        try (ScreeningServer s = Http.serving(Http.config().withWorkers(1).withDeadline(Duration.ofMillis(300)))) {
            CountDownLatch answered = new CountDownLatch(1);
            List<String> screened = new java.util.concurrent.CopyOnWriteArrayList<>();
            s.beforeScreen = id -> {
                screened.add(id);
                await(answered); // the first document outlasts the deadline
            };
            Http.Reply r = Http.post(s, "/v1/screen", batch(20));
            ApiTest.assertError(r, 504, "deadline_exceeded", "within the deadline of 300 ms");
            answered.countDown();
            waitFor(() -> s.admission.small.pending() == 0);
            assertThat(screened).as("stopped between documents after the deadline").containsExactly("0");
            s.beforeScreen = id -> { };
            assertThat(Http.post(s, "/v1/screen", batch(2)).status()).isEqualTo(200);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Until {@code condition} holds (Awaitility, polling; fails after a generous 60 s). */
    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }
}
