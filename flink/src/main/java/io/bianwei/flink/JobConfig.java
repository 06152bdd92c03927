package io.bianwei.flink;

import io.bianwei.ScreenerSettings;
import io.bianwei.ScreenerSpec;
import io.bianwei.json.DocumentReader;
import org.apache.flink.util.TimeUtils;

import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Command line of {@link ScreeningJob}. */
public final class JobConfig {
    /** Bounded input, processed once ({@code batch}), or an unbounded job watching the input folders. */
    public enum Mode { BATCH, STREAMING }

    public static final String USAGE = """
            Usage: ScreeningJob (--input PATH ... | --kafka-input-topic T) (--output DIR | --kafka-results-topic T
                                --kafka-queue-topic T) [options]

              --input PATH              file or folder, read as the CLI reads it: *.jsonl one record per line,
                                        *.txt (or any file given itself) one document; folders recursively, only
                                        *.jsonl and *.txt, names starting with '.' or '_' skipped; .gz/.bz2/.xz/
                                        .deflate decompressed. Repeatable. Any Flink file system URI (file://,
                                        s3://, hdfs://); in a cluster it must be readable from the JobManager and
                                        every TaskManager.
              --follow                  local folders: follow symbolic links out of the inputs (default: not
                                        followed, and a warning is logged)
              --max-record-bytes N      longest record (a JSONL line), k/m suffixes allowed; a longer one is an
                                        ERROR record with its id (default 16m)
              --output DIR              writes DIR/results (every record) and DIR/queue (REVIEW, BLOCK and ERROR),
                                        as part-*.jsonl files, and DIR/_SUCCESS when a batch run has finished. A
                                        batch run refuses a DIR that already has them
              --overwrite               batch: delete DIR/results and DIR/queue first
              --mode batch|streaming    batch (default): read the input once, then finish.
                                        streaming: keep watching the input folders for new files
              --monitor-interval DUR    streaming: how often to look for new files (default 10s; 0 = read what is
                                        there, then finish)
              --checkpoint-interval DUR streaming: checkpoint interval; output files become visible on each
                                        checkpoint (default 10s)
              --rules DIR|FILE          extra rules on top of the default pack (as the CLI's --rules), shipped
                                        to the TaskManagers with Flink's distributed cache. Repeatable.
              --no-default              leave out the default rule pack (use only --rules)
              --screener SPEC           every screener setting as key=value pairs (review, block, scoring, only,
                                        disable, rules, default, cap, firings, ruleTime, maxText, failClosed,
                                        strict, fastPath), e.g. review=30,block=60,scoring=weights; the single
                                        options below apply after it
              --scoring auto|weights    auto: the learned verdict when the pack has a model (default);
                                        weights: the rules' hand weights
              --threshold review=N,block=M
                                        score thresholds, either key may be left out (default review=40,block=70)
              --only CATEGORY[,...]     screen only pseudo_science and/or privacy_abuse (context rules stay on)
              --disable RULE_ID[,...]   disable rules by id; an unknown id is an error
              --id-field NAME           JSON field of the id (default id; a record without one gets file:line)
              --text-field NAME         JSON field of the text (default text)
              --parallelism N           parallelism of the job (default: the environment's)
              --job-name NAME           (default "bianwei screening")
              --help

            Kafka (optional; instead of --input and/or next to or instead of --output):
              --kafka-bootstrap HOST:PORT[,...]   the brokers
              --kafka-input-topic T[,...]         read JSON records, one per message (id default: topic-partition:offset)
              --kafka-group-id ID                 consumer group (default bianwei-screening)
              --kafka-starting-offsets committed|earliest|latest
                                                  where a new job starts (default committed, else earliest)
              --kafka-bounded                     stop at the offsets that are the latest at start (needed in batch mode)
              --kafka-results-topic T             every output record
              --kafka-queue-topic T               REVIEW, BLOCK and ERROR records
              --kafka-delivery at-least-once|exactly-once
                                                  sink guarantee (default at-least-once; exactly-once uses transactions,
                                                  visible to read_committed consumers on each checkpoint)
              --kafka-transactional-id-prefix P   exactly-once: prefix of the sinks' transactional ids
                                                  (default bianwei-screening; unique per job on a cluster)
              --kafka-property KEY=VALUE          extra client property (security, ...), for consumer and producers.
                                                  Repeatable.
            """;

