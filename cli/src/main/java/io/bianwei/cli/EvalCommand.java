package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Screener;
import io.bianwei.json.InputRecord;
import io.bianwei.json.Jsonl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bianwei eval --labels FILE.jsonl}: precision, recall, per-category and per-rule statistics. */
@Command(name = "eval", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:evaluated", "2:usage error, or a --rules pack does not compile",
                "3:some records could not be read or had no valid label (left out of the figures)"},
        description = {"Evaluate the screener on labelled JSONL: each line {\"id\", \"text\", \"label\": "
                + "\"flag\"|\"ok\", \"category\" (optional)}.",
                "Reports the confusion matrix (flagged = REVIEW or BLOCK), precision/recall/F1 overall and per "
                        + "category, the false-positive and BLOCK rates on ok texts, SpamAssassin-style per-rule "
                        + "hit statistics, and the top false positives and negatives.",
                "Exit 0, or 3 when some records could not be read or had no valid label."})
final class EvalCommand implements Callable<Integer> {
    enum Format { TEXT, JSON }

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Option(names = "--labels", required = true, paramLabel = "FILE.jsonl",
            description = "Labelled JSONL file, or - for stdin.")
    String labels;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "text (default) or json.")
    Format format = Format.TEXT;

    @Option(names = "--top", paramLabel = "N", description = "How many false positives/negatives to list "
            + "(default ${DEFAULT-VALUE}).")
    int top = Evaluation.DEFAULT_TOP;

    @Mixin
    ScreenerOptions screenerOptions;

    @Option(names = "--threads", paramLabel = "N", description = "Screening threads (default: processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--id-field", paramLabel = "NAME", description = "Field with the id (default: ${DEFAULT-VALUE}).")
    String idField = "id";

    @Option(names = "--text-field", paramLabel = "NAME", description = "Field with the text (default: ${DEFAULT-VALUE}).")
    String textField = "text";

    @Option(names = "--label-field", paramLabel = "NAME", description = "Field with the label (default: ${DEFAULT-VALUE}).")
    String labelField = "label";

    @Option(names = "--category-field", paramLabel = "NAME",
            description = "Field with the category (default: ${DEFAULT-VALUE}).")
    String categoryField = "category";

    @Option(names = "--progress", negatable = true,
            description = "Show the progress bar on stderr (default: when stderr is a terminal).")
    Boolean progress;

    @Override
    public Integer call() {
        if (threads < 1 || top < 0) {
            throw CliException.usage("--threads must be at least 1 and --top at least 0");
        }
        if (!labels.equals("-") && !Files.isRegularFile(Path.of(labels))) {
            throw CliException.usage("--labels: no such file: " + labels);
        }
        ScreenerConfig config = screenerOptions.config();
        Screener screener = ScreenerOptions.build(main.env, config);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Evaluation.Accumulator acc = new Evaluation.Accumulator(screener.rules(), screener.rulesetVersion(), top);
        Progress bar = new Progress(err, progress != null ? progress : main.env.stderrTty());
        long[] done = {0};
        try (Inputs in = Inputs.jsonl(labels,
                new Inputs.Options(idField, textField, Inputs.StdinFormat.JSONL), main.env.stdin())) {
            Iterator<InputRecord> checked = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return in.hasNext();
                }

                @Override
                public InputRecord next() {
                    return withLabel(in.next());
                }
            };
            BatchRunner.run(screener, checked, threads, o -> {
                if (o.isError()) {
                    acc.addFailure(o.record().id(), o.error());
                } else {
                    acc.add(sample(o.record()), o.result());
                }
                bar.update(++done[0], in.bytesDone(), in.totalBytes());
                return true;
            });
            bar.clear();
        }
        Evaluation.Report report = acc.report();
        if (format == Format.JSON) {
            out.println(Jsonl.write(toJson(report, config)));
        } else {
            print(out, report, config, labels);
        }
        out.flush();
        return report.failures() > 0 ? ExitCodes.UNREADABLE : ExitCodes.OK;
    }

    /** The record, or an error record when its label is missing or invalid. */
    private InputRecord withLabel(InputRecord r) {
        if (r.isError()) {
            return r;
        }
        JsonNode label = r.extra().get(labelField);
        try {
            Evaluation.Label.parse(label == null || !label.isTextual() ? null : label.textValue());
            return r;
        } catch (IllegalArgumentException e) {
            return new InputRecord(r.id(), null, r.extra(), r.id() + ": '" + labelField + "' must be flag or ok, got "
                    + (label == null ? "nothing" : label.toString()));
        }
    }

    private Evaluation.Sample sample(InputRecord r) {
        JsonNode category = r.extra().get(categoryField);
        return new Evaluation.Sample(r.id(), r.text(), Evaluation.Label.parse(r.extra().get(labelField).textValue()),
                category != null && category.isValueNode() && !category.isNull() ? category.asText() : null);
    }

    // --- output ----------------------------------------------------------------------------------------------------

    static String num(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.3f", d);
    }

    static String pct(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", d * 100);
    }

    static void print(PrintWriter out, Evaluation.Report r, ScreenerConfig config, String source) {
        Evaluation.Confusion c = r.confusion();
        out.println("Evaluation of " + source + ": " + r.documents() + " texts (" + r.flagDocuments() + " flag, "
                + r.okDocuments() + " ok), " + r.failures() + " unreadable; thresholds REVIEW >= "
                + config.effectiveReview() + ", BLOCK >= " + config.effectiveBlock() + "; ruleset "
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
        printCases(out, "Top false positives (ok texts flagged, highest score first)", r.falsePositives());
        printCases(out, "Top false negatives (flag texts passed, lowest score first)", r.falseNegatives());
        if (r.failures() > 0) {
            out.println();
            out.println("Unreadable records (" + r.failures() + ")");
            r.failureList().forEach(f -> out.println("  " + Highlighter.flat(f.error())));
        }
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

    static ObjectNode toJson(Evaluation.Report r, ScreenerConfig config) {
        ObjectNode o = Jsonl.mapper().createObjectNode();
        o.put("rulesetVersion", r.rulesetVersion());
        o.putObject("thresholds").put("review", config.effectiveReview()).put("block", config.effectiveBlock());
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
    private static void put(ObjectNode n, String key, double d) {
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
}
