package io.bianwei.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import io.bianwei.json.Jsonl;
import io.bianwei.quality.Comparison;
import io.bianwei.quality.Curves;
import io.bianwei.quality.DevSplit;
import io.bianwei.quality.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bianwei eval --labels FILE.jsonl}: precision, recall, per-category and per-rule statistics. The figures are
 * {@link Evaluation}'s and {@link Comparison}'s (module bianwei-quality); this class parses arguments and prints.
 */
@Command(name = "eval", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:evaluated (with --compare: no text regressed beyond --allow-broken)",
                "2:usage error, or a --rules pack does not compile",
                "3:some records could not be read or had no valid label (left out of the figures)",
                "4:internal error, or stdout could not be written",
                "6:--compare: more texts than --allow-broken (default 0) that the old pack got right are wrong now "
                        + "(takes precedence over 3)"},
        description = {"Evaluate the screener on labelled JSONL: each line {\"id\", \"text\", \"label\": "
                + "\"flag\"|\"ok\", \"category\" (optional)}.",
                "Reports the confusion matrix (flagged = REVIEW or BLOCK), precision/recall/F1 overall and per "
                        + "category, the false-positive and BLOCK rates on ok texts, SpamAssassin-style per-rule "
                        + "hit statistics with rule-QA warnings (never fires; fires mostly on ok texts), and the top "
                        + "false positives and negatives.",
                "With --compare OLD_RULES_DIR, also a regression diff against that pack: texts whose verdict "
                        + "changed, rules whose hits or weight changed, metric deltas.",
                "Exit 0, or 3 when some records could not be read or had no valid label."})
