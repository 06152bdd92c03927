package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.json.Jsonl;
import io.bianwei.server.ConsoleConfig;
import io.bianwei.server.ModerationStore;
import io.bianwei.server.ScreeningServer;
import io.bianwei.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code bianwei queue import} and {@code bianwei decisions export}, and the promise that ties the console to
 * {@code learn}: the decisions exported without the held-back ones, fed to {@code learn}, give the very model the
 * console's retraining wrote.
 */
class ConsoleCommandsTest {
    private static final Path SEEDS = Path.of("..", "seeds", "samples.jsonl");

    @Test
    void queueImportPutsReviewDocumentsInTheQueueOnce(@TempDir Path data) throws Exception {
        TestCli.Run first = TestCli.run("queue", "import", SEEDS.toString(), "--data", data.toString());
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.out()).containsPattern("\\d+ REVIEW, [1-9]\\d* of them new in the queue");
        int queued;
        try (ModerationStore store = ModerationStore.open(data)) {
            queued = store.counts().get("queued");
            assertThat(queued).isPositive();
            assertThat(store.waiting(null, null, 500)).allSatisfy(i -> {
                assertThat(i.verdict()).isEqualTo("REVIEW");
                assertThat(i.source()).isEqualTo("import");
            });
        }
        TestCli.Run again = TestCli.run("queue", "import", SEEDS.toString(), "--data", data.toString());
        assertThat(again.out()).contains("0 of them new in the queue");
        try (ModerationStore store = ModerationStore.open(data)) {
            assertThat(store.counts().get("queued")).isEqualTo(queued);
        }
        assertThat(TestCli.run("queue", "import", "nope.jsonl", "--data", data.toString()).exit())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(TestCli.run("decisions", "export", "--out", "x.jsonl", "--data",
                data.resolve("none").toString()).exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void exportedDecisionsFedToLearnReproduceTheConsolesRetrain(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        ServerConfig config = ServerConfig.defaults().withPort(0).withWatchRules(false)
                .withShutdownTimeout(Duration.ofMillis(500));
        try (ScreeningServer server = ScreeningServer.start(config, ConsoleConfig.of(data))) {
            server.load();
            HttpClient client = HttpClient.newHttpClient();
            post(client, server, "/v1/decisions", decisions(80));
            post(client, server, "/v1/learn", "{\"swap\":\"manual\"}");
            JsonNode done = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Jsonl.mapper().readTree(client.send(HttpRequest.newBuilder(
                            server.uri().resolve("/v1/learn")).build(), HttpResponse.BodyHandlers.ofString()).body()),
                            s -> !s.get("state").asText().equals("running"));
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("done");
            String version = done.get("result").get("version").asText();
            int trained = done.get("result").get("decisions").asInt();
            Path consoleModel = data.resolve("models").resolve(version).resolve("models/verdict.model");
            assertThat(consoleModel).exists();

            Path export = dir.resolve("decisions.jsonl");
            TestCli.Run ex = TestCli.run("decisions", "export", "--data", data.toString(), "--held-back", "exclude",
                    "--out", export.toString());
            assertThat(ex.exit()).as(ex.toString()).isZero();
            assertThat(Files.readAllLines(export)).hasSize(trained);
            TestCli.Run learn = TestCli.run("learn", "--labels", export.toString(), "--out",
                    dir.resolve("pack").toString(), "--provenance", "bianwei console: " + trained + " decisions");
            assertThat(learn.exit()).as(learn.toString()).isZero();
            assertThat(Files.readString(dir.resolve("pack/models/verdict.model")))
                    .as("learn on the export writes the console's model byte for byte")
                    .isEqualTo(Files.readString(consoleModel));

            TestCli.Run all = TestCli.run("decisions", "export", "--data", data.toString(), "--out", "-");
            assertThat(all.out().lines().count()).isEqualTo(160);
            JsonNode line = Jsonl.mapper().readTree(all.out().lines().findFirst().orElseThrow());
            assertThat(line.has("heldBack")).isTrue();
            assertThat(line.get("moderator").asText()).isEqualTo("local");
        }
    }

    private static String decisions(int perLabel) throws Exception {
        Path training = Path.of("..", "model", "training");
        List<String> flag = Files.readAllLines(training.resolve("written-pseudo-science-flag.jsonl"));
        List<String> ok = Files.readAllLines(training.resolve("written-ordinary-ok.jsonl"));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < perLabel; i++) {
            JsonNode f = Jsonl.mapper().readTree(flag.get(i));
            JsonNode o = Jsonl.mapper().readTree(ok.get(i));
            out.add("{\"id\":" + f.get("id") + ",\"text\":" + f.get("text")
                    + ",\"label\":\"flag\",\"category\":\"pseudo_science\"}");
            out.add("{\"id\":" + o.get("id") + ",\"text\":" + o.get("text") + ",\"label\":\"ok\"}");
        }
        return "[" + String.join(",", out) + "]";
    }

    private static void post(HttpClient client, ScreeningServer server, String path, String body) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri().resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 202);
    }
}
