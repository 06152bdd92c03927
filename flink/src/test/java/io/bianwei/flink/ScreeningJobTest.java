package io.bianwei.flink;

import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import io.bianwei.json.Jsonl;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job on a MiniCluster (one TaskManager, two slots, parallelism 2), compared record by record with a
 * single-process {@link Screener}.
 */
class ScreeningJobTest {
    private static final int PARALLELISM = 2;
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(() ->
            new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(PARALLELISM)
                    .build());

    /** Texts the default pack flags, texts it lets through (debunks, warnings, ordinary sentences). */
    private static final List<String> TEXTS = List.of(
            "祖传秘方三天根治糖尿病，无效退款",
            "每天喝这个排毒茶能治愈高血压",
            "量 子 水 能 根 治 癌 症，限时特价",
            "這個偏方能根治糖尿病",
            "辟谣：祖传秘方三天根治糖尿病？假的",
            "网传喝排毒茶能治愈高血压，没有科学依据",
            "糖尿病目前无法根治，需要长期规范治疗",
            "医生提醒：偏方不能代替正规治疗",
            "今天天气很好，我们去公园散步吧",
            "这家店的牛肉面味道不错，价格也实惠",
            "");

    private static Screener reference;

    @BeforeAll
    static void buildReference() {
        reference = Screener.build(io.bianwei.ScreenerSettings.defaults().withScoringMode("weights"));
    }

