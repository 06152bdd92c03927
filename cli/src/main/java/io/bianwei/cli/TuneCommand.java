package io.bianwei.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import io.bianwei.json.Jsonl;
import io.bianwei.quality.Evaluation;
import io.bianwei.quality.FiringData;
import io.bianwei.quality.Label;
import io.bianwei.quality.ScoreModel;
import io.bianwei.quality.Tuner;
import io.bianwei.quality.WeightOverrides;
import io.bianwei.quality.WeightProposal;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code bianwei tune --labels FILE.jsonl}: fits rule weights on a training part of a labelled file, measures them
 * on the held-out part, and proposes a {@code weights.txt}. The method is {@link Tuner}'s and the file
 * {@link WeightProposal}'s (module bianwei-quality); this class parses arguments and prints.
 */
@Command(name = "tune", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:tuned", "2:usage error, or a --rules pack does not compile",
                "3:some records could not be read or had no valid label (left out)",
                "4:internal error, or stdout could not be written"},
        description = {"Fit rule weights to labelled JSONL (as for eval) and propose a weights.txt.",
                "Screens every text once, splits the texts (stratified, seeded) into a training and a held-out part, "
                        + "fits weights on the training part for the fewest missed flag texts with the false-positive "
                        + "rate on ok texts at most --target-fp (context rules stay negative, evidence rules "
                        + "positive), and reports precision, recall, F1 and false-positive rate before and after on "
                        + "both parts.",
                "The weights file (the pack's format; only changed weights and overrides already in force) goes to "
                        + "--out, or to stdout with the report on stderr. Deterministic for a given --seed."})
