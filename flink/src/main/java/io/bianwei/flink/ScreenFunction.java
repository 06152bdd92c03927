package io.bianwei.flink;

import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import io.bianwei.json.InputRecord;
import io.bianwei.json.Jsonl;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Screens one record (as the shared reader cut it) into one output line of the CLI's contract ({@link Jsonl}), plus
 * {@value #INPUT_FILE} and {@value #INPUT_LINE}; REVIEW, BLOCK and ERROR lines also go to the
 * {@link #MODERATION_QUEUE} side output. A record that cannot be read or screened becomes an {@code ERROR} line,
 * never an exception that would fail (and endlessly restart) the job.
 *
 * <p>The function holds only serialisable configuration: names of rule folders in Flink's distributed cache,
 * the core's {@link ScreenerSettings} (thresholds, categories...; its rule list is left empty), field names. The
 * {@link Screener} (not serialisable; 1–3 s to build) is built once per parallel subtask
 * in {@link #open(OpenContext)}.
 *
 * <p>Metrics, in the operator's group {@code bianwei}: counters {@code PASS}, {@code REVIEW}, {@code BLOCK},
 * {@code ERROR}. The same counts are accumulators {@code bianwei-PASS} … (read from the job result in batch mode).
 */
public final class ScreenFunction extends ProcessFunction<SourceLine, String> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ScreenFunction.class);

    /** Output key: the input file (or {@code topic-partition}) of the record. */
    public static final String INPUT_FILE = "inputFile";
    /** Output key: the record's line in that file (or its Kafka offset). */
    public static final String INPUT_LINE = "inputLine";

    /** REVIEW, BLOCK and ERROR lines, the moderators' queue. */
    public static final OutputTag<String> MODERATION_QUEUE = new OutputTag<>("moderation-queue", Types.STRING);

    /** Metric group of the verdict counters. */
    public static final String METRIC_GROUP = "bianwei";
    /** Name of the ERROR counter (the others are named after {@link Verdict}). */
    public static final String ERROR = "ERROR";
    /** Prefix of the accumulators, e.g. {@code bianwei-BLOCK}. */
    public static final String ACCUMULATOR_PREFIX = "bianwei-";

    private final ArrayList<String> ruleCacheNames;
    private final ScreenerSettings settings;
    private final String idField;
    private final String textField;

    private transient Screener screener;
    private transient Map<Verdict, Counter> counters;
    private transient Counter errors;
    private transient Map<Verdict, LongCounter> accumulators;
    private transient LongCounter errorAccumulator;

    /**
     * @param ruleCacheNames names under which extra rule folders were registered with
     *                       {@code env.registerCachedFile}; empty for none
     * @param settings       the other screener options (default pack, thresholds, categories, disabled rules); the
     *                       folders of {@code ruleCacheNames} are added to its rules
     * @param idField        JSON field holding the id
     * @param textField      JSON field holding the text
     */
    public ScreenFunction(List<String> ruleCacheNames, ScreenerSettings settings, String idField, String textField) {
        this.ruleCacheNames = new ArrayList<>(ruleCacheNames);
        this.settings = settings;
        this.idField = idField;
        this.textField = textField;
    }

    /** Drools' switch for compiling the rules of a package in parallel (more than that many rules; -1: never). */
    static final String DROOLS_PARALLEL_BUILD = "drools.parallelRulesBuildThreshold";

    @Override
    public void open(OpenContext openContext) {
        // Drools compiles a package of more than 10 rules on a static ForkJoinPool whose worker threads keep the
        // context class loader of the thread that started them: in a TaskManager, the user-code class loader of
        // whichever job (or attempt) came first, which Flink releases when that job ends. A later build on those
        // threads then fails with "Unable to Analyse Expression ... class not found: java.lang.Object$start".
        // Compile on the task thread instead, unless the TaskManager's JVM options say otherwise.
        if (System.getProperty(DROOLS_PARALLEL_BUILD) == null) {
            System.setProperty(DROOLS_PARALLEL_BUILD, "-1");
        }
        List<java.nio.file.Path> folders = new ArrayList<>();
        for (String name : ruleCacheNames) {
            File f = getRuntimeContext().getDistributedCache().getFile(name);
            folders.add(f.toPath());
        }
        long t0 = System.nanoTime();
        screener = Screener.build(settings.withRules(folders)); // 1-3 s: compiles the pack
        LOG.info("subtask {}: screener built in {} ms, ruleset {}",
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), (System.nanoTime() - t0) / 1_000_000,
                screener.rulesetVersion());

        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(METRIC_GROUP);
        counters = new EnumMap<>(Verdict.class);
        accumulators = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counters.put(v, group.counter(v.name()));
            accumulators.put(v, getRuntimeContext().getLongCounter(ACCUMULATOR_PREFIX + v.name()));
        }
        errors = group.counter(ERROR);
        errorAccumulator = getRuntimeContext().getLongCounter(ACCUMULATOR_PREFIX + ERROR);
    }

    @Override
    public void processElement(SourceLine line, Context ctx, Collector<String> out) {
        String where = line.where();
        InputRecord rec = line.toRaw().toRecord(idField, textField);
        if (rec.isError()) {
            error(line, ctx, out, Jsonl.errorJson(rec.id(), rec.error(), screener.rulesetVersion(), rec.extra()));
            return;
        }
        ScreeningResult r;
        try {
            r = screener.screen(rec.id(), rec.text());
        } catch (RuntimeException e) {
            LOG.warn("{}: screening record {} failed", where, rec.id(), e);
            error(line, ctx, out, Jsonl.errorJson(rec.id(), where + ": screening failed: " + e,
                    screener.rulesetVersion(), rec.extra()));
            return;
        }
        String json = Jsonl.write(position(Jsonl.toJson(r, rec.extra()), line));
        counters.get(r.verdict()).inc();
        accumulators.get(r.verdict()).add(1L);
        out.collect(json);
        if (r.verdict() != Verdict.PASS) {
            ctx.output(MODERATION_QUEUE, json);
        }
    }

    /**
     * Where the record came from, so that the unordered part files can be put back in input order:
     * {@value #INPUT_FILE} (the file, or {@code topic-partition}) and {@value #INPUT_LINE} (the line, or the offset).
     */
    private static ObjectNode position(ObjectNode o, SourceLine line) {
        o.put(INPUT_FILE, line.file);
        o.put(INPUT_LINE, line.line);
        return o;
    }

    /** An ERROR line goes to the results and to the queue: a record nobody could screen needs a person. */
    private void error(SourceLine line, Context ctx, Collector<String> out, ObjectNode o) {
        errors.inc();
        errorAccumulator.add(1L);
        String json = Jsonl.write(position(o, line));
        out.collect(json);
        ctx.output(MODERATION_QUEUE, json);
    }
}