    public List<String> inputs = new ArrayList<>();
    public String output;
    public Mode mode = Mode.BATCH;
    public Duration monitorInterval = Duration.ofSeconds(10);
    public Duration checkpointInterval = Duration.ofSeconds(10);
    /** The {@code --rules} folders or files as given (shipped to the TaskManagers, which add their own copies). */
    public List<String> rules = new ArrayList<>();
    /** Every other screener option; its rule list stays empty (see {@link #rules}). */
    public ScreenerSettings screener = ScreenerSettings.defaults();
    public String idField = "id";
    public String textField = "text";
    public int parallelism = -1;
    public String jobName = "bianwei screening";

    public String kafkaBootstrap;
    public List<String> kafkaInputTopics = new ArrayList<>();
    public String kafkaGroupId = "bianwei-screening";
    public String kafkaStartingOffsets = "committed";
    public boolean kafkaBounded;
    public String kafkaResultsTopic;
    public String kafkaQueueTopic;
    public boolean kafkaExactlyOnce;
    public String kafkaTransactionalIdPrefix = "bianwei-screening";
    public java.util.Map<String, String> kafkaProperties = new java.util.LinkedHashMap<>();
    public boolean overwrite;
    public boolean help;
    /** Follow symbolic links out of local input folders. */
    public boolean follow;
    /** Longest record in bytes. */
    public int maxRecordBytes = DocumentReader.DEFAULT_MAX_RECORD_BYTES;

    /** What a record may cost: {@link #maxRecordBytes}, and the screener's {@code maxTextLength}. */
    public DocumentReader.Limits limits() {
        return new DocumentReader.Limits(maxRecordBytes, screener.maxTextLength());
    }

