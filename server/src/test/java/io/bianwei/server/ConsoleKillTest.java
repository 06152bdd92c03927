package io.bianwei.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No acknowledged decision is lost when the process is killed: a real child JVM serves the console, four clients
 * post decisions as fast as they are answered, the child is killed with SIGKILL in the middle of the burst, and every
 * decision that was answered 200 is in the database when a new process opens it (and serves it).
 */
class ConsoleKillTest {
    private static final int CLIENTS = 4;
    /** Acknowledged decisions before the kill. */
    private static final int BEFORE_KILL = 150;

    @Test
    void everyAcknowledgedDecisionSurvivesKillMinus9(@TempDir Path data) throws Exception {
        Process child = start(data);
        int port = readyPort(child);
        URI base = URI.create("http://127.0.0.1:" + port);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        CountDownLatch enough = new CountDownLatch(BEFORE_KILL);
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<java.util.concurrent.Future<Integer>> sent = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client0 = c;
            sent.add(pool.submit(() -> {
                int n = 0;
                for (int i = 0; i < 100_000; i++) { // bounded; ends when the child is gone
                    String id = "k" + client0 + "-" + i;
                    String body = "{\"id\":\"" + id + "\",\"text\":\"帖子 " + id + "\",\"label\":\""
                            + (i % 3 == 0 ? "flag\",\"category\":\"pseudo_science" : "ok") + "\"}";
                    n++; // counted when sent: a request cut by the kill may have been stored, never acknowledged
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/v1/decisions"))
                                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            acknowledged.add(id);
                            enough.countDown();
                        }
                    } catch (java.io.IOException e) {
                        if (killed.get()) {
                            return n; // the child is gone: this request was never acknowledged
                        }
                        throw e;
                    }
                }
                return n;
            }));
        }
        assertThat(enough.await(3, TimeUnit.MINUTES)).as("decisions acknowledged before the kill").isTrue();
        killed.set(true);
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, no flush
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        int attempted = 0;
        for (var f : sent) {
            attempted += f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Set<String> ackedNow = Set.copyOf(acknowledged);

        // a new process on the same data folder serves every acknowledged decision
        Process again = start(data);
        try {
            URI base2 = URI.create("http://127.0.0.1:" + readyPort(again));
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(base2.resolve("/v1/decisions?limit=1000"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode list = Http.json(r.body()).get("decisions");
            Set<String> served = new java.util.HashSet<>();
            list.forEach(d -> served.add(d.get("id").asText()));
            if (list.size() < 1000) {
                assertThat(served).containsAll(ackedNow);
            }
        } finally {
            again.destroyForcibly();
            again.waitFor(30, TimeUnit.SECONDS);
        }
        try (ModerationStore store = ModerationStore.open(data)) {
            Set<String> stored = store.all().stream().map(ModerationStore.Decision::docId).collect(Collectors.toSet());
            assertThat(ackedNow).as("acknowledged").hasSizeGreaterThanOrEqualTo(BEFORE_KILL);
            assertThat(stored).as("every acknowledged decision is stored (" + ackedNow.size() + " acknowledged, "
                    + attempted + " sent)").containsAll(ackedNow);
            assertThat(stored.size()).as("and nothing was invented").isLessThanOrEqualTo(attempted);
        }
    }

    private static Process start(Path data) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                System.getProperty("java.class.path"), ConsoleChild.class.getName(), data.toString());
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static int readyPort(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        java.util.concurrent.CompletableFuture<String> line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                String l;
                while ((l = out.readLine()) != null) {
                    if (l.startsWith("READY ")) {
                        return l;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        });
        String ready = line.get(3, TimeUnit.MINUTES);
        assertThat(ready).as("the child started").isNotNull();
        return Integer.parseInt(ready.substring(6).strip());
    }
}
