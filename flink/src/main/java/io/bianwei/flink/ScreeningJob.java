package io.bianwei.flink;

import io.bianwei.RulePackException;
import io.bianwei.Screener;
import io.bianwei.Verdict;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Flink job: JSONL files or folders in ({@link FileSource}), one output line per record in the CLI's JSONL
 * contract out ({@link FileSink}), plus the moderators' queue (REVIEW, BLOCK and ERROR) as a second sink.
 *
 * <pre>
 * FileSource(DocumentFormat) -> rebalance -> ScreenFunction -> FileSink DIR/results
 *                                                  \-> side output moderation-queue -> FileSink DIR/queue
 * </pre>
 *
 * The same {@code main} runs locally (embedded MiniCluster, when Flink is on the classpath) and on a cluster
 * ({@code flink run bianwei-flink-job.jar ...}). See {@link JobConfig#USAGE} and {@code flink/README.md}.
 */
public final class ScreeningJob {
    /** Sub-folder of {@code --output} with every record. */
    public static final String RESULTS = "results";
    /** Sub-folder of {@code --output} with REVIEW and BLOCK records only. */
    public static final String QUEUE = "queue";
    /** Prefix of the distributed-cache entries holding {@code --rules} folders. */
    static final String RULES_CACHE_PREFIX = "bianwei-rules-";

    private ScreeningJob() {
    }

    public static void main(String[] args) throws Exception {
        JobConfig cfg;
        try {
            cfg = JobConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(JobConfig.USAGE);
            System.exit(2);
            return;
        }
        if (cfg.help) {
            System.out.println(JobConfig.USAGE);
            return;
        }
        cfg.inputs.replaceAll(JobConfig::qualify);
        if (cfg.output != null) {
            cfg.output = JobConfig.qualify(cfg.output);
        }
        cfg.rules.replaceAll(JobConfig::qualify);

        // fail fast, before anything is submitted: a broken rule folder names file:line here
        Screener check;
        try {
            check = Screener.build(cfg.screener.withRules(cfg.rules.stream().map(r -> new File(r).toPath()).toList()));
        } catch (RulePackException e) {
            List<RulePackException.Problem> pack = e.problems().stream()
                    .filter(p -> !"(configuration)".equals(p.file())).toList();
            e.problems().stream().filter(p -> "(configuration)".equals(p.file()))
                    .forEach(p -> System.err.println("error: " + p.message()));
            if (!pack.isEmpty()) {
                System.err.println("error: the rule pack does not compile (" + pack.size() + " problem(s)):");
                pack.forEach(p -> System.err.println("  " + p));
            }
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }

        if (cfg.mode == JobConfig.Mode.BATCH && cfg.output != null) {
            String problem = prepareOutput(cfg.output, cfg.overwrite);
            if (problem != null) {
                System.err.println("error: " + problem);
                System.exit(1);
                return;
            }
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        System.err.printf("bianwei-flink: %s mode, ruleset %s, input %s -> %s%n",
                cfg.mode.name().toLowerCase(java.util.Locale.ROOT), check.rulesetVersion(),
                cfg.kafkaInput() ? "kafka " + cfg.kafkaInputTopics : cfg.inputs,
                (cfg.output == null ? "" : cfg.output + "/{" + RESULTS + "," + QUEUE + "} ")
                        + (cfg.kafkaResultsTopic == null ? ""
                        : "kafka [" + cfg.kafkaResultsTopic + ", " + cfg.kafkaQueueTopic + "]"));
        JobExecutionResult result = run(env, cfg);
        if (result.isJobExecutionResult()) {
            System.err.println("bianwei-flink: " + summary(result));
        } else {
            // `flink run -d`: submitted, not waited for
            System.err.println("bianwei-flink: submitted job " + result.getJobID());
        }
    }

    /** The marker a finished batch run leaves in {@code --output}: its summary line. */
    public static final String SUCCESS = "_SUCCESS";

    /**
     * Builds and runs the job; a batch run that finished writes {@code OUT/_SUCCESS} (the summary line), so that a
     * reader of the part files knows they are complete.
     */
    public static JobExecutionResult run(StreamExecutionEnvironment env, JobConfig cfg) throws Exception {
        build(env, cfg);
        JobExecutionResult result = env.execute(cfg.jobName);
        if (cfg.mode == JobConfig.Mode.BATCH && cfg.output != null && result.isJobExecutionResult()) {
            Path marker = new Path(cfg.output, SUCCESS);
            try (var out = marker.getFileSystem().create(marker, FileSystem.WriteMode.OVERWRITE)) {
                out.write((summary(result) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return result;
    }

    /**
     * A batch run writes new part files next to old ones, so it refuses an output folder that already has results
     * (or deletes them with {@code --overwrite}). A streaming job restarted from a savepoint continues its folder,
     * so streaming mode does not check. Returns what is wrong, or null.
     */
    static String prepareOutput(String output, boolean overwrite) throws IOException {
        Path marker = new Path(output, SUCCESS);
        if (marker.getFileSystem().exists(marker)) {
            if (!overwrite) {
                return output + " already has results (" + SUCCESS + "); choose a new --output, delete it, or pass "
                        + "--overwrite";
            }
            marker.getFileSystem().delete(marker, false); // first: a stale marker must not vouch for new output
        }
        for (String sub : List.of(RESULTS, QUEUE)) {
            Path folder = new Path(output, sub);
            FileSystem fs = folder.getFileSystem();
            if (!fs.exists(folder)) {
                continue;
            }
            if (overwrite) {
                fs.delete(folder, true);
            } else {
                FileStatus[] files = fs.listStatus(folder);
                if (files != null && files.length > 0) {
                    return folder + " already has results; choose a new --output, delete it, or pass --overwrite";
                }
            }
        }
        return null;
    }

    /** "N records: PASS a, REVIEW b, BLOCK c, ERROR d", from the job's accumulators. */
    public static String summary(JobExecutionResult result) {
        Map<String, Object> acc = result.getAllAccumulatorResults();
        StringBuilder sb = new StringBuilder();
        long total = 0;
        List<String> names = new ArrayList<>();
        for (Verdict v : Verdict.values()) {
            names.add(v.name());
        }
        names.add(ScreenFunction.ERROR);
        for (String n : names) {
            Object value = acc.get(ScreenFunction.ACCUMULATOR_PREFIX + n);
            long count = value instanceof Number num ? num.longValue() : 0L;
            total += count;
            sb.append(sb.length() == 0 ? "" : ", ").append(n).append(' ').append(count);
        }
        return total + " records: " + sb + " (" + result.getNetRuntime() + " ms)";
    }

    /**
     * Adds the job to {@code env}: source, screening, both sinks. Paths in {@code cfg} are used as given (main makes
     * local ones absolute first).
     */
    public static void build(StreamExecutionEnvironment env, JobConfig cfg) {
        boolean streaming = cfg.mode == JobConfig.Mode.STREAMING;
        env.setRuntimeMode(streaming ? RuntimeExecutionMode.STREAMING : RuntimeExecutionMode.BATCH);
        if (streaming) {
            // the FileSink publishes part files on checkpoints
            env.enableCheckpointing(cfg.checkpointInterval.toMillis());
        }
        if (cfg.parallelism > 0) {
            env.setParallelism(cfg.parallelism);
        }

        List<String> cacheNames = new ArrayList<>();
        for (int i = 0; i < cfg.rules.size(); i++) {
            String name = RULES_CACHE_PREFIX + i;
            env.registerCachedFile(toUri(cfg.rules.get(i)), name);
            cacheNames.add(name);
        }

        DataStream<SourceLine> lines;
        if (cfg.kafkaInput()) {
            lines = env.fromSource(KafkaIo.source(cfg), WatermarkStrategy.noWatermarks(), "kafka source")
                    .uid("kafka-source");
        } else {
            // read and enumerated as the CLI reads a folder: the shared json DocumentReader, the same file rules
            FileSource.FileSourceBuilder<SourceLine> source = FileSource.forBulkFileFormat(
                            new DocumentFormat(cfg.limits()), cfg.inputs.stream().map(Path::new).toArray(Path[]::new))
                    .setFileEnumerator(new DocumentFiles(cfg.inputs, cfg.follow).enumerator());
            if (streaming && !cfg.monitorInterval.isZero()) {
                source.monitorContinuously(cfg.monitorInterval);
            }
            lines = env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "jsonl source")
                    .uid("jsonl-source");
        }
        // text files are not split (one file is read by one subtask), topics may have few partitions: spread the
        // expensive part evenly
        lines = lines.rebalance();

        SingleOutputStreamOperator<String> results = lines
                .process(new ScreenFunction(cacheNames, cfg.screener, cfg.idField, cfg.textField))
                .name("screen")
                .uid("screen");
        // screening is CPU-bound: run it on all the parallelism asked for. Left unset, Flink's adaptive batch
        // scheduler would size it by bytes (16 MiB per subtask), i.e. one subtask for most corpora.
        int parallelism = cfg.parallelism > 0 ? cfg.parallelism : env.getParallelism();
        if (parallelism > 0) {
            results.setParallelism(parallelism);
        }

        DataStream<String> queue = results.getSideOutput(ScreenFunction.MODERATION_QUEUE);
        if (cfg.output != null) {
            results.sinkTo(sink(new Path(cfg.output, RESULTS))).name("results sink").uid("results-sink");
            queue.sinkTo(sink(new Path(cfg.output, QUEUE))).name("moderation queue sink").uid("queue-sink");
        }
        if (cfg.kafkaResultsTopic != null) {
            results.sinkTo(KafkaIo.sink(cfg, cfg.kafkaResultsTopic)).name("results topic").uid("results-topic");
            queue.sinkTo(KafkaIo.sink(cfg, cfg.kafkaQueueTopic)).name("moderation queue topic").uid("queue-topic");
        }
    }

    private static FileSink<String> sink(Path folder) {
        return FileSink.forRowFormat(folder, new SimpleStringEncoder<String>("UTF-8"))
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".jsonl")
                        .build())
                .build();
    }

    /** Distributed-cache entries want a URI; a plain absolute path becomes {@code file:///...}. */
    private static String toUri(String path) {
        File f = new File(path);
        return f.isAbsolute() ? f.toURI().toString() : path;
    }
}
