package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.ScreenerSettings;
import io.bianwei.json.Jsonl;
import io.bianwei.server.ScreeningServer;
import io.bianwei.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The service answers exactly what the CLI prints for the same inputs and options; serve's own options. */
class ServeCommandTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static JsonNode untimed(JsonNode n) {
        JsonNode copy = n.deepCopy();
        if (copy instanceof ObjectNode o) {
            o.remove("elapsedMicros");
            if (o.get("result") instanceof ObjectNode r) {
                r.remove("elapsedMicros");
            }
        }
        return copy;
    }

    private static List<JsonNode> untimed(List<JsonNode> nodes) {
        return nodes.stream().map(ServeCommandTest::untimed).toList();
    }

    private static HttpResponse<String> call(URI base, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        b = body == null ? b.GET() : b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The sample corpus and the seed article: each line of the CLI's jsonl equals the service's result. */
    @Test
    void screenExplainAndRulesEqualTheCliOutputForTheDefaultPack() throws Exception {
        Path samples = Path.of("../seeds/samples.jsonl");
        Path seed = Path.of("../seeds/000_ec6c90cbe1acbcf1.txt");
        TestCli.Run cli = TestCli.run("screen", "-f", "jsonl", "-q", "--threads", "1", samples.toString(),
                seed.toString());
        List<JsonNode> expected = cli.jsonl();
        ArrayNode batch = Jsonl.mapper().createArrayNode();
        for (String line : Files.readAllLines(samples, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                batch.add(TestCli.json(line));
            }
        }
        batch.addObject().put("id", seed.toString()).put("text", Files.readString(seed, StandardCharsets.UTF_8));
        assertThat(expected).hasSize(batch.size());

        try (ScreeningServer server = ScreeningServer.start(ServerConfig.defaults().withPort(0).withWatchRules(false))) {
            server.serve(TestCli.screener(ScreenerSettings.defaults()));
            HttpResponse<String> r = call(server.uri(), "POST", "/v1/screen", Jsonl.write(batch));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            List<JsonNode> got = new ArrayList<>();
            TestCli.json(r.body()).forEach(got::add);
            assertThat(untimed(got)).isEqualTo(untimed(expected));
            assertThat(got).anyMatch(n -> !n.get("verdict").asText().equals("PASS"));

            String text = "祖传秘方三天根治糖尿病，无效退款";
            JsonNode explained = TestCli.run("explain", "-f", "json", text).json();
            HttpResponse<String> e = call(server.uri(), "POST", "/v1/explain",
                    Jsonl.write(Jsonl.mapper().createObjectNode().put("text", text)));
            assertThat(untimed(TestCli.json(e.body()))).isEqualTo(untimed(explained));

            JsonNode rules = TestCli.run("rules", "list", "-f", "json").json();
            rules.get("rules").forEach(rule -> ((ObjectNode) rule).put("quarantined", false));
            ((ObjectNode) rules).put("degraded", false); // the service also says which rules are quarantined
            assertThat(TestCli.json(call(server.uri(), "GET", "/v1/rules", null).body())).isEqualTo(rules);
        }
    }

    /** {@code bianwei serve} itself, in-process: the rule options reach the service exactly as screen reads them. */
    @Test
    void serveTakesTheScreenOptions() throws Exception {
        String[] options = {"--no-default", "--rules", TestCli.testPack().toString(), "--threshold",
                "review=30,block=60", "--disable", "PA_T_SPY"};
        LinkedBlockingQueue<ScreeningServer> started = new LinkedBlockingQueue<>();
        ServeCommand.onReady = started::add;
        try {
            CompletableFuture<TestCli.Run> run = CompletableFuture.supplyAsync(() ->
                    TestCli.run(TestCli.concat(new String[]{"serve", "--no-console", "--port", "0", "--no-watch", "--max-batch", "8",
                            "--deadline", "5s", "--max-inflight-bytes", "64M", "--large-workers", "2"}, options)));
            ScreeningServer server = started.poll(60, TimeUnit.SECONDS);
            assertThat(server).as("started: " + (run.isDone() ? run.get() : "")).isNotNull();
            assertThat(server.config().maxBatch()).isEqualTo(8);
            assertThat(server.config().queueDocuments()).isEqualTo(256);
            assertThat(server.config().deadline()).hasSeconds(5);
            assertThat(server.config().inflightBytes()).isEqualTo(64L << 20);
            assertThat(server.config().largeLaneWorkers()).isEqualTo(2);
            assertThat(server.config().largeBodyBytes()).as("the default").isEqualTo(8 << 10);
            String body = "[{\"id\":\"1\",\"text\":\"这个神药很灵\"},{\"id\":\"2\",\"text\":\"出售开房记录\"}]";
            HttpResponse<String> r = call(server.uri(), "POST", "/v1/screen", body);
            assertThat(r.statusCode()).isEqualTo(200);
            TestCli.Run cli = TestCli.runWithStdin("{\"id\":\"1\",\"text\":\"这个神药很灵\"}\n"
                    + "{\"id\":\"2\",\"text\":\"出售开房记录\"}\n", TestCli.concat(new String[]{"screen", "-f", "jsonl",
                    "-"}, options));
            List<JsonNode> got = new ArrayList<>();
            TestCli.json(r.body()).forEach(got::add);
            assertThat(untimed(got)).isEqualTo(untimed(cli.jsonl()));
            assertThat(got.get(0).get("verdict").asText()).as("50 points: REVIEW at 30, below BLOCK at 60")
                    .isEqualTo("REVIEW");
            assertThat(got.get(1).get("verdict").asText()).as("PA_T_SPY disabled").isEqualTo("PASS");
            server.close();
            TestCli.Run done = run.get(60, TimeUnit.SECONDS);
            assertThat(done.exit()).as(done.toString()).isZero();
        } finally {
            ServeCommand.onReady = s -> { };
        }
    }

    @Test
    void usageErrors(@TempDir Path dir) throws IOException {
        TestCli.Run open = TestCli.run("serve", "--no-console", "--host", "0.0.0.0", "--port", "0");
        assertThat(open.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(open.err()).contains("needs API keys").contains("--api-keys");
        Path shortKey = Files.writeString(dir.resolve("keys"), "abc\n");
        TestCli.Run weak = TestCli.run("serve", "--no-console", "--port", "0", "--api-keys", shortKey.toString());
        assertThat(weak.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(weak.err()).contains("shorter than 16").doesNotContain("abc");
        assertThat(TestCli.run("serve", "--no-console", "--port", "0", "--api-keys", dir.resolve("none").toString()).err())
                .contains("--api-keys " + dir.resolve("none") + ": no such file");
        TestCli.Run queue = TestCli.run("serve", "--no-console", "--port", "0", "--max-batch", "500", "--queue", "100");
        assertThat(queue.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(queue.err()).contains("must hold at least one full batch");
        assertThat(TestCli.run("serve", "--no-console", "--deadline", "soon").err()).contains("not a duration");
        assertThat(TestCli.run("serve", "--no-console", "--max-body", "lots").err()).contains("not a size");
        Path broken = Files.writeString(dir.resolve("broken.drl"), "package x;\nrule \"PS_X\" when then nonsense end\n");
        TestCli.Run pack = TestCli.run("serve", "--no-console", "--port", "0", "--no-default", "--rules", broken.toString());
        assertThat(pack.exit()).as(pack.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(pack.err()).contains("the rule pack does not compile").contains("broken.drl");
    }

    /**
     * A --rules path that names nothing, a port in use, a key file that is missing or a folder, a pack that does
     * not compile: exit 2 with a plain message, and nothing logged as listening (main said "listening on" first, then
     * failed; a port in use was "stopped in 2 ms" then "Failed to bind"; a missing key file "cannot read X: X").
     */
    @Test
    void nothingListensWhenAPathThePortTheKeysOrThePackAreWrong(@TempDir Path dir) throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
                new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        ch.qos.logback.classic.Logger serverLog =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.bianwei.server");
        serverLog.addAppender(log);
        try {
            Path missing = dir.resolve("missing");
            TestCli.Run rules = TestCli.run("serve", "--no-console", "--port", "0", "--rules", missing.toString());
            assertThat(rules.exit()).as(rules.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(rules.err()).contains("--rules " + missing + ": no such file or folder");

            TestCli.Run keys = TestCli.run("serve", "--no-console", "--port", "0", "--api-keys", missing.toString());
            assertThat(keys.exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(keys.err()).contains("--api-keys " + missing + ": no such file");
            TestCli.Run folder = TestCli.run("serve", "--no-console", "--port", "0", "--api-keys", dir.toString());
            assertThat(folder.err()).contains("--api-keys " + dir + ": is a folder, not a file");

            try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50,
                    java.net.InetAddress.getByName("127.0.0.1"))) {
                TestCli.Run busy = TestCli.run("serve", "--no-console", "--port", Integer.toString(taken.getLocalPort()),
                        "--no-default", "--rules", TestCli.testPack().toString());
                assertThat(busy.exit()).as(busy.toString()).isEqualTo(ExitCodes.USAGE);
                assertThat(busy.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()
                        + ": the port is in use").doesNotContain("Failed to bind");
            }

            Path broken = Files.writeString(dir.resolve("broken.drl"), "package x;\nrule \"PS_X\" when then nonsense end\n");
            TestCli.Run pack = TestCli.run("serve", "--no-console", "--port", "0", "--no-default", "--rules", broken.toString());
            assertThat(pack.exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(pack.err()).contains("the rule pack does not compile");
        } finally {
            serverLog.detachAppender(log);
        }
        assertThat(log.list).as("never said to listen, nor to have stopped").noneMatch(e ->
                e.getFormattedMessage().startsWith("listening") || e.getFormattedMessage().startsWith("stopped"));
    }

    @Test
    void sizesAndDurations() {
        assertThat(new ServeCommand.SizeConverter().convert("4M")).isEqualTo(4L << 20);
        assertThat(new ServeCommand.SizeConverter().convert("512k")).isEqualTo(512L << 10);
        assertThat(new ServeCommand.SizeConverter().convert("65536")).isEqualTo(65536L);
        assertThat(new ServeCommand.DurationConverter().convert("500ms")).hasMillis(500);
        assertThat(new ServeCommand.DurationConverter().convert("10s")).hasSeconds(10);
        assertThat(new ServeCommand.DurationConverter().convert("2m")).hasMinutes(2);
        assertThat(new ServeCommand.DurationConverter().convert("PT3S")).hasSeconds(3);
        assertThat(new ServeCommand.DurationConverter().convert("7")).hasSeconds(7);
    }
}