final class EvalCommand implements Callable<Integer> {
    enum Format { TEXT, JSON }

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    LabelledInput input;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "text (default) or json.")
    Format format = Format.TEXT;

    @Option(names = "--top", paramLabel = "N", description = "How many false positives/negatives to list "
            + "(default ${DEFAULT-VALUE}).")
    int top = Evaluation.DEFAULT_TOP;

    @Option(names = "--qa-min-hits", paramLabel = "N", description = "Hits a rule needs before the rule-QA warning "
            + "'fires mostly on ok' (or, for a context rule, 'on flag') applies (default ${DEFAULT-VALUE}).")
    int qaMinHits = Evaluation.DEFAULT_QA_MIN_HITS;

    @Option(names = "--compare", paramLabel = "OLD_RULES_DIR",
            description = "Also screen with this pack alone (as --no-default --rules OLD_RULES_DIR, same thresholds "
                    + "and --only; --disable applies to the current configuration only) and report what changed: "
                    + "texts whose verdict changed, rules whose hits or weight changed, metric deltas.")
    Path compare;

    @Option(names = "--allow-broken", paramLabel = "N", description = "With --compare: how many texts may go from "
            + "right to wrong before eval exits 6 (default ${DEFAULT-VALUE}: any regression fails, as a CI gate "
            + "on a rule change should).")
    int allowBroken = 0;

    @Mixin
    ScreenerOptions screenerOptions;

    @Option(names = "--half", paramLabel = "HALF", description = "Evaluate only one half of the set, split by a hash "
            + "of each id (SHA-256, first byte even = authoring): 'authoring' (write and tune rules on it) or 'check' "
            + "(only measure on it).")
    String half;

    @Option(names = "--threads", paramLabel = "N", description = "Screening threads (default: processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--plot", paramLabel = "FILE.svg", description = "Also write the ROC and precision-recall curves "
            + "of each category (ranked by the score, and by the category's own score) as an SVG image.")
    Path plot;

    private record Pair(BatchRunner.Outcome now, BatchRunner.Outcome old) {
    }

    @Override
    public Integer call() {
        if (top < 0 || qaMinHits < 1 || allowBroken < 0) {
            throw CliException.usage("--qa-min-hits must be at least 1, --top and --allow-broken at least 0");
        }
        int threads = BatchRunner.threads(this.threads, spec.commandLine().getErr());
        input.check();
        DevSplit.Half only;
        try {
            only = half == null ? null : DevSplit.Half.parse(half);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--half: " + e.getMessage());
        }
        java.util.function.Predicate<String> inHalf = id -> only == null || DevSplit.half(id) == only;
        if (compare != null && !Files.exists(compare)) {
            throw CliException.usage("--compare: no such folder: " + compare);
        }
        ScreenerSettings config = screenerOptions.settings();
        Screener screener = ScreenerOptions.build(main.env, config);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Curves.Accumulator curves = new Curves.Accumulator();
        if (compare == null) {
            Evaluation.Accumulator acc = new Evaluation.Accumulator(screener.rules(), screener.rulesetVersion(), top,
                    qaMinHits);
            input.run(main.env, err, threads, r -> BatchRunner.screen(screener, r), o -> {
                if (!inHalf.test(o.record().id())) {
                    return true;
                }
                if (o.isError()) {
                    acc.addFailure(o.record().id(), o.error());
                } else {
                    acc.add(input.sample(o.record()), o.result());
                    curves.add(input.sample(o.record()), o.result());
                }
                return true;
            });
            Evaluation.Report report = acc.report();
            Curves.Report curveReport = curves.report();
            if (format == Format.JSON) {
                ObjectNode o = toJson(report, config);
                o.set("curves", toJson(curveReport));
                out.println(Jsonl.write(o));
            } else {
                print(out, report, config, input.labels);
                printCurves(out, curveReport);
            }
            plot(curveReport, report, err);
            out.flush();
            return report.failures() > 0 ? ExitCodes.UNREADABLE : ExitCodes.OK;
        }

        ScreenerSettings oldConfig = Comparison.oldSettings(config, compare);
        Screener old;
        try {
            old = ScreenerOptions.build(main.env, oldConfig);
        } catch (CliException e) {
            throw CliException.usage("--compare " + compare + ": " + e.getMessage());
        }
        Comparison.Accumulator cmp = new Comparison.Accumulator(old, screener, top, qaMinHits);
        input.run(main.env, err, threads,
                r -> new Pair(BatchRunner.screen(screener, r), BatchRunner.screen(old, r)), p -> {
                    if (!inHalf.test(p.now().record().id())) {
                        return true;
                    }
                    if (p.now().isError() || p.old().isError()) {
                        cmp.addFailure(p.now().record().id(), p.now().isError() ? p.now().error() : "old pack: "
                                + p.old().error());
                    } else {
                        cmp.add(input.sample(p.now().record()), p.old().result(), p.now().result());
                        curves.add(input.sample(p.now().record()), p.now().result());
                    }
                    return true;
                });
        Comparison.Report report = cmp.report();
        boolean regressed = report.broken() > allowBroken;
        Curves.Report curveReport = curves.report();
        plot(curveReport, report.now(), err);
        if (format == Format.JSON) {
            ObjectNode o = toJson(report.now(), config);
            o.set("curves", toJson(curveReport));
            ObjectNode c = toJson(report, compare);
            c.put("allowBroken", allowBroken).put("regressed", regressed);
            o.set("compare", c);
            out.println(Jsonl.write(o));
        } else {
            print(out, report.now(), config, input.labels);
            printCurves(out, curveReport);
            printComparison(out, report, compare);
            out.println();
            out.println(regressed ? "REGRESSED: " + report.broken() + " text(s) the old pack got right are wrong now"
                    + (allowBroken > 0 ? " (allowed: " + allowBroken + ")" : "") + "; exit " + ExitCodes.REGRESSION
                    : "OK: " + report.broken() + " text(s) regressed" + (allowBroken > 0 ? " (allowed: " + allowBroken
                    + ")" : "") + ", " + report.fixed() + " fixed");
        }
        out.flush();
        return regressed ? ExitCodes.REGRESSION
                : report.now().failures() > 0 ? ExitCodes.UNREADABLE : ExitCodes.OK;
    }

    // --- output ----------------------------------------------------------------------------------------------------

    private void plot(Curves.Report curves, Evaluation.Report report, PrintWriter err) {
        if (plot == null) {
            return;
        }
        String title = "Bianwei eval of " + input.fileName() + ": " + report.documents() + " texts, ruleset "
                + report.rulesetVersion();
        try {
            Path parent = plot.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(plot, Curves.svg(curves, title), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw CliException.usage("--plot: cannot write " + plot + ": " + e.getMessage());
        }
        err.println("bianwei eval: wrote the curves to " + plot);
    }

    /** Recall per category at 0.5/1/2/5 % of ok texts flagged, by the score and by the category's own score. */
    static void printCurves(PrintWriter out, Curves.Report r) {
        if (r.curves().isEmpty()) {
            return;
        }
        out.println();
        out.println("Curves: recall at a share of ok texts flagged (the cut where at most that share of ok texts "
                + "score at or above it; ok% = share met)");
        int cw = Math.max(16, r.curves().stream().mapToInt(x -> Width.of(x.category())).max().orElse(0));
        StringBuilder head = new StringBuilder("  " + Width.padRight("category", cw) + "  ranked by      ");
        for (double rate : Curves.RATES) {
            head.append(String.format(Locale.ROOT, "  %-20s", "@" + pct(rate) + " (cut, ok%)"));
        }
        head.append("  ROC AUC");
        out.println(head);
        for (Curves.Curve c : r.curves()) {
            StringBuilder row = new StringBuilder("  " + Width.padRight(Highlighter.flat(c.category()), cw) + "  "
                    + Width.padRight(c.ranking() == Curves.Ranking.SCORE ? "score" : "category score", 14));
            for (Curves.AtRate a : c.atRates()) {
                row.append(String.format(Locale.ROOT, "  %-20s", pct(a.recall()) + " (" + cut(a.threshold()) + ", "
                        + pct(a.okRate()) + ")"));
            }
            row.append("  ").append(num(c.rocAuc()));
            out.println(row);
        }
    }

    /** A cut: 57.5 (midway between two scores), or &gt;0 (just above a score that ok texts tie on). */
    private static String cut(double t) {
        if (t == Math.rint(t)) {
            return String.valueOf((long) t);
        }
        return t * 10 == Math.rint(t * 10) ? String.format(Locale.ROOT, "%.1f", t) : ">" + (long) Math.floor(t);
    }

    static ArrayNode toJson(Curves.Report r) {
        ArrayNode arr = Jsonl.mapper().createArrayNode();
        for (Curves.Curve c : r.curves()) {
            ObjectNode n = arr.addObject().put("category", c.category()).put("ranking", c.ranking().key())
                    .put("flag", c.flag()).put("ok", c.ok());
            put(n, "rocAuc", c.rocAuc());
            ArrayNode at = n.putArray("atRates");
            for (Curves.AtRate a : c.atRates()) {
                ObjectNode x = at.addObject();
                put(x, "rate", a.rate());
                x.put("threshold", a.threshold());
                put(x, "okRate", a.okRate());
                x.put("caught", a.caught());
                put(x, "recall", a.recall());
            }
        }
        return arr;
    }

    static String num(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.3f", d);
    }

    static String pct(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", d * 100);
    }

    static void print(PrintWriter out, Evaluation.Report r, ScreenerSettings config, String source) {
        Evaluation.Confusion c = r.confusion();
        out.println("Evaluation of " + source + ": " + r.documents() + " texts (" + r.flagDocuments() + " flag, "
                + r.okDocuments() + " ok), " + r.failures() + " unreadable; thresholds REVIEW >= "
                + config.review() + ", BLOCK >= " + config.block() + "; ruleset "
                + r.rulesetVersion());
        out.println();
        out.println("Confusion matrix (flagged = REVIEW or BLOCK)");
        out.println("                 flagged    passed");
        out.println(String.format(Locale.ROOT, "  label flag   %9d %9d", c.truePositives(), c.falseNegatives()));
        out.println(String.format(Locale.ROOT, "  label ok     %9d %9d", c.falsePositives(), c.trueNegatives()));
        out.println();
        out.println("Overall: precision " + num(r.overall().precision()) + "  recall " + num(r.overall().recall())
                + "  F1 " + num(r.overall().f1()));
        out.println("ok texts: false-positive rate " + pct(r.okFalsePositiveRate()) + " (" + c.falsePositives() + "/"
                + r.okDocuments() + "), BLOCK rate " + pct(r.okBlockRate()) + " (" + r.okBlocked() + "/"
                + r.okDocuments() + ")");
        out.println();
        int cw = Math.max(16, r.categories().stream().mapToInt(x -> Width.of(x.category())).max().orElse(0));
        out.println("Per category (false+ = ok texts flagged with this as top category)");
        out.println("  " + Width.padRight("category", cw) + "  flag caught missed false+  precision  recall      F1"
                + "    ok  ok-flagged");
        for (Evaluation.CategoryStats s : r.categories()) {
            out.println("  " + Width.padRight(Highlighter.flat(s.category()), cw) + String.format(Locale.ROOT,
                    "  %4d %6d %6d %6d  %9s  %6s  %6s  %4d  %10d", s.flagDocuments(), s.caught(), s.missed(),
                    s.falseAlarms(), num(s.metrics().precision()), num(s.metrics().recall()), num(s.metrics().f1()),
                    s.okDocuments(), s.okFlagged()));
        }
        out.println();
        int rw = Math.max(12, r.rules().stream().mapToInt(x -> x.rule().length()).max().orElse(0));
        out.println("Rules (SpamAssassin style: FLAG% / OK% = share of flag / ok texts hit; S/O = FLAG% / (FLAG% + OK%))");
        out.println("  " + Width.padRight("rule", rw) + "  category        weight   FLAG%    OK%   S/O  flag    ok");
        for (Evaluation.RuleStats s : r.rules()) {
            out.println("  " + Width.padRight(s.rule(), rw) + "  " + Width.padRight(s.category(), 14)
                    + String.format(Locale.ROOT, "  %6s  %6s %6s %5s %5d %5d", (s.weight() > 0 ? "+" : "") + s.weight(),
                    pct(s.flagRate()), pct(s.okRate()), Double.isNaN(s.ratio()) ? "n/a"
                            : String.format(Locale.ROOT, "%.2f", s.ratio()), s.flagHits(), s.okHits()));
        }
        if (!r.families().isEmpty()) {
            out.println();
            int fw = Math.max(12, r.families().stream().mapToInt(x -> Width.of(x.family())).max().orElse(0));
            out.println("Per family of the texts (recall = flagged in the text's own category / flag texts)");
            out.println("  " + Width.padRight("family", fw) + "  flag caught in-cat  recall    ok  ok-flagged");
            for (Evaluation.FamilyStats f : r.families()) {
                out.println("  " + Width.padRight(Highlighter.flat(f.family()), fw) + String.format(Locale.ROOT,
                        "  %4d %6d %6d  %6s  %4d  %10d", f.flag(), f.caught(), f.caughtInCategory(), pct(f.recall()),
                        f.ok(), f.okFlagged()));
            }
        }
        if (!r.ruleFamilies().isEmpty()) {
            out.println();
            int fw = Math.max(12, r.ruleFamilies().stream().mapToInt(x -> Width.of(x.family())).max().orElse(0));
            out.println("Per family of the rules (texts on which a rule of the family fired)");
            out.println("  " + Width.padRight("family", fw) + "  rules  flag-hits caught  ok-hits flagged");
            for (Evaluation.RuleFamilyStats f : r.ruleFamilies()) {
                out.println("  " + Width.padRight(f.family().isEmpty() ? "(none)" : f.family(), fw)
                        + String.format(Locale.ROOT, "  %5d  %9d %6d  %7d %7d", f.rules(), f.flagHits(),
                        f.flagCaught(), f.okHits(), f.okFlagged()));
            }
        }
        out.println();
        out.println("Rule QA" + (r.warnings().isEmpty() ? ": no warnings" : " (" + r.warnings().size() + " warnings)"));
        for (Evaluation.RuleWarning w : r.warnings()) {
            out.println("  warning: " + w.rule() + ": " + warningMessage(w, r));
        }
        printCases(out, "Top false positives (ok texts flagged, highest score first)", r.falsePositives());
        printCases(out, "Top false negatives (flag texts passed, lowest score first)", r.falseNegatives());
        if (r.failures() > 0) {
            out.println();
            out.println("Unreadable records (" + r.failures() + ")");
            r.failureList().forEach(f -> out.println("  " + Highlighter.flat(f.error())));
        }
    }

    /**
     * A rule-QA warning in words that say what S/O compares: shares of each label's texts, not hit counts ("fires
     * mostly on flag texts" over 3 flag and 11 ok hits read as a contradiction).
     */
    static String warningMessage(Evaluation.RuleWarning w, Evaluation.Report r) {
        Evaluation.RuleStats s = r.rules().stream().filter(x -> x.rule().equals(w.rule())).findFirst().orElse(null);
        if (s == null || w.kind().equals("never-fires")) {
            return w.message();
        }
        String flag = s.flagHits() + " of " + r.flagDocuments() + " flag texts (" + pct(s.flagRate()) + ")";
        String ok = s.okHits() + " of " + r.okDocuments() + " ok texts (" + pct(s.okRate()) + ")";
        String so = Double.isNaN(s.ratio()) ? "n/a" : String.format(Locale.ROOT, "%.2f", s.ratio());
        return switch (w.kind()) {
            case "mostly-ok" -> "evidence rule hits a larger share of ok texts than of flag texts: " + ok + " vs "
                    + flag + ", S/O " + so + " (below 0.5)";
            case "mostly-flag" -> "context rule hits a larger share of flag texts than of ok texts: " + flag + " vs "
                    + ok + ", S/O " + so + " (above 0.5): it may be letting flagged content through";
            default -> w.message();
        };
    }

    private static void printCases(PrintWriter out, String title, List<Evaluation.Case> cases) {
        out.println();
        out.println(title + (cases.isEmpty() ? ": none" : ""));
        for (Evaluation.Case k : cases) {
            out.println("  " + Highlighter.flat(k.id()) + "  " + k.verdict() + " " + k.score() + "  "
                    + (k.category() == null ? "" : k.category() + "  ")
                    + (k.rules().isEmpty() ? "(no rule fired)" : String.join(",", k.rules())) + "  " + k.excerpt());
        }
    }

    static ObjectNode toJson(Evaluation.Report r, ScreenerSettings config) {
        ObjectNode o = Jsonl.mapper().createObjectNode();
        o.put("rulesetVersion", r.rulesetVersion());
        o.putObject("thresholds").put("review", config.review()).put("block", config.block());
        o.put("documents", r.documents());
        o.put("flagDocuments", r.flagDocuments());
        o.put("okDocuments", r.okDocuments());
        o.put("failures", r.failures());
        Evaluation.Confusion c = r.confusion();
        o.putObject("confusion").put("truePositives", c.truePositives()).put("falseNegatives", c.falseNegatives())
                .put("falsePositives", c.falsePositives()).put("trueNegatives", c.trueNegatives());
        metrics(o.putObject("overall"), r.overall());
        put(o, "okFalsePositiveRate", r.okFalsePositiveRate());
        o.put("okBlocked", r.okBlocked());
        put(o, "okBlockRate", r.okBlockRate());
        ArrayNode cats = o.putArray("categories");
        for (Evaluation.CategoryStats s : r.categories()) {
            ObjectNode n = cats.addObject().put("category", s.category()).put("flagDocuments", s.flagDocuments())
                    .put("caught", s.caught()).put("missed", s.missed()).put("falseAlarms", s.falseAlarms());
            metrics(n, s.metrics());
            n.put("okDocuments", s.okDocuments()).put("okFlagged", s.okFlagged());
        }
        ArrayNode rules = o.putArray("rules");
        for (Evaluation.RuleStats s : r.rules()) {
            ObjectNode n = rules.addObject().put("rule", s.rule()).put("category", s.category())
                    .put("weight", s.weight()).put("flagHits", s.flagHits()).put("okHits", s.okHits());
            put(n, "flagRate", s.flagRate());
            put(n, "okRate", s.okRate());
            put(n, "ratio", s.ratio());
        }
        ArrayNode warnings = o.putArray("warnings");
        for (Evaluation.RuleWarning w : r.warnings()) {
            warnings.addObject().put("rule", w.rule()).put("kind", w.kind()).put("message", warningMessage(w, r));
        }
        ArrayNode fams = o.putArray("families");
        for (Evaluation.FamilyStats f : r.families()) {
            ObjectNode n = fams.addObject().put("family", f.family()).put("flag", f.flag()).put("caught", f.caught())
                    .put("caughtInCategory", f.caughtInCategory()).put("ok", f.ok()).put("okFlagged", f.okFlagged());
            put(n, "recall", f.recall());
        }
        ArrayNode rfams = o.putArray("ruleFamilies");
        for (Evaluation.RuleFamilyStats f : r.ruleFamilies()) {
            rfams.addObject().put("family", f.family()).put("rules", f.rules()).put("flagHits", f.flagHits())
                    .put("flagCaught", f.flagCaught()).put("okHits", f.okHits()).put("okFlagged", f.okFlagged());
        }
        cases(o.putArray("falsePositives"), r.falsePositives());
        cases(o.putArray("falseNegatives"), r.falseNegatives());
        ArrayNode failures = o.putArray("failureList");
        r.failureList().forEach(f -> failures.addObject().put("id", f.id()).put("error", f.error()));
        return o;
    }

    private static void metrics(ObjectNode n, Evaluation.Metrics m) {
        put(n, "precision", m.precision());
        put(n, "recall", m.recall());
        put(n, "f1", m.f1());
    }

    /** NaN (undefined ratio) as JSON null; others rounded to 4 decimals. */
    static void put(ObjectNode n, String key, double d) {
        if (Double.isNaN(d)) {
            n.putNull(key);
        } else {
            n.put(key, Math.round(d * 10_000) / 10_000.0);
        }
    }

    private static void cases(ArrayNode arr, List<Evaluation.Case> cases) {
        for (Evaluation.Case k : cases) {
            ObjectNode n = arr.addObject().put("id", k.id()).put("label", k.label().name().toLowerCase(Locale.ROOT))
                    .put("category", k.category()).put("verdict", k.verdict().name()).put("score", k.score());
            ArrayNode rules = n.putArray("rules");
            k.rules().forEach(rules::add);
            n.put("excerpt", k.excerpt());
        }
    }

    // --- comparison --------------------------------------------------------------------------------------------------

    private static String signed(double d, boolean percent) {
        if (Double.isNaN(d)) {
            return "n/a";
        }
        return percent ? String.format(Locale.ROOT, "%+.1f%%", d * 100) : String.format(Locale.ROOT, "%+.3f", d);
    }

    private static void metricRow(PrintWriter out, String name, double old, double now, boolean percent) {
        out.println(String.format(Locale.ROOT, "  %-22s %8s %8s %8s", name, percent ? pct(old) : num(old),
                percent ? pct(now) : num(now), signed(now - old, percent)));
    }

    static void printComparison(PrintWriter out, Comparison.Report c, Path oldDir) {
        Evaluation.Report o = c.old();
        Evaluation.Report n = c.now();
        out.println();
        out.println("Comparison with " + oldDir + " (ruleset " + o.rulesetVersion() + " -> " + n.rulesetVersion()
                + ") on the same " + n.documents() + " texts");
        out.println("  " + String.format(Locale.ROOT, "%-22s %8s %8s %8s", "", "old", "new", "delta"));
        metricRow(out, "precision", o.overall().precision(), n.overall().precision(), false);
        metricRow(out, "recall", o.overall().recall(), n.overall().recall(), false);
        metricRow(out, "F1", o.overall().f1(), n.overall().f1(), false);
        metricRow(out, "FP rate (ok)", o.okFalsePositiveRate(), n.okFalsePositiveRate(), true);
        metricRow(out, "BLOCK rate (ok)", o.okBlockRate(), n.okBlockRate(), true);
        out.println(String.format(Locale.ROOT, "  %-22s %8d %8d %+8d", "flag texts caught",
                o.confusion().truePositives(), n.confusion().truePositives(),
                n.confusion().truePositives() - o.confusion().truePositives()));
        out.println(String.format(Locale.ROOT, "  %-22s %8d %8d %+8d", "ok texts flagged",
                o.confusion().falsePositives(), n.confusion().falsePositives(),
                n.confusion().falsePositives() - o.confusion().falsePositives()));
        out.println();
        out.println("Verdict changes: " + c.verdictChanges() + " (" + c.broken() + " broken, " + c.fixed() + " fixed, "
                + c.severity() + " REVIEW<->BLOCK)" + (c.verdictChanges() == 0 ? "" : ":"));
        for (Comparison.Change k : c.changes()) {
            out.println("  " + Width.padRight(k.effect(), 8) + " " + Highlighter.flat(k.id()) + "  "
                    + k.label().name().toLowerCase(Locale.ROOT) + "  " + k.oldVerdict() + " " + k.oldScore() + " -> "
                    + k.newVerdict() + " " + k.newScore() + "  "
                    + (k.newRules().isEmpty() ? "(no rule fired)" : String.join(",", k.newRules())) + "  "
                    + k.excerpt());
        }
        if (c.changes().size() < c.verdictChanges()) {
            out.println("  ... and " + (c.verdictChanges() - c.changes().size()) + " more");
        }
        out.println();
        out.println("Rule changes (hits on flag / ok texts, weight): " + c.rules().size()
                + (c.rules().isEmpty() ? "" : ":"));
        if (!c.rules().isEmpty()) {
            int rw = Math.max(12, c.rules().stream().mapToInt(x -> x.rule().length()).max().orElse(0));
            out.println("  " + Width.padRight("rule", rw) + "  status    flag old->new     ok old->new   weight old->new");
            for (Comparison.RuleDelta d : c.rules()) {
                out.println("  " + Width.padRight(d.rule(), rw) + "  " + Width.padRight(d.status(), 8)
                        + String.format(Locale.ROOT, "  %5d -> %-5d  %5d -> %-5d  %6s -> %s", d.oldFlagHits(),
                        d.newFlagHits(), d.oldOkHits(), d.newOkHits(), d.oldWeight() == null ? "-" : d.oldWeight(),
                        d.newWeight() == null ? "-" : d.newWeight()));
            }
        }
    }

    static ObjectNode toJson(Comparison.Report c, Path oldDir) {
        Evaluation.Report o = c.old();
        Evaluation.Report n = c.now();
        ObjectNode j = Jsonl.mapper().createObjectNode();
        j.put("oldRules", oldDir.toString());
        j.put("oldRulesetVersion", o.rulesetVersion());
        j.put("newRulesetVersion", n.rulesetVersion());
        ObjectNode m = j.putObject("metrics");
        delta(m.putObject("precision"), o.overall().precision(), n.overall().precision());
        delta(m.putObject("recall"), o.overall().recall(), n.overall().recall());
        delta(m.putObject("f1"), o.overall().f1(), n.overall().f1());
        delta(m.putObject("okFalsePositiveRate"), o.okFalsePositiveRate(), n.okFalsePositiveRate());
        delta(m.putObject("okBlockRate"), o.okBlockRate(), n.okBlockRate());
        j.putObject("confusionOld").put("truePositives", o.confusion().truePositives())
                .put("falseNegatives", o.confusion().falseNegatives())
                .put("falsePositives", o.confusion().falsePositives())
                .put("trueNegatives", o.confusion().trueNegatives());
        j.put("verdictChanges", c.verdictChanges()).put("fixed", c.fixed()).put("broken", c.broken())
                .put("severity", c.severity());
        ArrayNode changes = j.putArray("changes");
        for (Comparison.Change k : c.changes()) {
            ObjectNode x = changes.addObject().put("id", k.id()).put("label", k.label().name().toLowerCase(Locale.ROOT))
                    .put("category", k.category()).put("effect", k.effect())
                    .put("oldVerdict", k.oldVerdict().name()).put("oldScore", k.oldScore())
                    .put("newVerdict", k.newVerdict().name()).put("newScore", k.newScore());
            k.oldRules().forEach(x.putArray("oldRules")::add);
            k.newRules().forEach(x.putArray("newRules")::add);
            x.put("excerpt", k.excerpt());
        }
        ArrayNode rules = j.putArray("rules");
        for (Comparison.RuleDelta d : c.rules()) {
            ObjectNode x = rules.addObject().put("rule", d.rule()).put("category", d.category())
                    .put("status", d.status());
            if (d.oldWeight() == null) {
                x.putNull("oldWeight");
            } else {
                x.put("oldWeight", d.oldWeight());
            }
            if (d.newWeight() == null) {
                x.putNull("newWeight");
            } else {
                x.put("newWeight", d.newWeight());
            }
            x.put("oldFlagHits", d.oldFlagHits()).put("newFlagHits", d.newFlagHits())
                    .put("oldOkHits", d.oldOkHits()).put("newOkHits", d.newOkHits());
        }
        return j;
    }

    private static void delta(ObjectNode n, double old, double now) {
        put(n, "old", old);
        put(n, "new", now);
        put(n, "delta", now - old);
    }
}
