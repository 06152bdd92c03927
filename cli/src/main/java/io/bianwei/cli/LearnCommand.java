package io.bianwei.cli;

import io.bianwei.Screener;
import io.bianwei.internal.model.LinearVerdict;
import io.bianwei.json.InputRecord;
import io.bianwei.quality.DevSplit;
import io.bianwei.quality.Sample;
import io.bianwei.quality.VerdictTrainer;
import io.bianwei.quality.VerdictTrainingSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code bianwei learn --labels FILE.jsonl --out DIR}: screens labelled texts, trains the learned verdict
 * ({@link VerdictTrainer}) and writes {@code DIR/models/verdict.model}, keeping the training set beside it
 * ({@code DIR/models/verdict.train.jsonl}) for {@code --add} and {@code --forget}.
 */
@Command(name = "learn", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:model written", "2:usage error, a --rules pack that does not compile, or a kept training "
                + "set that does not read", "3:some records could not be read, had no valid label or a flag text no "
                + "category (left out)", "4:internal error, or stdout could not be written"},
        description = {"Train the learned verdict: per category, a logistic regression over the rules that fired and "
                + "the text's character n-grams, from labelled JSONL (each line {\"id\", \"text\", \"label\": "
                + "\"flag\"|\"ok\", \"category\"}; a flag text needs its category).",
                "Writes DIR/models/verdict.model (load the folder with --rules DIR) and keeps the screened training "
                        + "texts in DIR/models/verdict.train.jsonl: it holds your texts (normalised), so keep it "
                        + "where they may be kept and do not ship it.",
                "The texts are screened with the rules given (--rules, --no-default, ...): train with the pack you "
                        + "screen with.",
                "--add learns the --labels texts into the kept set (a text of the same id is replaced); --forget "
                        + "ID... removes texts from it; either trains again on the whole set."})
final class LearnCommand implements Callable<Integer> {
    static final String MODEL = "models/verdict.model";
    static final String TRAIN = "models/verdict.train.jsonl";

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    LabelledInput input;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Rule-pack folder to write the model into (" + MODEL + ", " + TRAIN + ").")
    Path out;

    @Option(names = "--review-rate", paramLabel = "RATE", description = "Share of ok texts that may reach REVIEW on "
            + "the cross-validation folds: 2% or 0.02 (default ${DEFAULT-VALUE}).")
    String reviewRate = "2%";

    @Option(names = "--block-rate", paramLabel = "RATE", description = "Share of ok texts that may be blocked "
            + "(default ${DEFAULT-VALUE}; at most the review rate).")
    String blockRate = "0.5%";

    @Option(names = "--folds", paramLabel = "K", description = "Cross-validation folds (default ${DEFAULT-VALUE}).")
    int folds = 5;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the fold shuffle (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--provenance", paramLabel = "TEXT",
            description = "Where the training texts come from (and their licence), written into the model "
                    + "(default: the previous model's, or 'trained from FILE').")
    String provenance;

    @Option(names = "--add", description = "Learn the --labels texts into the kept training set instead of "
            + "starting a new one.")
    boolean add;

    @Option(names = "--forget", arity = "1..*", paramLabel = "ID", description = "Remove these texts (by id) from the "
            + "kept training set.")
    List<String> forget = new ArrayList<>();

    @Option(names = "--half", paramLabel = "HALF",
            description = "Learn from one half of the --labels set only (as eval --half): authoring or check.")
    String half;

