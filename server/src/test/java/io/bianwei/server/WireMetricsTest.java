package io.bianwei.server;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /metrics counts each request by the status that went on the wire, whichever path answered it: the API, its
 * refusals and deadlines, an internal error, and a request Jetty itself could not parse.
 */
class WireMetricsTest {
    @Test
    void theStatusCountedIsTheStatusSent() throws Exception {
        ServerConfig config = Http.config().withWorkers(1).withLimits(1, 1).withMaxBodyBytes(2048)
                .withDeadline(Duration.ofSeconds(2));
        try (ScreeningServer s = Http.serving(config)) {
            Map<String, Map<String, Integer>> seen = new TreeMap<>();
            CountDownLatch release = new CountDownLatch(1);
            s.beforeScreen = id -> {
                if (id.equals("boom")) {
                    throw new IllegalStateException("a bug");
                }
                if (id.equals("held")) {
                    LimitsTest.await(release);
                }
            };
            see(seen, "screen", Http.post(s, "/v1/screen", "{\"id\":\"ok\",\"text\":\"神药\"}"));
            see(seen, "screen", Http.post(s, "/v1/screen", "{\"text\":"));
            see(seen, "screen", Http.post(s, "/v1/screen", "{\"text\":\"" + "好".repeat(1000) + "\"}"));
            see(seen, "screen", Http.get(s, "/v1/screen"));
            see(seen, "other", Http.get(s, "/nothing/here"));
            see(seen, "screen", Http.post(s, "/v1/screen", "{\"id\":\"boom\",\"text\":\"神药\"}"));
            CompletableFuture<Http.Reply> held = CompletableFuture.supplyAsync(() ->
                    Http.post(s, "/v1/screen", "{\"id\":\"held\",\"text\":\"神药\"}"));
            LimitsTest.waitFor(() -> s.admission.small.full());
            see(seen, "screen", Http.post(s, "/v1/screen", "{\"id\":\"refused\",\"text\":\"神药\"}"));
            see(seen, "screen", held.get(60, TimeUnit.SECONDS));
            release.countDown();
            try (Socket raw = new Socket("127.0.0.1", s.port())) {
                raw.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = raw.getInputStream();
                assertThat(Http.rawHead(in)).startsWith("HTTP/1.1 400");
                seen.computeIfAbsent("other", k -> new TreeMap<>()).merge("400", 1, Integer::sum);
            }
            LimitsTest.waitFor(() -> s.admission.small.pending() == 0);

            assertThat(seen.get("screen")).as("what the clients got")
                    .containsOnlyKeys("200", "400", "405", "413", "500", "503", "504");
            for (Map.Entry<String, Map<String, Integer>> route : seen.entrySet()) {
                assertThat(Http.statusesWhen(s, route.getKey(), m -> m.equals(route.getValue()))).as(route.getKey())
                        .isEqualTo(route.getValue());
            }
        }
    }

    /**
     * At a queue of one, a client that sends its next request as soon as it reads an answer finds the place free:
     * the job gives its place back before the answer goes out, not when its thread gets round to ending it (a 503
     * that a loaded machine turned up in the test above).
     */
    @Test
    void anAnsweredDocumentNoLongerHoldsItsPlace() throws Exception {
        ServerConfig config = Http.config().withWorkers(1).withLimits(1, 1);
        try (ScreeningServer s = Http.serving(config)) {
            CountDownLatch release = new CountDownLatch(1);
            s.afterWork = () -> LimitsTest.await(release); // the screening thread stalls after answering
            try {
                assertThat(Http.post(s, "/v1/screen", "{\"id\":\"first\",\"text\":\"神药\"}").status()).isEqualTo(200);
                assertThat(s.admission.small.pending()).isZero();
                s.afterWork = () -> { };
                CompletableFuture<Http.Reply> next = CompletableFuture.supplyAsync(() ->
                        Http.post(s, "/v1/screen", "{\"id\":\"next\",\"text\":\"神药\"}"));
                release.countDown();
                assertThat(next.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
            } finally {
                release.countDown();
            }
        }
    }

    private static void see(Map<String, Map<String, Integer>> seen, String route, Http.Reply r) {
        seen.computeIfAbsent(route, k -> new TreeMap<>()).merge(Integer.toString(r.status()), 1, Integer::sum);
    }
}