    /** A few thousand records in two files (one in a sub-folder), one malformed line, a blank line, a hidden file. */
    private static Map<String, String> writeCorpus(Path in, int records, int seed) throws IOException {
        Files.createDirectories(in.resolve("sub"));
        Map<String, String> texts = new LinkedHashMap<>();
        Random random = new Random(seed);
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            String id = "r" + seed + "-" + i;
            String text = TEXTS.get(random.nextInt(TEXTS.size()));
            if (random.nextInt(4) == 0) {
                text = text + "。" + TEXTS.get(random.nextInt(TEXTS.size()));
            }
            texts.put(id, text);
            String line = Jsonl.write(Jsonl.mapper().createObjectNode().put("id", id).put("text", text)
                    .put("lang", "zh"));
            (i % 3 == 0 ? b : a).add(line);
        }
        a.add(7, "");                                            // blank: skipped, not an ERROR
        a.add(11, "{\"id\": \"broken\", \"text\": \"祖传秘方");     // malformed: exactly one ERROR, line 12
        Files.write(in.resolve("a.jsonl"), a, StandardCharsets.UTF_8);
        Files.write(in.resolve("sub/b.jsonl"), b, StandardCharsets.UTF_8);
        Files.writeString(in.resolve(".hidden.jsonl"), "{\"id\":\"hidden\",\"text\":\"祖传秘方三天根治糖尿病\"}\n");
        return texts;
    }

    /** Every line of the finished part files under {@code folder}, parsed (in-progress files are hidden). */
    private static List<JsonNode> readOutput(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
        for (Path f : files) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                out.add(Jsonl.mapper().readTree(line));
            }
        }
        return out;
    }

    private static JobConfig config(Path in, Path out, JobConfig.Mode mode) {
        JobConfig cfg = new JobConfig();
        // the job's plumbing is under test, on the rules' hand weights (its sanity counts were measured with them)
        cfg.screener = cfg.screener.withScoringMode("weights");
        cfg.inputs.add(in.toString());
        cfg.output = out.toString();
        cfg.mode = mode;
        cfg.parallelism = PARALLELISM;
        return cfg;
    }

    private static long sum(JobExecutionResult result, String counter) {
        Map<String, Metric> metrics = REPORTER.findMetrics(result.getJobID(), ".*\\.bianwei\\." + counter);
        return metrics.values().stream().mapToLong(m -> ((Counter) m).getCount()).sum();
    }

    @Test
    void batchJobScreensEveryRecordOnceExactlyLikeTheLibrary(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        Map<String, String> texts = writeCorpus(in, 3000, 1);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobConfig cfg = config(in, out, JobConfig.Mode.BATCH);
        cfg.jobName = "bianwei test (batch)";
        JobExecutionResult result = ScreeningJob.run(env, cfg);

        List<JsonNode> results = readOutput(out.resolve(ScreeningJob.RESULTS));
        List<JsonNode> queue = readOutput(out.resolve(ScreeningJob.QUEUE));

        // every input id exactly once, plus the one ERROR record, nothing from the hidden file
        Map<String, Long> idCounts = results.stream()
                .collect(Collectors.groupingBy(n -> n.get("id").asText(), Collectors.counting()));
        assertThat(idCounts.values()).allMatch(c -> c == 1L);
        List<JsonNode> errors = results.stream().filter(n -> n.get("verdict").asText().equals("ERROR")).toList();
        assertThat(errors).hasSize(1);
        assertThat(results).hasSize(texts.size() + 1);
        assertThat(idCounts.keySet()).containsAll(texts.keySet()).doesNotContain("hidden");

        // the malformed line keeps the id it starts with; its message names file:line
        String where = in.resolve("a.jsonl").toAbsolutePath() + ":12";
        JsonNode error = errors.get(0);
        assertThat(error.get("id").asText()).isEqualTo("broken");
        assertThat(error.get("error").asText()).startsWith(where + ": broken JSON");
        assertThat(error.get("rulesetVersion").asText()).isEqualTo(reference.rulesetVersion());

        // verdicts and scores equal the single-process Screener's; the contract's fields are there
        Map<Verdict, Long> expectedCounts = new HashMap<>();
        List<String> expectedQueue = new ArrayList<>();
        for (JsonNode n : results) {
            String id = n.get("id").asText();
            if (n.get("verdict").asText().equals("ERROR")) {
                continue;
            }
            ScreeningResult r = reference.screen(id, texts.get(id));
            assertThat(n.get("verdict").asText()).as(id).isEqualTo(r.verdict().name());
            assertThat(n.get("score").asInt()).as(id).isEqualTo(r.score());
            assertThat(n.get("findings").size()).as(id).isEqualTo(r.findings().size());
            assertThat(n.get("categories").isObject()).isTrue();
            assertThat(n.get("rulesetVersion").asText()).isEqualTo(r.rulesetVersion());
            assertThat(n.get("lang").asText()).isEqualTo("zh");   // extra fields pass through
            expectedCounts.merge(r.verdict(), 1L, Long::sum);
            if (r.verdict() != Verdict.PASS) {
                expectedQueue.add(id);
            }
        }
        // the corpus really mixes outcomes
        assertThat(expectedCounts.getOrDefault(Verdict.PASS, 0L)).isGreaterThan(500);
        assertThat(expectedQueue.size()).isGreaterThan(500);

        // the moderation queue holds exactly the non-PASS records, as full result lines, and the ERROR one: a record
        // nobody could screen needs a person
        expectedQueue.add("broken");
        assertThat(queue.stream().map(n -> n.get("id").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(expectedQueue);
        assertThat(queue).allMatch(n -> !n.get("verdict").asText().equals("PASS") && n.has("findings"));

        // every line says where it came from, so the unordered part files can be put back in input order
        assertThat(results).allMatch(n -> n.has(ScreenFunction.INPUT_FILE) && n.get(ScreenFunction.INPUT_LINE).asLong() > 0);
        assertThat(error.get(ScreenFunction.INPUT_LINE).asLong()).isEqualTo(12);
        // and a finished batch run says so
        assertThat(Files.readString(out.resolve(ScreeningJob.SUCCESS))).startsWith((texts.size() + 1) + " records: ");
        assertThat(ScreeningJob.prepareOutput(out.toString(), false)).contains("already has results");

        // counts per verdict as Flink metrics (summed over both subtasks) and accumulators
        for (Verdict v : Verdict.values()) {
            assertThat(sum(result, v.name())).as(v.name()).isEqualTo(expectedCounts.getOrDefault(v, 0L));
            assertThat(result.<Long>getAccumulatorResult(ScreenFunction.ACCUMULATOR_PREFIX + v.name()))
                    .isEqualTo(expectedCounts.getOrDefault(v, 0L));
        }
        assertThat(sum(result, ScreenFunction.ERROR)).isEqualTo(1L);
        assertThat(ScreeningJob.summary(result)).startsWith((texts.size() + 1) + " records: PASS ");

        // both subtasks screened (the source reads a file in one subtask; the job rebalances)
        Map<String, Metric> perSubtask = REPORTER.findMetrics(result.getJobID(), ".*\\.bianwei\\.PASS");
        assertThat(perSubtask).hasSize(PARALLELISM);
        assertThat(perSubtask.values()).allMatch(m -> ((Counter) m).getCount() > 0);
    }

    @Test
    void streamingModeWithExtraRulesShippedThroughTheDistributedCache(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        Files.createDirectories(in);
        // an extra rule folder: one more remedy term, merged into the default list
        Path rules = tmp.resolve("my-rules");
        Files.createDirectories(rules.resolve("terms"));
        Files.writeString(rules.resolve("terms/remedy.txt"), "# extra remedies\n神奇石头\n");
        Files.write(in.resolve("x.jsonl"), List.of(
                "{\"id\":\"stone\",\"text\":\"神奇石头能根治癌症\"}",
                "{\"id\":\"tea\",\"text\":\"每天喝这个排毒茶能治愈高血压\"}",
                "{\"text\":\"今天天气很好\"}",                  // no id: file:line
                "{\"id\":\"no-text\",\"body\":\"x\"}",          // missing text: ERROR, keeps its id
                "[1,2]"), StandardCharsets.UTF_8);

        JobConfig cfg = config(in, out, JobConfig.Mode.STREAMING);
        cfg.monitorInterval = Duration.ZERO;          // read what is there, then finish
        cfg.checkpointInterval = Duration.ofMillis(200);
        cfg.rules.add(rules.toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScreeningJob.build(env, cfg);
        env.execute("bianwei test (streaming, bounded)");

        Map<String, String> verdicts = readOutput(out.resolve(ScreeningJob.RESULTS)).stream()
                .collect(Collectors.toMap(n -> n.get("id").asText(), n -> n.get("verdict").asText()));
        String x = in.resolve("x.jsonl").toAbsolutePath().toString();
        Screener withRules = Screener.build(io.bianwei.ScreenerSettings.defaults().withScoringMode("weights")
                .withRules(java.util.List.of(rules)));
        assertThat(withRules.screen("神奇石头能根治癌症").verdict()).isNotEqualTo(Verdict.PASS);
        assertThat(verdicts).containsOnlyKeys("stone", "tea", x + ":3", "no-text", x + ":5");
        assertThat(verdicts.get("stone")).isEqualTo(withRules.screen("神奇石头能根治癌症").verdict().name());
        assertThat(verdicts.get("tea")).isEqualTo(withRules.screen("每天喝这个排毒茶能治愈高血压").verdict().name());
        assertThat(verdicts.get(x + ":3")).isEqualTo("PASS");
        assertThat(verdicts.get("no-text")).isEqualTo("ERROR");
        assertThat(verdicts.get(x + ":5")).isEqualTo("ERROR");
        assertThat(readOutput(out.resolve(ScreeningJob.QUEUE)).stream().map(n -> n.get("id").asText()))
                .containsExactlyInAnyOrder("stone", "tea", "no-text", x + ":5");
    }

    @Test
    void streamingModeWatchesTheInputFolderForNewFiles(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        Files.createDirectories(in);
        Files.writeString(in.resolve("first.jsonl"), "{\"id\":\"f1\",\"text\":\"祖传秘方三天根治糖尿病，无效退款\"}\n");

        JobConfig cfg = config(in, out, JobConfig.Mode.STREAMING);
        cfg.monitorInterval = Duration.ofMillis(200);
        cfg.checkpointInterval = Duration.ofMillis(300);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScreeningJob.build(env, cfg);
        JobClient job = env.executeAsync("bianwei test (streaming, unbounded)");
        try {
            awaitIds(out.resolve(ScreeningJob.RESULTS), List.of("f1"));
            // a file that appears later (written hidden, then renamed, as producers should)
            Path hidden = in.resolve(".second.jsonl");
            Files.writeString(hidden, "{\"id\":\"s1\",\"text\":\"今天天气很好\"}\n"
                    + "{\"id\":\"s2\",\"text\":\"每天喝这个排毒茶能治愈高血压\"}\n");
            Files.move(hidden, in.resolve("second.jsonl"), StandardCopyOption.ATOMIC_MOVE);
            awaitIds(out.resolve(ScreeningJob.RESULTS), List.of("f1", "s1", "s2"));
            awaitIds(out.resolve(ScreeningJob.QUEUE), List.of("f1", "s2"));
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
            // wait until it is gone, so that it does not watch a folder that @TempDir is about to delete
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!job.getJobStatus().get().isGloballyTerminalState() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
    }

    /**
     * One folder screened by the CLI and by the job: the same records with the same ids, verdicts, scores and
     * errors (issue 16: the job once read the seed .txt line by line as JSONL, 85 ERROR records of 1,201). The folder
     * holds the real seeds/ and every kind of input the shared reader treats specially.
     */
    @Test
    void theCliAndTheJobReadAFolderTheSameWay(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        Files.createDirectories(in.resolve("seeds"));
        try (Stream<Path> seeds = Files.list(Path.of("../seeds"))) {
            for (Path f : seeds.toList()) {
                Files.copy(f, in.resolve("seeds").resolve(f.getFileName()));
            }
        }
        Files.writeString(in.resolve("cr.jsonl"), "{\"id\":\"c1\",\"text\":\"祖传秘方三天根治糖尿病\"}\r"
                + "{\"id\":\"c2\",\"text\":\"今天天气很好\"}\r\n\r\n{\"id\":\"c3\",\"text\":\"a\"} {\"id\":\"c4\"}\n"
                + "{\"id\":\"c5\",\"text\":\n");
        Files.writeString(in.resolve("letter.txt"), "第一行：今天天气很好。\n第二行：{\"id\":\"not a record\"}\n");
        Files.write(in.resolve("u16.jsonl"), "{\"id\":\"u\",\"text\":\"x\"}\n".getBytes(StandardCharsets.UTF_16));
        try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(in.resolve("z.jsonl.gz")))) {
            gz.write("{\"id\":\"z1\",\"text\":\"每天喝这个排毒茶能治愈高血压\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(in.resolve("_SUCCESS"), "a marker\n");
        Files.writeString(in.resolve(".hidden.jsonl"), "{\"id\":\"h\",\"text\":\"x\"}\n");
        Files.writeString(in.resolve("notes.md"), "# not a document\n");

        java.io.StringWriter cliOut = new java.io.StringWriter();
        int code = io.bianwei.cli.Main.commandLine(new io.bianwei.cli.Env(new java.io.ByteArrayInputStream(new byte[0]),
                        false, false, Screener::build), new java.io.PrintWriter(cliOut),
                new java.io.PrintWriter(new java.io.StringWriter()))
                .execute("screen", "-f", "jsonl", "--threads", "2", "--scoring", "weights", in.toAbsolutePath().toString());
        assertThat(code).isEqualTo(3); // the malformed and UTF-16 records
        List<String> cli = cliOut.toString().lines().map(ScreeningJobTest::comparable).sorted().toList();

        JobConfig cfg = config(in.toAbsolutePath(), out, JobConfig.Mode.BATCH);
        ScreeningJob.run(StreamExecutionEnvironment.getExecutionEnvironment(), cfg);
        List<String> job = readOutput(out.resolve(ScreeningJob.RESULTS)).stream().map(Jsonl::write)
                .map(ScreeningJobTest::comparable).sorted().toList();

        assertThat(job).isEqualTo(cli);
        long seedRecords = Files.readAllLines(Path.of("../seeds/samples.jsonl")).stream().filter(l -> !l.isBlank())
                .count() + 1;
        assertThat(cli).hasSize((int) seedRecords + 7); // the seeds; c1, c2, c3, c5, letter.txt, u16, z1
        assertThat(cli).filteredOn(l -> l.contains("\"ERROR\"")).hasSize(3);
    }

    /** A result line without what differs by design: timing, and the job's input position. */
    private static String comparable(String line) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode n = (com.fasterxml.jackson.databind.node.ObjectNode)
                    Jsonl.mapper().readTree(line);
            n.remove(List.of("elapsedMicros", ScreenFunction.INPUT_FILE, ScreenFunction.INPUT_LINE));
            return Jsonl.write(n);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void awaitIds(Path folder, List<String> ids) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = readOutput(folder).stream().map(n -> n.get("id").asText()).toList();
            if (seen.size() >= ids.size()) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
    }
}