    /** Parses {@code --key value} and {@code --key=value}; throws {@link IllegalArgumentException} with a message. */
    public static JobConfig parse(String... args) {
        JobConfig c = new JobConfig();
        List<String> thresholds = new ArrayList<>();
        List<String> only = new ArrayList<>();
        List<String> disable = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                c.help = true;
                continue;
            }
            if (a.equals("--overwrite")) {
                c.overwrite = true;
                continue;
            }
            if (a.equals("--follow")) {
                c.follow = true;
                continue;
            }
            if (a.equals("--kafka-bounded")) {
                c.kafkaBounded = true;
                continue;
            }
            if (a.equals("--no-default")) {
                c.screener = c.screener.withDefaultRules(false);
                continue;
            }
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String key;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                key = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                key = a.substring(2);
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + key + " needs a value");
                }
                value = args[++i];
            }
            switch (key) {
                case "input" -> c.inputs.add(value);
                case "output" -> c.output = value;
                case "mode" -> c.mode = switch (value.toLowerCase(Locale.ROOT)) {
                    case "batch" -> Mode.BATCH;
                    case "streaming" -> Mode.STREAMING;
                    default -> throw new IllegalArgumentException("--mode must be batch or streaming, got " + value);
                };
                case "monitor-interval" -> c.monitorInterval = duration(key, value);
                case "checkpoint-interval" -> c.checkpointInterval = duration(key, value);
                case "rules" -> c.rules.add(value);
                case "threshold" -> thresholds.add(threshold(value));
                case "scoring" -> c.screener = ScreenerSpec.option("--scoring",
                        () -> ScreenerSpec.set(c.screener, key, value));
                case "screener" -> {
                    c.screener = ScreenerSpec.option("--" + key, () -> ScreenerSpec.parse(c.screener, value));
                    c.rules.addAll(c.screener.rules()); // shipped with the job, see rules
                    c.screener = c.screener.withRuleStrings(List.of());
                }
                case "only" -> only.addAll(list(value));
                case "disable" -> disable.addAll(list(value));
                case "id-field" -> c.idField = value;
                case "text-field" -> c.textField = value;
                case "parallelism" -> c.parallelism = integer(key, value);
                case "max-record-bytes" -> c.maxRecordBytes = bytes(key, value);
                case "job-name" -> c.jobName = value;
                case "kafka-bootstrap" -> c.kafkaBootstrap = value;
                case "kafka-input-topic" -> c.kafkaInputTopics.addAll(list(value));
                case "kafka-group-id" -> c.kafkaGroupId = value;
                case "kafka-starting-offsets" -> {
                    c.kafkaStartingOffsets = value.toLowerCase(Locale.ROOT);
                    if (!List.of("committed", "earliest", "latest").contains(c.kafkaStartingOffsets)) {
                        throw new IllegalArgumentException("--kafka-starting-offsets must be committed, earliest or"
                                + " latest, got " + value);
                    }
                }
                case "kafka-results-topic" -> c.kafkaResultsTopic = value;
                case "kafka-queue-topic" -> c.kafkaQueueTopic = value;
                case "kafka-delivery" -> c.kafkaExactlyOnce = switch (value.toLowerCase(Locale.ROOT)) {
                    case "at-least-once" -> false;
                    case "exactly-once" -> true;
                    default -> throw new IllegalArgumentException(
                            "--kafka-delivery must be at-least-once or exactly-once, got " + value);
                };
                case "kafka-transactional-id-prefix" -> c.kafkaTransactionalIdPrefix = value;
                case "kafka-property" -> {
                    String[] kv = value.split("=", 2);
                    if (kv.length != 2 || kv[0].isBlank()) {
                        throw new IllegalArgumentException("--kafka-property: expected KEY=VALUE, got " + value);
                    }
                    c.kafkaProperties.put(kv[0].strip(), kv[1]);
                }
                default -> throw new IllegalArgumentException("unknown option --" + key);
            }
        }
        if (c.help) {
            return c;
        }
        if (c.inputs.isEmpty() == c.kafkaInputTopics.isEmpty()) {
            throw new IllegalArgumentException("give either --input or --kafka-input-topic");
        }
        if ((c.kafkaResultsTopic == null) != (c.kafkaQueueTopic == null)) {
            throw new IllegalArgumentException("give both --kafka-results-topic and --kafka-queue-topic, or neither");
        }
        if (c.output == null && c.kafkaResultsTopic == null) {
            throw new IllegalArgumentException("--output (or --kafka-results-topic and --kafka-queue-topic) is required");
        }
        if ((c.kafkaInput() || c.kafkaResultsTopic != null) && c.kafkaBootstrap == null) {
            throw new IllegalArgumentException("Kafka topics need --kafka-bootstrap");
        }
        if (c.kafkaInput() && c.mode == Mode.BATCH && !c.kafkaBounded) {
            throw new IllegalArgumentException("batch mode reads a bounded input: add --kafka-bounded, or use"
                    + " --mode streaming");
        }
        if (!thresholds.isEmpty()) {
            try { // each was checked alone; together, a later key wins and review must not be above block
                c.screener = ScreenerSpec.thresholds(c.screener, String.join(",", thresholds));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--threshold: " + e.getMessage());
            }
        }
        c.screener = ScreenerSpec.option("--only",
                () -> ScreenerSpec.set(c.screener, "only", String.join(",", only)));
        c.screener = ScreenerSpec.set(c.screener, "disable", String.join(",", disable));
        if (!c.screener.defaultRules() && c.rules.isEmpty()) {
            throw new IllegalArgumentException("--no-default needs at least one --rules DIR|FILE");
        }
        if (c.checkpointInterval.isZero() || c.checkpointInterval.isNegative()) {
            throw new IllegalArgumentException("--checkpoint-interval must be positive");
        }
        if (c.monitorInterval.isNegative()) {
            throw new IllegalArgumentException("--monitor-interval must not be negative");
        }
        if (c.parallelism == 0 || c.parallelism < -1) {
            throw new IllegalArgumentException("--parallelism must be positive");
        }
        return c;
    }

    /** Whether records come from Kafka rather than files. */
    public boolean kafkaInput() {
        return !kafkaInputTopics.isEmpty();
    }

    /**
     * {@code review=N,block=M} as in the CLI (either key may be left out), checked on its own by the core's parser:
     * the thresholds are applied together after the last option.
     */
    private static String threshold(String value) {
        try {
            ScreenerSpec.thresholds(ScreenerSettings.defaults().withThresholds(1, 100), value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--threshold: " + e.getMessage());
        }
        return value;
    }

    private static List<String> list(String value) {
        return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static Duration duration(String key, String value) {
        try {
            return TimeUtils.parseDuration(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + key + ": not a duration: " + value + " (e.g. 10s, 500ms, 1min)");
        }
    }

    /** {@code 16m}, {@code 512k}, {@code 100000}: a positive byte count below 2 GiB. */
    private static int bytes(String key, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        long unit = v.endsWith("k") ? 1 << 10 : v.endsWith("m") ? 1 << 20 : v.endsWith("g") ? 1 << 30 : 1;
        try {
            long n = Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
            if (n >= 1 && n < Integer.MAX_VALUE) {
                return (int) n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--" + key + ": expected a byte count such as 16m, 512k or 100000, got "
                + value);
    }

    private static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + ": not a number: " + value);
        }
    }

    /**
     * A path without a scheme made absolute against the client's working directory (file sources are enumerated on
     * the JobManager and read on the TaskManagers, whose working directories differ); URIs stay as they are.
     */
    static String qualify(String path) {
        URI uri;
        try {
            uri = new URI(path);
        } catch (Exception e) {
            uri = null;
        }
        if (uri != null && uri.getScheme() != null && uri.getScheme().length() > 1) {
            return path;
        }
        return new File(path).getAbsoluteFile().toPath().normalize().toString();
    }
}
