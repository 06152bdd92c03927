package io.bianwei.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import io.bianwei.internal.model.LinearVerdict;
import io.bianwei.json.Jsonl;
import io.bianwei.quality.Curves;
import io.bianwei.quality.Label;
import io.bianwei.quality.LabelledJsonl;
import io.bianwei.quality.Sample;
import io.bianwei.quality.VerdictTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Retrains the learned verdict on the moderators' decisions, on one background thread of low priority (screening
 * never waits for it): screens the decisions that are not held back (and the {@code --training} texts) with the
 * serving pack, trains exactly as {@code bianwei learn} does ({@link VerdictTrainer.Options#defaults}: the same texts
 * give the same model bytes, so {@code decisions export --held-back exclude} fed to {@code learn} reproduces it),
 * writes the model into its own pack folder {@code DATA/models/VERSION/}, measures the serving model and the new one
 * on the held-back decisions, and records which decisions trained it.
 *
 * <p>The new model is served ({@link #accept}: copied into {@code DATA/pack/models/verdict.model} by an atomic rename,
 * then the pack is reloaded with the library's atomic swap) when an admin accepts it, or at once when asked to swap
 * automatically and it is not worse on the held-back decisions: recall no lower and no more ok texts flagged, with
 * at least one flag and one ok decision held back.
 */
final class Retrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Retrainer.class);
    /** Most not-trained-on decisions the Model page measures the serving model on (the latest). */
    static final int MEASURE_MAX = 5_000;

    private final ScreeningServer server;
    private final ModerationStore store;
    private final ConsoleConfig config;
    private final Clock clock;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bianwei-retrain");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private volatile Status status = Status.idle();
    private volatile Measured unseenCache;

    Retrainer(ScreeningServer server, ModerationStore store, ConsoleConfig config, Clock clock) {
        this.server = server;
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Where retraining is.
     *
     * @param state   idle, running, done, failed
     * @param stage   what it does now (screening, training, measuring) or did last
     * @param done    texts screened so far
     * @param total   texts to screen
     * @param message what happened, in words
     * @param result  the outcome of the last run (version, figures, swapped), or null
     */
    record Status(String state, String stage, int done, int total, String startedAt, String finishedAt,
                  String message, ObjectNode result) {
        static Status idle() {
            return new Status("idle", null, 0, 0, null, null, "no retraining since the server started", null);
        }

        ObjectNode toJson() {
            ObjectNode o = Jsonl.mapper().createObjectNode();
            o.put("state", state).put("stage", stage).put("done", done).put("total", total)
                    .put("startedAt", startedAt).put("finishedAt", finishedAt).put("message", message);
            if (result != null) {
                o.set("result", result);
            }
            return o;
        }
    }

    Status status() {
        return status;
    }

    /**
     * Starts a retraining in the background.
     *
     * @param auto swap to the new model at once when it is not worse on the held-back decisions
     * @throws ApiException 409 while one runs
     */
    synchronized Status start(boolean auto, String by) {
        if (status.state().equals("running")) {
            throw new ApiException(409, "busy", "a retraining is running (" + status.stage() + ", " + status.done()
                    + " of " + status.total() + "); wait for it");
        }
        status = new Status("running", "starting", 0, 0, clock.instant().toString(), null, "started by " + by, null);
        thread.execute(() -> {
            try {
                run(auto, by);
            } catch (RuntimeException | IOException | Error e) {
                LOG.error("retraining failed", e);
                Status s = status;
                status = new Status("failed", s.stage(), s.done(), s.total(), s.startedAt(), clock.instant().toString(),
                        "retraining failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()), null);
            }
        });
        return status;
    }

    private void progress(String stage, int done, int total, String message) {
        Status s = status;
        status = new Status("running", stage, done, total, s.startedAt(), null, message, null);
    }

    /** The serving screener, or a failure in words. */
    private Screener serving() {
        Screener s = server.current();
        if (s == null) {
            throw new IllegalStateException("the server is not serving (starting or stopping)");
        }
        return s;
    }

    private void run(boolean auto, String by) throws IOException {
        long t0 = System.nanoTime();
        Screener screener = serving();
        List<ModerationStore.Decision> decisions = store.current();
        List<ModerationStore.Decision> train = decisions.stream().filter(d -> !d.heldBack()).toList();
        List<ModerationStore.Decision> held = decisions.stream().filter(ModerationStore.Decision::heldBack).toList();
        Set<String> decided = new HashSet<>();
        List<Sample> samples = new ArrayList<>();
        for (ModerationStore.Decision d : train) {
            decided.add(d.docId());
            samples.add(new Sample(d.docId(), d.text(), Label.parse(d.label()), d.category()));
        }
        int fromFiles = 0;
        for (Path f : config.training()) {
            LabelledJsonl.Read read = LabelledJsonl.read(f, LabelledJsonl.Fields.defaults());
            for (Sample s : read.samples()) {
                if (decided.add(s.id())) { // a decision replaces a training text of the same id
                    samples.add(s);
                    fromFiles++;
                }
            }
        }
        List<VerdictTrainer.Example> examples = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            if (i % 50 == 0) {
                progress("screening", i, samples.size(), "screening the training texts");
            }
            examples.add(VerdictTrainer.screen(screener, samples.get(i)));
        }
        long screenMillis = (System.nanoTime() - t0) / 1_000_000;
        progress("training", samples.size(), samples.size(), "training on " + samples.size() + " texts");
        String provenance = provenance(train.size());
        VerdictTrainer.Result result;
        try {
            result = VerdictTrainer.train(examples, VerdictTrainer.Options.defaults(provenance, trainedDate(clock))
                    .withThreads(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot train on " + train.size() + " decisions" + (fromFiles > 0
                    ? " and " + fromFiles + " training texts" : "") + ": " + e.getMessage()
                    + " (decisions held back to measure on: " + held.size() + ")", e);
        }
        long trainMillis = result.report().trainMillis();
        LinearVerdict model = result.model();
        String version = model.version();
        Path folder = config.dataDir().resolve("models").resolve(version);
        Path file = folder.resolve("models").resolve("verdict.model");
        Files.createDirectories(file.getParent());
        model.write(file);

        progress("measuring", samples.size(), samples.size(), "measuring the serving and the new model on "
                + held.size() + " held-back decisions");
        Measured before = measure(screener, held);
        Screener candidate = Screener.builder().settings(server.servingSettings().withRules(List.of(folder))).build();
        Measured after = measure(candidate, held);
        Files.writeString(folder.resolve("before.svg"), plot(before, "serving model " + screener.modelVersion()),
                StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("after.svg"), plot(after, "new model " + version), StandardCharsets.UTF_8);
        boolean notWorse = notWorse(before, after);

        ObjectNode figures = Jsonl.mapper().createObjectNode();
        figures.put("version", version);
        figures.put("previous", screener.modelVersion());
        figures.put("decisions", train.size());
        figures.put("trainingTexts", fromFiles);
        figures.put("heldBack", held.size());
        figures.set("before", before.toJson());
        figures.set("after", after.toJson());
        figures.put("notWorse", notWorse);
        figures.put("screenMillis", screenMillis);
        figures.put("trainMillis", trainMillis);
        ObjectNode thresholds = figures.putObject("thresholds");
        thresholds.put("review", model.thresholds().review()).put("block", model.thresholds().block());
        Set<Long> trainedOn = new LinkedHashSet<>();
        train.forEach(d -> trainedOn.add(d.seq()));
        store.addModel(version, config.dataDir().relativize(file).toString(), samples.size(), trainedOn,
                Jsonl.write(figures));

        boolean swapped = false;
        String message;
        if (auto && notWorse) {
            accept(version, "auto (not worse on held-back decisions), started by " + by);
            swapped = true;
            message = "trained " + version + " and swapped to it: not worse on the held-back decisions";
        } else {
            message = "trained " + version + (auto ? ": worse on the held-back decisions, or too few of them; "
                    : ": ") + "waiting for an admin to accept or reject it";
        }
        figures.put("swapped", swapped);
        figures.put("totalMillis", (System.nanoTime() - t0) / 1_000_000);
        LOG.info("retraining: {} ({} decisions, {} training texts, screening {} ms, training {} ms)", message,
                train.size(), fromFiles, screenMillis, trainMillis);
        Status s = status;
        status = new Status("done", "done", samples.size(), samples.size(), s.startedAt(), clock.instant().toString(),
                message, figures);
    }

    private String provenance(int decisions) {
        StringBuilder sb = new StringBuilder("bianwei console: " + decisions + " decisions");
        for (Path f : config.training()) {
            sb.append(", ").append(f.getFileName());
        }
        return sb.toString();
    }

    /** Today (UTC), or the day of SOURCE_DATE_EPOCH when set: the model's date, as {@code bianwei learn} writes it. */
    static String trainedDate(Clock clock) {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("\\d+")) {
            return LocalDate.ofInstant(Instant.ofEpochSecond(Long.parseLong(epoch)), ZoneOffset.UTC).toString();
        }
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
    }

    static boolean notWorse(Measured before, Measured after) {
        return after.flag() > 0 && after.ok() > 0 && after.recall() >= before.recall() - 1e-12
                && after.okFlagged() <= before.okFlagged() + 1e-12;
    }

    /**
     * Serves a model trained here: copies it into the data pack (a temporary file renamed over the old one, so the
     * file is always whole), reloads the pack (built and example-checked, then swapped atomically), and records it.
     *
     * @throws ApiException 404 for an unknown version, 409 when the reload did not take it
     */
    synchronized ObjectNode accept(String version, String by) throws IOException {
        ModerationStore.ModelRecord m = store.models().stream().filter(r -> r.version().equals(version)).findFirst()
                .orElseThrow(() -> new ApiException(404, "not_found", "no model " + version + " was trained here"));
        Path source = config.dataDir().resolve(m.file());
        Path target = config.servedModel();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("verdict.model.tmp");
        Path previous = Files.exists(target) ? Files.createTempFile(target.getParent(), "previous", ".model") : null;
        if (previous != null) {
            Files.copy(target, previous, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            io.bianwei.ReloadingScreener.ReloadEvent e = server.reloadPack();
            Screener now = server.current();
            if (!e.swapped() || now == null || !version.equals(now.modelVersion())) {
                if (previous != null) {
                    Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    previous = null;
                } else {
                    Files.deleteIfExists(target);
                }
                server.reloadPack();
                throw new ApiException(409, "not_swapped", "the pack with model " + version + " was not taken: "
                        + String.join("; ", e.problems()));
            }
            store.modelStatus(version, "active", by);
            unseenCache = null;
            ObjectNode o = Jsonl.mapper().createObjectNode();
            o.put("version", version).put("rulesetVersion", now.rulesetVersion()).put("status", "active");
            return o;
        } finally {
            if (previous != null) {
                Files.deleteIfExists(previous);
            }
        }
    }

    void reject(String version, String by) {
        ModerationStore.ModelRecord m = store.models().stream().filter(r -> r.version().equals(version)).findFirst()
                .orElseThrow(() -> new ApiException(404, "not_found", "no model " + version + " was trained here"));
        if (m.status().equals("active")) {
            throw new ApiException(409, "active", "model " + version + " is being served: accept another one instead");
        }
        store.modelStatus(version, "rejected", by);
    }

    /** A model's figures on labelled decisions: flag texts caught (REVIEW or BLOCK) and ok texts flagged. */
    record Measured(int flag, int caught, int ok, int okFlaggedCount, Curves.Report curves) {
        double recall() {
            return flag == 0 ? Double.NaN : (double) caught / flag;
        }

        double okFlagged() {
            return ok == 0 ? Double.NaN : (double) okFlaggedCount / ok;
        }

        ObjectNode toJson() {
            ObjectNode o = Jsonl.mapper().createObjectNode();
            o.put("decisions", flag + ok).put("flag", flag).put("caught", caught).put("ok", ok)
                    .put("okFlaggedCount", okFlaggedCount);
            put(o, "recall", recall());
            put(o, "okFlagged", okFlagged());
            return o;
        }

        private static void put(ObjectNode o, String k, double v) {
            if (Double.isNaN(v)) {
                o.putNull(k);
            } else {
                o.put(k, Math.round(v * 10_000) / 10_000.0);
            }
        }
    }

    static Measured measure(Screener screener, List<ModerationStore.Decision> decisions) {
        int flag = 0;
        int caught = 0;
        int ok = 0;
        int okFlagged = 0;
        Curves.Accumulator acc = new Curves.Accumulator();
        for (ModerationStore.Decision d : decisions) {
            ScreeningResult r = screener.screen(d.docId(), d.text());
            boolean flagged = r.verdict() != Verdict.PASS;
            if (d.flag()) {
                flag++;
                caught += flagged ? 1 : 0;
            } else {
                ok++;
                okFlagged += flagged ? 1 : 0;
            }
            acc.add(new Sample(d.docId(), d.text(), Label.parse(d.label()), d.category()), r);
        }
        return new Measured(flag, caught, ok, okFlagged, acc.report());
    }

    static String plot(Measured m, String title) {
        return Curves.svg(m.curves(), String.format(Locale.ROOT, "%s: %d decisions, recall %s, ok flagged %s", title,
                m.flag() + m.ok(), pct(m.recall()), pct(m.okFlagged())));
    }

    static String pct(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * d);
    }

    /**
     * The serving model on the decisions it was not trained on (all of them for a model not trained here, such as
     * the default one; the latest {@link #MEASURE_MAX}), cached until the pack or the decisions change.
     */
    Measured unseen(Screener screener) {
        List<ModerationStore.Decision> all = store.current();
        long last = all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
        String key = screener.rulesetVersion() + "/" + all.size() + "/" + last;
        Measured c = unseenCache;
        if (c != null && key.equals(cacheKey)) {
            return c;
        }
        String model = screener.modelVersion();
        Set<Long> trained = model == null ? Set.of() : store.trainedOn(model);
        List<ModerationStore.Decision> unseen = all.stream().filter(d -> !trained.contains(d.seq())).toList();
        if (unseen.size() > MEASURE_MAX) {
            unseen = unseen.subList(unseen.size() - MEASURE_MAX, unseen.size());
        }
        Measured m = measure(screener, unseen);
        unseenCache = m;
        cacheKey = key;
        return m;
    }

    private volatile String cacheKey;

    /** Models trained here, newest first, with their figures. */
    List<Map<String, Object>> models() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ModerationStore.ModelRecord m : store.models()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("version", m.version());
            o.put("status", m.status());
            o.put("trainedAt", m.trainedAt());
            o.put("texts", m.texts());
            o.put("decidedBy", m.decidedBy());
            o.put("decidedAt", m.decidedAt());
            try {
                o.put("figures", m.figures() == null ? null : Jsonl.mapper().readTree(m.figures()));
            } catch (IOException e) {
                o.put("figures", null);
            }
            out.add(o);
        }
        return out;
    }

    /** A plot written for a model trained here ({@code before} or {@code after}), or null. */
    byte[] plot(String version, String which) throws IOException {
        if (!version.matches("[A-Za-z0-9_-]{1,64}") || !(which.equals("before") || which.equals("after"))) {
            return null;
        }
        Path p = config.dataDir().resolve("models").resolve(version).resolve(which + ".svg");
        return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