    @Option(names = "--threads", paramLabel = "N", description = "Screening and training threads (default: "
            + "processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Mixin
    ScreenerOptions screenerOptions;

    @Override
    public Integer call() throws IOException {
        if (input.labels == null && forget.isEmpty()) {
            throw CliException.usage("give --labels FILE.jsonl (or --forget ID... to remove texts)");
        }
        if (input.labels != null) {
            input.check();
        }
        if (folds < 2) {
            throw CliException.usage("--folds must be at least 2");
        }
        double review = rate("--review-rate", reviewRate);
        double block = rate("--block-rate", blockRate);
        if (block > review) {
            throw CliException.usage("--block-rate must not be above --review-rate");
        }
        DevSplit.Half only;
        try {
            only = half == null ? null : DevSplit.Half.parse(half);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--half: " + e.getMessage());
        }
        int threads = BatchRunner.threads(this.threads, spec.commandLine().getErr());
        Path modelFile = out.resolve(MODEL);
        Path trainFile = out.resolve(TRAIN);
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        // the kept training set
        Map<String, VerdictTrainer.Example> set = new TreeMap<>();
        Map<String, String> rulesets = new TreeMap<>();
        LinearVerdict previous = null;
        boolean update = add || !forget.isEmpty();
        if (update) {
            if (!Files.isRegularFile(trainFile)) {
                throw CliException.usage("no kept training set to update: " + trainFile + " (train without --add "
                        + "first)");
            }
            try {
                for (VerdictTrainer.Example e : VerdictTrainingSet.read(trainFile).examples()) {
                    set.put(e.id(), e);
                }
                rulesets.putAll(keptRulesets(trainFile));
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            }
            if (Files.isRegularFile(modelFile)) {
                try {
                    previous = LinearVerdict.read(modelFile);
                } catch (RuntimeException e) {
                    previous = null; // a broken model is replaced; its provenance is lost
                }
            }
        }

        // screen the new texts
        int[] unreadable = {0};
        int added = 0;
        int replaced = 0;
        long screenMillis = 0;
        String ruleset = null;
        if (input.labels != null) {
            Screener screener = ScreenerOptions.build(main.env, screenerOptions.settings());
            ruleset = screener.rulesetVersion();
            long t0 = System.nanoTime();
            List<VerdictTrainer.Example> fresh = new ArrayList<>();
            input.run(main.env, err, threads, (InputRecord r) -> screen(screener, r), s -> {
                if (only != null && DevSplit.half(s.id()) != only) {
                    return true;
                }
                if (s.error() != null) {
                    unreadable[0]++;
                    if (unreadable[0] <= 10) {
                        err.println("bianwei learn: left out " + s.id() + ": " + s.error());
                    }
                } else {
                    fresh.add(s.example());
                }
                return true;
            });
            screenMillis = (System.nanoTime() - t0) / 1_000_000;
            if (!update) {
                set.clear();
            }
            for (VerdictTrainer.Example e : fresh) {
                if (set.put(e.id(), e) != null) {
                    replaced++;
                } else {
                    added++;
                }
                rulesets.put(e.id(), ruleset);
            }
        }
        int forgotten = 0;
        List<String> unknown = new ArrayList<>();
        for (String id : new TreeSet<>(forget)) {
            if (set.remove(id) != null) {
                rulesets.remove(id);
                forgotten++;
            } else {
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            err.println("bianwei learn: --forget: not in the training set: " + String.join(", ", unknown));
        }

        String prov = provenance != null ? provenance : previous != null ? previous.provenance().text()
                : input.labels != null ? "trained from " + input.fileName() : "";
        VerdictTrainer.Options options = VerdictTrainer.Options.defaults(prov, trainedDate())
                .withRates(review, block).withFolds(folds, seed).withThreads(threads);
        VerdictTrainer.Result result;
        try {
            result = VerdictTrainer.train(new ArrayList<>(set.values()), options);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("cannot train: " + e.getMessage());
        }
        LinearVerdict model = result.model();
        model.write(modelFile);
        VerdictTrainingSet.write(trainFile, set.values(), rulesets);

        print(o, result, modelFile, trainFile, added, replaced, forgotten, screenMillis, rulesets, ruleset);
        o.flush();
        return unreadable[0] > 0 ? ExitCodes.UNREADABLE : ExitCodes.OK;
    }

    /** A record screened for training, or why it cannot be learned. */
    private record Screened(String id, VerdictTrainer.Example example, String error) {
    }

    private Screened screen(Screener screener, InputRecord r) {
        if (r.isError()) {
            return new Screened(r.id(), null, r.error());
        }
        try {
            Sample s = input.sample(r);
            return new Screened(s.id(), VerdictTrainer.screen(screener, s), null);
        } catch (IllegalArgumentException e) {
            return new Screened(r.id(), null, e.getMessage());
        } catch (RuntimeException e) {
            return new Screened(r.id(), null, "screening failed: " + e);
        }
    }

    private static Map<String, String> keptRulesets(Path trainFile) throws IOException {
        Map<String, String> out = new TreeMap<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : Files.readAllLines(trainFile, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                var n = json.readTree(line);
                if (n.hasNonNull("ruleset")) {
                    out.put(n.get("id").asText(), n.get("ruleset").asText());
                }
            }
        }
        return out;
    }

    /** Today (UTC), or the day of SOURCE_DATE_EPOCH when set (reproducible builds): the model's 'trained' date. */
    static String trainedDate() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("\\d+")) {
            return LocalDate.ofInstant(Instant.ofEpochSecond(Long.parseLong(epoch)), ZoneOffset.UTC).toString();
        }
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    /** "2%", "0.5 %" or "0.02" as a share in (0, 1). */
    static double rate(String option, String s) {
        String t = s.strip();
        double d;
        try {
            d = t.endsWith("%") ? Double.parseDouble(t.substring(0, t.length() - 1).strip()) / 100
                    : Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw CliException.usage(option + ": expected a share such as 2% or 0.02, got '" + s + "'");
        }
        if (!(d > 0 && d < 1)) {
            throw CliException.usage(option + ": must be above 0% and below 100%, got '" + s + "'");
        }
        return d;
    }

