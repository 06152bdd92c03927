package io.bianwei.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A graceful stop (what SIGTERM runs: {@link ScreeningServer#close}) begun while documents are being screened:
 * every request already taken on is screened and answered, new ones are refused, and nothing is cut off.
 */
class DrainTest {
    private static String batch(String prefix, int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append("{\"id\":\"").append(prefix).append(i).append("\",\"text\":\"神药")
                    .append(i).append("\"}");
        }
        return sb.append(']').toString();
    }

    @Test
    void aStopBegunWhileABatchIsScreenedAnswersItAndTheRequestQueuedBehindIt() throws Exception {
        ScreeningServer s = Http.serving(Http.config().withWorkers(1).withShutdownTimeout(Duration.ofSeconds(30)));
        // Jetty's stop shortens idle timeouts to a second unless told not to: a request being screened sends nothing
        // for a while and was failed with a 500 a second into a stop (issue 24)
        assertThat(s.shutdownIdleTimeout()).as("a stop leaves idle timeouts as they were").isNegative();
        CountDownLatch bQueued = new CountDownLatch(1);
        AtomicReference<CompletableFuture<Void>> stopper = new AtomicReference<>();
        List<String> screened = new CopyOnWriteArrayList<>();
        s.beforeScreen = id -> {
            screened.add(id);
            if (id.equals("a0")) {
                LimitsTest.await(bQueued); // b waits behind a before anything is stopped
            }
            if (id.equals("a2")) { // a0 and a1 are screened: stop now, and go on screening only once the stop is on
                stopper.set(CompletableFuture.runAsync(s::close));
                waitUnchecked(s::acceptingStopped); // Jetty's graceful stop is under way

            }
        };
        CompletableFuture<Http.Reply> a = CompletableFuture.supplyAsync(() -> Http.post(s, "/v1/screen", batch("a", 6)));
        LimitsTest.waitFor(() -> s.admission.small.pending() == 6);
        CompletableFuture<Http.Reply> b = CompletableFuture.supplyAsync(() -> Http.post(s, "/v1/screen",
                "{\"id\":\"b\",\"text\":\"出售开房记录\"}"));
        LimitsTest.waitFor(() -> s.admission.small.pending() == 7);
        bQueued.countDown();
        LimitsTest.waitFor(s::stopping);

        Throwable late = catchThrowable(() -> {
            Http.Reply r = Http.post(s, "/v1/screen", "{\"id\":\"c\",\"text\":\"神药\"}");
            assertThat(r.status()).as(r.toString()).isEqualTo(503);
        });
        assertThat(late).as("a request after the stop began is refused: 503 or no connection")
                .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(UncheckedIOException.class));

        Http.Reply ra = a.get(60, TimeUnit.SECONDS);
        assertThat(ra.status()).as(ra.toString()).isEqualTo(200);
        assertThat(ra.json()).hasSize(6);
        Http.Reply rb = b.get(60, TimeUnit.SECONDS);
        assertThat(rb.status()).as(rb.toString()).isEqualTo(200);
        assertThat(rb.json().get("verdict").asText()).isEqualTo("BLOCK");
        stopper.get().get(60, TimeUnit.SECONDS);
        assertThat(screened).as("every document taken on was screened, the late one never")
                .containsExactly("a0", "a1", "a2", "a3", "a4", "a5", "b");
        assertThat(s.cutOff.get()).isZero();
        assertThat(Http.statusesWhen(s, "screen", m -> m.getOrDefault("200", 0) >= 2)).containsEntry("200", 2).doesNotContainKeys("500", "499", "504");
        assertThat(catchThrowable(() -> Http.get(s, "/healthz"))).as("stopped: nothing listens")
                .isInstanceOf(UncheckedIOException.class);
    }

    /**
     * Four clients post batches in a loop; the stop begins from inside a screen (so documents are being screened
     * and others are queued). Every request the server took on is answered 200: the server's count of 200s equals
     * the clients', and it counted no request it did not answer (499, aborted) and no error.
     */
    @Test
    void aStopUnderLoadAnswersEveryRequestTakenOn() throws Exception {
        ScreeningServer s = Http.serving(Http.config().withWorkers(2).withShutdownTimeout(Duration.ofSeconds(30)));
        AtomicInteger docs = new AtomicInteger();
        AtomicBoolean stopBegun = new AtomicBoolean();
        AtomicInteger inFlightAtStop = new AtomicInteger();
        AtomicReference<CompletableFuture<Void>> stopper = new AtomicReference<>();
        s.beforeScreen = id -> {
            if (docs.incrementAndGet() == 120 && stopBegun.compareAndSet(false, true)) {
                inFlightAtStop.set(s.inFlight.get());
                stopper.set(CompletableFuture.runAsync(s::close));
                waitUnchecked(s::acceptingStopped);
            }
        };
        AtomicInteger ok = new AtomicInteger();
        List<String> refusals = new CopyOnWriteArrayList<>();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int client = c;
            clients.add(CompletableFuture.runAsync(() -> {
                int refusedInARow = 0;
                for (int i = 0; refusedInARow < 3; i++) {
                    try {
                        Http.Reply r = Http.post(s, "/v1/screen", batch(client + "-" + i + "-", 3));
                        if (r.status() == 200) {
                            JsonNode arr = r.json();
                            if (arr.size() != 3) {
                                unexpected.add(r.toString());
                            }
                            ok.incrementAndGet();
                            refusedInARow = 0;
                        } else if (r.status() == 503) {
                            refusals.add(r.json().get("error").asText());
                            refusedInARow++;
                        } else {
                            unexpected.add(r.toString());
                        }
                    } catch (UncheckedIOException e) { // not taken on: the connector was closed, or reset
                        refusedInARow++;
                    }
                }
            }));
        }
        for (CompletableFuture<Void> c : clients) {
            c.get(120, TimeUnit.SECONDS);
        }
        assertThat(stopBegun).isTrue();
        stopper.get().get(60, TimeUnit.SECONDS);
        assertThat(unexpected).isEmpty();
        assertThat(inFlightAtStop.get()).as("requests in flight when the stop began").isPositive();
        assertThat(refusals).allSatisfy(e -> assertThat(e).isIn("stopping", "service_unavailable"));
        Map<String, Integer> counted = Http.statusesWhen(s, "screen", m -> m.getOrDefault("200", 0) >= ok.get());
        assertThat(counted.getOrDefault("200", 0)).as("the server answered 200 exactly the requests the clients got "
                + "200 for: none was lost").isEqualTo(ok.get());
        assertThat(counted.keySet()).as("no request cut off or failed").isSubsetOf("200", "503");
        assertThat(Http.metric(s, "bianwei_http_responses_aborted_total{route=\"screen\"}")).isZero();
        assertThat(s.cutOff.get()).isZero();
        assertThat(ok.get()).isGreaterThanOrEqualTo(40); // 120 documents screened before the stop, 3 a batch
    }

    static void waitUnchecked(java.util.function.BooleanSupplier condition) {
        try {
            LimitsTest.waitFor(condition);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
