package io.bianwei.cli;

import io.bianwei.Category;
import io.bianwei.LearnedModel;
import io.bianwei.RulePackException;
import io.bianwei.json.InputRecord;
import io.bianwei.quality.DevSplit;
import io.bianwei.quality.Learning;
import io.bianwei.quality.Sample;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bianwei learn --labels FILE.jsonl --out DIR}: trains (or updates) a learned model of one category and writes
 * it as {@code DIR/models/NAME.nb}, a file of a rule pack ({@code --rules DIR} loads it; the default pack's
 * {@code ML_*} rules decide what its score is worth). Reports cross-validated figures and the score distribution.
 */
@Command(name = "learn", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:model written", "2:usage error, or an existing model does not load",
                "3:some records could not be read or had no valid label (left out)",
                "4:internal error, or stdout could not be written"},
        description = {"Train a statistical model (naive Bayes over character n-grams, SpamBayes' chi-square "
                + "combining) from labelled JSONL and write it into a rule-pack folder: DIR/models/NAME.nb.",
                "Load it with --rules DIR; the ML rules learn writes beside it (learned_NAME.drl) turn its score into "
                        + "findings (a model alone reaches REVIEW at most).",
                "--add updates an existing model with more texts (a text already learned under its id is not "
                        + "counted twice); --forget removes the given texts from it."})
final class LearnCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    LabelledInput input;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Rule-pack folder to write the model into (as models/NAME.nb).")
    Path out;

    @Option(names = "--category", paramLabel = "CATEGORY",
            description = "The category to model: its flag texts against the ok texts (default: pseudo_science).")
    String category = Category.PSEUDO_SCIENCE;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name (default: the category).")
    String name;

    @Option(names = "--add", description = "Learn into the existing DIR/models/NAME.nb instead of a new model.")
    boolean add;

    @Option(names = "--forget", description = "Remove the --labels texts from the existing model instead.")
    boolean forget;

    @Option(names = "--provenance", paramLabel = "TEXT",
            description = "Where the training texts come from (and their licence), written into the model.")
    String provenance;

    @Option(names = "--half", paramLabel = "HALF",
            description = "Learn from one half of the set only (as eval --half): authoring or check.")
    String half;

    @Option(names = "--folds", paramLabel = "K", description = "Cross-validation folds (default ${DEFAULT-VALUE}).")
    int folds = 5;

    @Override
    public Integer call() throws IOException {
        input.check();
        if (!Category.PSEUDO_SCIENCE.equals(category) && !Category.PRIVACY_ABUSE.equals(category)) {
            throw CliException.usage("--category: use " + Category.PSEUDO_SCIENCE + " or " + Category.PRIVACY_ABUSE);
        }
        if (folds < 2) {
            throw CliException.usage("--folds must be at least 2");
        }
        if (add && forget) {
            throw CliException.usage("--add and --forget exclude each other");
        }
        DevSplit.Half only;
        try {
            only = half == null ? null : DevSplit.Half.parse(half);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--half: " + e.getMessage());
        }
        String modelName = name == null ? category : name;
        if (!modelName.matches("[a-z][a-z0-9_]*")) {
            throw CliException.usage("--name must be lower_snake_case");
        }
        Path file = out.resolve("models").resolve(modelName + ".nb");
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        List<Sample> samples = new ArrayList<>();
        int[] unreadable = {0};
        input.run(main.env, err, 1, (InputRecord r) -> r, r -> {
            if (only != null && DevSplit.half(r.id()) != only) {
                return true;
            }
            if (r.isError()) {
                unreadable[0]++;
            } else {
                samples.add(input.sample(r));
            }
            return true;
        });
        List<LearnedModel.Example> examples = Learning.examples(samples, category);
        LearnedModel base;
        if (add || forget) {
            if (!Files.isRegularFile(file)) {
                throw CliException.usage("no model to update: " + file);
            }
            try {
                base = LearnedModel.load(file);
            } catch (RulePackException e) {
                throw CliException.usage(e.getMessage());
            }
            if (!base.category().equals(category)) {
                throw CliException.usage(file + " models " + base.category() + ", not " + category);
            }
        } else {
            base = LearnedModel.empty(category, provenance == null ? "trained from " + input.fileName() : provenance);
        }
        LearnedModel model = forget ? base.forget(examples) : base.learn(examples);
        model.save(file);
        Path rulesFile = out.resolve("learned_" + modelName + ".drl");
        boolean wroteRules = false;
        if (!Files.exists(rulesFile)) {
            Files.writeString(rulesFile, LearnedRules.drl(modelName, model, examples), java.nio.charset.StandardCharsets.UTF_8);
            wroteRules = true;
        }
        Learning.Report report = Learning.evaluate(category, examples, model, folds);

        o.println((forget ? "Forgot " : add ? "Learned into " : "Trained ") + file + ": " + category + " model of "
                + model.flagTexts() + " flag and " + model.okTexts() + " ok texts, " + model.tokens()
                + " tokens; version " + model.version());
        o.println("Provenance: " + model.provenance());
        o.println(wroteRules ? "Rules: " + rulesFile + " (written: ML rules at 0.5, 0.9 and 0.99 with examples from these "
                + "texts; edit their weights like any rule's)" : "Rules: " + rulesFile + " (kept as it is)");
        o.println();
        o.println("Cross-validated on these " + examples.size() + " texts (" + folds + " folds by id hash): a text is "
                + "flagged when the model's probability reaches the threshold");
        o.println("  threshold  recall  precision  FP rate (ok)");
        for (Learning.AtThreshold t : report.crossValidated()) {
            o.println(String.format(Locale.ROOT, "  %9.2f  %6s  %9s  %s (%d/%d)", t.threshold(), pct(t.recall()),
                    pct(t.precision()), pct(t.falsePositiveRate()), t.falsePositives(), t.ok()));
        }
        o.println();
        o.println("Score distribution of the training texts (the model scoring the texts it learned):");
        o.println("  probability   flag     ok");
        int[][] h = report.histogram();
        for (int b = 0; b < 10; b++) {
            o.println(String.format(Locale.ROOT, "  %.1f-%.1f    %5d  %5d", b / 10.0, (b + 1) / 10.0, h[0][b], h[1][b]));
        }
        o.println();
        o.println("Use it: bianwei screen --rules " + out + " ...  (or Screener.builder().addRules(" + out + "))");
        o.flush();
        return unreadable[0] > 0 ? ExitCodes.UNREADABLE : ExitCodes.OK;
    }

    private static String pct(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", d * 100);
    }
}