    private static void print(PrintWriter o, VerdictTrainer.Result result, Path modelFile, Path trainFile, int added,
                              int replaced, int forgotten, long screenMillis, Map<String, String> rulesets,
                              String ruleset) throws IOException {
        VerdictTrainer.Report r = result.report();
        LinearVerdict m = result.model();
        LinearVerdict.Thresholds t = m.thresholds();
        o.println("Trained " + modelFile + ": " + r.texts() + " texts (" + r.flag() + " flag, " + r.ok() + " ok); "
                + Files.size(modelFile) + " bytes, version " + m.version());
        o.println("Training set: " + trainFile + " (" + added + " added, " + replaced + " replaced, " + forgotten
                + " forgotten)");
        o.println("Provenance: " + m.provenance().text() + " (" + m.provenance().trained() + ")");
        Map<String, Integer> byRuleset = new LinkedHashMap<>();
        rulesets.values().forEach(v -> byRuleset.merge(v, 1, Integer::sum));
        int unknown = r.texts() - rulesets.size();
        if (byRuleset.size() > 1 || (ruleset != null && unknown > 0)) {
            o.println("Note: the training texts were screened by " + (byRuleset.size() + (unknown > 0 ? 1 : 0))
                    + " ruleset versions " + byRuleset + (unknown > 0 ? " and " + unknown + " unknown" : "")
                    + ": their rule features are as each ruleset fired; train again without --add to screen all "
                    + "texts with one pack.");
        }
        o.println(String.format(Locale.ROOT, "Time: screening %.1f s, training %.1f s (cross-validation and the "
                + "final fit)", screenMillis / 1000.0, r.trainMillis() / 1000.0));
        o.println();
        o.println("Thresholds on the document probability (the highest category probability), cut on the "
                + r.folds() + "-fold cross-validated probabilities of the ok texts:");
        o.println(String.format(Locale.ROOT, "  REVIEW >= %.4f  (for %s of ok texts; met on the folds: %s)",
                t.review(), pct(t.reviewRate()), pct(t.reviewRateMet())));
        o.println(String.format(Locale.ROOT, "  BLOCK  >= %.4f  (for %s of ok texts; met on the folds: %s)",
                t.block(), pct(t.blockRate()), pct(t.blockRateMet())));
        o.println();
        o.println("Cross-validated recall per category (flag texts of the category caught, at a share of ok texts "
                + "flagged):");
        StringBuilder head = new StringBuilder("  category          texts       C");
        for (double rate : VerdictTrainer.RATES) {
            head.append(String.format(Locale.ROOT, "  %7s", "@" + pct(rate)));
        }
        head.append("   REVIEW    BLOCK");
        o.println(head);
        for (VerdictTrainer.CategoryReport c : r.categories()) {
            StringBuilder row = new StringBuilder("  " + Width.padRight(Highlighter.flat(c.category()), 16)
                    + String.format(Locale.ROOT, "  %5d  %6s", c.positives(), num(c.c())));
            for (VerdictTrainer.AtRate a : c.atRates()) {
                row.append(String.format(Locale.ROOT, "  %7s", pct(a.recall())));
            }
            row.append(String.format(Locale.ROOT, "  %7s  %7s", pct(c.atReview().recall()),
                    pct(c.atBlock().recall())));
            o.println(row);
        }
        o.println("  (C chosen per category by mean cross-validated recall at " + rates() + " of ok texts flagged)");
        o.println();
        o.println("Use it: bianwei screen --rules " + modelFile.getParent().getParent() + " ...");
    }

    private static String rates() {
        List<String> out = new ArrayList<>();
        for (double r : VerdictTrainer.RATES) {
            out.add(pct(r));
        }
        return String.join("/", out);
    }

    static String num(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    static String pct(double d) {
        if (Double.isNaN(d)) {
            return "n/a";
        }
        String s = String.format(Locale.ROOT, "%.1f%%", d * 100);
        return s.endsWith(".0%") ? s.replace(".0%", "%") : s;
    }
}