final class TuneCommand implements Callable<Integer> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TuneCommand.class);

    enum Format { TEXT, JSON }

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    LabelledInput input;

    @Option(names = "--holdout-fraction", paramLabel = "F",
            description = "Share of the texts held out for measuring, stratified by label and category, in [0, 1) "
                    + "(default ${DEFAULT-VALUE}).")
    double holdoutFraction = 0.3;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the split (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--target-fp", paramLabel = "RATE",
            description = "Highest false-positive rate on ok texts, as a fraction (default ${DEFAULT-VALUE} = 1%%).")
    double targetFp = 0.01;

    @Option(names = "--max-ok-block", paramLabel = "RATE",
            description = "Highest BLOCK rate on ok texts, as a fraction (default ${DEFAULT-VALUE} = 0.5%%).")
    double maxOkBlock = 0.005;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the proposed weights file here (default: stdout, with the report on stderr).")
    Path out;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Report as text (default) or json.")
    Format format = Format.TEXT;

    @Mixin
    ScreenerOptions screenerOptions;

    @Option(names = "--threads", paramLabel = "N", description = "Screening threads (default: processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    /** The date in the file's header; tests fix it. */
    Supplier<LocalDate> today = LocalDate::now;

    @Override
    public Integer call() {
        int threads = BatchRunner.threads(this.threads, spec.commandLine().getErr());
        Tuner.Options options;
        try {
            options = new Tuner.Options(holdoutFraction, seed, targetFp, maxOkBlock);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--holdout-fraction must be in [0, 1) and --target-fp, --max-ok-block in [0, 1]");
        }
        input.check();
        ScreenerSettings config = screenerOptions.settings();
        Screener screener = ScreenerOptions.build(main.env, config);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        long t0 = System.nanoTime();
        FiringData.Builder builder = new FiringData.Builder(screener.rules());
        List<String> failures = new ArrayList<>();
        input.run(main.env, err, threads, r -> BatchRunner.screen(screener, r), o -> {
            if (o.isError()) {
                failures.add(o.error());
            } else {
                builder.add(input.sample(o.record()), o.result());
            }
            return true;
        });
        FiringData data = builder.build();
        if (data.docs().isEmpty()) {
            throw CliException.usage("--labels: no labelled texts to tune on");
        }
        long t1 = System.nanoTime();
        Tuner.Result result = Tuner.tune(data, ScoreModel.of(config), options, threads);
        long t2 = System.nanoTime();

        WeightProposal proposal = WeightProposal.of(result, WeightOverrides.inForce(config), screener.rules());
        String file = proposal.format(header(result, config, screener.rulesetVersion(), failures.size()));
        // the file must give every rule its tuned weight (a mismatch is a bug: exit 4)
        String newVersion = result.changed().isEmpty() ? screener.rulesetVersion()
                : WeightProposal.rulesetVersionWith(config, file, result.weights());
        LOG.debug("screened {} texts in {} ms, fitted {} settings in {} ms, checked the weights file in {} ms",
                data.docs().size(), (t1 - t0) / 1_000_000, result.candidates().size() - 1, (t2 - t1) / 1_000_000,
                (System.nanoTime() - t2) / 1_000_000);
        if (out != null) {
            try {
                Path parent = out.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(out, file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "--out: cannot write " + out + ": " + e.getMessage());
            }
        }
        if (format == Format.JSON) {
            stdout.println(Jsonl.write(toJson(result, config, screener.rulesetVersion(), newVersion, file, failures)));
        } else {
            PrintWriter report = out == null ? err : stdout;
            print(report, result, config, screener.rulesetVersion(), newVersion, failures);
            report.flush();
            if (out == null) {
                stdout.print(file);
            }
        }
        stdout.flush();
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.UNREADABLE;
    }

    // --- the weights file ------------------------------------------------------------------------------------------

    /** The comment lines at the top of the proposed file: where it comes from and what it does. */
    private List<String> header(Tuner.Result r, ScreenerSettings config, String version, int failures) {
        FiringData data = r.data();
        List<String> header = new ArrayList<>();
        header.add("Rule weights proposed by `bianwei tune` on " + today.get() + " (overrides @weight in the DRL).");
        header.add("data: " + input.fileName() + " (" + data.docs().size() + " texts: " + count(data, true) + " flag, "
                + count(data, false) + " ok" + (failures > 0 ? "; " + failures + " unreadable left out" : "")
                + "); held-out " + pct(r.options().holdoutFraction()) + ", seed " + r.options().seed());
        header.add("base ruleset " + version + "; thresholds REVIEW >= " + config.review() + ", BLOCK >= "
                + config.block() + "; target: FP on ok <= " + pct(r.options().targetFp())
                + ", BLOCK on ok <= " + pct(r.options().maxOkBlock()));
        header.add("train    before " + brief(r.trainBefore()) + "  after " + brief(r.trainAfter()));
        if (r.hasHeldOut()) {
            header.add("held-out before " + brief(r.heldOutBefore()) + "  after " + brief(r.heldOutAfter()));
        }
        header.add(verdictLine(r));
        header.add("");
        return header;
    }

    private static int count(FiringData data, boolean flag) {
        return flags(data.docs(), flag);
    }

    private static String brief(Tuner.Figures f) {
        return "P " + EvalCommand.num(f.precision()) + " R " + EvalCommand.num(f.recall()) + " F1 "
                + EvalCommand.num(f.f1()) + " FP " + EvalCommand.pct(f.fpRate()) + " BLOCK(ok) "
                + EvalCommand.pct(f.okBlockRate());
    }

    private static String pct(double d) {
        return EvalCommand.pct(d);
    }

    static String verdictLine(Tuner.Result r) {
        if (r.changed().isEmpty()) {
            return "no weight changed: the current weights are the best found on the training part";
        }
        if (!r.hasHeldOut()) {
            return "no held-out part (--holdout-fraction 0): not measured on unseen texts";
        }
        Tuner.Figures b = r.heldOutBefore();
        Tuner.Figures a = r.heldOutAfter();
        return "held-out: " + (r.improved() ? "IMPROVES" : "does NOT improve") + " (miss rate "
                + EvalCommand.pct(b.missRate()) + " -> " + EvalCommand.pct(a.missRate()) + ", FP on ok "
                + EvalCommand.pct(b.fpRate()) + " -> " + EvalCommand.pct(a.fpRate()) + ", BLOCK on ok "
                + EvalCommand.pct(b.okBlockRate()) + " -> " + EvalCommand.pct(a.okBlockRate()) + ")";
    }

    // --- the report ------------------------------------------------------------------------------------------------

    private void print(PrintWriter o, Tuner.Result r, ScreenerSettings config, String version, String newVersion,
                       List<String> failures) {
        FiringData data = r.data();
        o.println("Tuning on " + input.labels + ": " + data.docs().size() + " texts (" + count(data, true) + " flag, "
                + count(data, false) + " ok), " + failures.size() + " unreadable; thresholds REVIEW >= "
                + config.review() + ", BLOCK >= " + config.block() + "; ruleset " + version);
        Tuner.Split s = r.split();
        o.println("Split (seed " + r.options().seed() + ", held-out " + pct(r.options().holdoutFraction())
                + ", stratified by label and category): train " + s.train().size() + " (" + flags(s.train(), true)
                + " flag, " + flags(s.train(), false) + " ok), held-out " + s.heldOut().size() + " ("
                + flags(s.heldOut(), true) + " flag, " + flags(s.heldOut(), false) + " ok)");
        o.println("Goal: fewest missed flag texts with false positives on ok <= " + pct(r.options().targetFp())
                + " and BLOCK on ok <= " + pct(r.options().maxOkBlock()) + " (on the training part)");
        Tuner.Candidate c = r.chosen();
        o.println("Chosen: " + (c.isCurrent() ? "the current weights" : "ok cost " + fmt(c.okCost()) + ", L2 "
                + fmt(c.l2())) + " (of " + r.candidates().size() + " candidates: the current weights and "
                + (r.candidates().size() - 1) + " fits)");
        o.println();
        o.println("  part      weights  precision  recall      F1  miss rate  FP rate (ok)      BLOCK rate (ok)");
        row(o, "train", "before", r.trainBefore());
        row(o, "train", "after", r.trainAfter());
        if (r.hasHeldOut()) {
            row(o, "held-out", "before", r.heldOutBefore());
            row(o, "held-out", "after", r.heldOutAfter());
        }
        o.println();
        o.println(verdictLine(r).substring(0, 1).toUpperCase(Locale.ROOT) + verdictLine(r).substring(1)
                + (r.hasHeldOut() && !r.changed().isEmpty() && !r.improved() ? "; do not ship these weights" : ""));
        o.println();
        List<Integer> changed = r.changed();
        o.println("Weight changes (" + changed.size() + " of " + data.rules().size()
                + " rules; hits = texts of the training part the rule fired on)" + (changed.isEmpty() ? ": none" : ""));
        if (!changed.isEmpty()) {
            int w = Math.max(12, changed.stream().mapToInt(i -> data.rules().get(i).length()).max().orElse(0));
            o.println("  " + Width.padRight("rule", w) + "  category         old   new  flag    ok");
            int[][] hits = data.hits(r.split().train());
            for (int i : changed) {
                o.println("  " + Width.padRight(data.rules().get(i), w) + "  " + Width.padRight(data.ruleCategory(i), 14)
                        + String.format(Locale.ROOT, " %5d %5d %5d %5d", r.before()[i], r.after()[i], hits[i][0],
                        hits[i][1]));
            }
        }
        o.println();
        o.println((out == null ? "Weights file: on stdout" : "Weights file: written to " + out)
                + " (make it the pack's weights.txt, or load a folder holding it as weights.txt with --rules DIR); "
                + "ruleset " + version + " -> " + newVersion + " with it added as --rules");
        failures.stream().limit(Evaluation.Accumulator.MAX_FAILURES).forEach(f -> o.println("  unreadable: "
                + Highlighter.flat(f)));
    }

    private static void row(PrintWriter o, String part, String which, Tuner.Figures f) {
        o.println(String.format(Locale.ROOT, "  %-8s  %-7s  %9s  %6s  %6s  %9s  %-16s  %s", part, which,
                EvalCommand.num(f.precision()), EvalCommand.num(f.recall()), EvalCommand.num(f.f1()),
                EvalCommand.pct(f.missRate()), EvalCommand.pct(f.fpRate()) + " (" + f.okFlagged() + "/" + f.ok() + ")",
                EvalCommand.pct(f.okBlockRate()) + " (" + f.okBlocked() + "/" + f.ok() + ")"));
    }

    private static int flags(List<FiringData.Doc> docs, boolean flag) {
        return FiringData.count(docs, flag ? Label.FLAG : Label.OK);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e6 ? String.valueOf((long) d) : String.valueOf(d);
    }

    private ObjectNode toJson(Tuner.Result r, ScreenerSettings config, String version, String newVersion, String file,
                              List<String> failures) {
        FiringData data = r.data();
        ObjectNode o = Jsonl.mapper().createObjectNode();
        o.put("labels", input.labels);
        o.put("rulesetVersion", version);
        o.put("proposedRulesetVersion", newVersion);
        o.putObject("thresholds").put("review", config.review()).put("block", config.block());
        o.put("documents", data.docs().size());
        o.put("flagDocuments", count(data, true));
        o.put("okDocuments", count(data, false));
        o.put("failures", failures.size());
        ObjectNode split = o.putObject("split");
        split.put("holdoutFraction", r.options().holdoutFraction()).put("seed", r.options().seed());
        split.putObject("train").put("flag", flags(r.split().train(), true)).put("ok", flags(r.split().train(), false));
        split.putObject("heldOut").put("flag", flags(r.split().heldOut(), true))
                .put("ok", flags(r.split().heldOut(), false));
        o.putObject("target").put("okFalsePositiveRate", r.options().targetFp())
                .put("okBlockRate", r.options().maxOkBlock());
        ObjectNode chosen = o.putObject("chosen");
        chosen.put("current", r.chosen().isCurrent()).put("okCost", r.chosen().okCost()).put("l2", r.chosen().l2());
        ObjectNode figures = o.putObject("figures");
        ObjectNode train = figures.putObject("train");
        figures(train.putObject("before"), r.trainBefore());
        figures(train.putObject("after"), r.trainAfter());
        if (r.hasHeldOut()) {
            ObjectNode held = figures.putObject("heldOut");
            figures(held.putObject("before"), r.heldOutBefore());
            figures(held.putObject("after"), r.heldOutAfter());
        } else {
            figures.putNull("heldOut");
        }
        o.put("improved", r.improved());
        o.put("summary", verdictLine(r));
        ArrayNode changes = o.putArray("changes");
        int[][] hits = data.hits(r.split().train());
        for (int i : r.changed()) {
            changes.addObject().put("rule", data.rules().get(i)).put("category", data.ruleCategory(i))
                    .put("old", r.before()[i]).put("new", r.after()[i]).put("flagHits", hits[i][0])
                    .put("okHits", hits[i][1]);
        }
        ArrayNode cands = o.putArray("candidates");
        for (Tuner.Candidate c : r.candidates()) {
            ObjectNode n = cands.addObject().put("current", c.isCurrent()).put("okCost", c.okCost()).put("l2", c.l2());
            figures(n.putObject("train"), c.train());
            figures(n.putObject("crossValidated"), c.cv());
        }
        o.put("weightsFile", file);
        if (out == null) {
            o.putNull("out");
        } else {
            o.put("out", out.toString());
        }
        ArrayNode fl = o.putArray("failureList");
        failures.stream().limit(Evaluation.Accumulator.MAX_FAILURES).forEach(fl::add);
        return o;
    }

    private static void figures(ObjectNode n, Tuner.Figures f) {
        n.put("flag", f.flag()).put("ok", f.ok()).put("caught", f.caught()).put("okFlagged", f.okFlagged())
                .put("okBlocked", f.okBlocked());
        EvalCommand.put(n, "precision", f.precision());
        EvalCommand.put(n, "recall", f.recall());
        EvalCommand.put(n, "f1", f.f1());
        EvalCommand.put(n, "missRate", f.missRate());
        EvalCommand.put(n, "okFalsePositiveRate", f.fpRate());
        EvalCommand.put(n, "okBlockRate", f.okBlockRate());
    }
}
