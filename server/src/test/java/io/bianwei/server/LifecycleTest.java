package io.bianwei.server;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Alive before ready; ready once the pack is built; a graceful stop finishes what is in flight. */
class LifecycleTest {
    @Test
    void aliveAtOnceReadyOnlyOnceThePackIsBuilt() throws Exception {
        try (ScreeningServer s = ScreeningServer.start(Http.config())) {
            assertThat(Http.get(s, "/healthz").status()).isEqualTo(200);
            Http.Reply ready = Http.get(s, "/readyz");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("status").asText()).isEqualTo("loading");
            ApiTest.assertError(Http.post(s, "/v1/screen", "{\"text\":\"神药\"}"), 503, "not_ready", "being built");
            ApiTest.assertError(Http.get(s, "/v1/rules"), 503, "not_ready", "being built");
            assertThat(Http.get(s, "/metrics").body()).contains("bianwei_ready 0");
            s.load();
            assertThat(Http.get(s, "/readyz").status()).isEqualTo(200);
            assertThat(Http.post(s, "/v1/screen", "{\"text\":\"神药\"}").status()).isEqualTo(200);
            assertThat(Http.get(s, "/metrics").body()).contains("bianwei_ready 1");
        }
    }

    @Test
    void aGracefulStopFinishesRequestsInFlightAndTakesNoNewOnes() throws Exception {
        ScreeningServer s = Http.serving(Http.config().withWorkers(1));
        CountDownLatch release = new CountDownLatch(1);
        s.beforeScreen = id -> LimitsTest.await(release);
        CompletableFuture<Http.Reply> inFlight = CompletableFuture.supplyAsync(() -> Http.post(s, "/v1/screen",
                "[{\"id\":\"a\",\"text\":\"神药\"},{\"id\":\"b\",\"text\":\"出售开房记录\"}]"));
        LimitsTest.waitFor(() -> s.admission.small.pending() == 2);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(s::close);
        LimitsTest.waitFor(s::acceptingStopped); // Jetty's graceful stop is under way
        assertThat(stopping).as("waits for the request in flight").isNotDone();
        Throwable refused = catchThrowable(() -> {
            Http.Reply r = Http.get(s, "/v1/rules");
            assertThat(r.status()).as(r.toString()).isEqualTo(503);
        });
        assertThat(refused).as("a new request is refused: connection refused or 503")
                .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(UncheckedIOException.class));
        release.countDown();
        Http.Reply done = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json()).hasSize(2);
        assertThat(done.json().get(1).get("verdict").asText()).isEqualTo("BLOCK");
        stopping.get(30, TimeUnit.SECONDS);
        assertThat(catchThrowable(() -> Http.get(s, "/healthz"))).as("stopped: nothing listens")
                .isInstanceOf(UncheckedIOException.class);
    }
}
