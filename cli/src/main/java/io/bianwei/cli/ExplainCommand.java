package io.bianwei.cli;

import io.bianwei.Explanation;
import io.bianwei.Finding;
import io.bianwei.LearnedModel;
import io.bianwei.Scoring;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.Span;
import io.bianwei.json.DocumentReader;
import io.bianwei.json.InputRecord;
import io.bianwei.json.Jsonl;
import io.bianwei.json.Layout;
import io.bianwei.json.RawRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
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
import java.util.function.Function;

/** {@code bianwei explain TEXT}: every step of screening one text. */
@Command(name = "explain", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:explained (whatever the verdict)", "2:usage error, or a --rules pack does not compile",
                "3:stdin is not UTF-8 text", "4:internal error, or stdout could not be written"},
        description = {"Explain how one text is screened: the normalised text, the tokens, the term-list hits "
                + "(and whether each was kept), every rule that fired with its weight, the score arithmetic as a "
                + "table and the verdict.",
                "Exit code 0 whatever the verdict (use screen to gate on it)."})
final class ExplainCommand implements Callable<Integer> {
    enum Format { TEXT, JSON }

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TEXT", description = "The text itself, or - to read it from stdin.")
    String text;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "text (default) or json.")
    Format format = Format.TEXT;

    @Mixin
    ScreenerOptions screenerOptions;

    @Option(names = "--color", paramLabel = "WHEN", description = "auto, always or never (as for screen).")
    ScreenCommand.Colour colour = ScreenCommand.Colour.AUTO;

    @Override
    public Integer call() throws IOException {
        Screener screener = screenerOptions.build(main.env);
        PrintWriter err = spec.commandLine().getErr();
        String input = text;
        if ("-".equals(text)) {
            input = readStdin(screener);
        } else if (looksLikeAFile(text)) {
            err.println("bianwei: note: explaining the text '" + Highlighter.flat(text) + "' itself; for the content "
                    + "of that file: bianwei explain - < " + Highlighter.flat(text));
            err.flush();
        }
        Explanation e = screener.explain(input);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.JSON) {
            writeJson(out, input, e);
        } else {
            Style style = Style.of(colour == ScreenCommand.Colour.ALWAYS
                    || colour == ScreenCommand.Colour.AUTO && Terminal.colourAllowed(main.env.stdoutTty()));
            print(out, style, input, e);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static boolean looksLikeAFile(String s) {
        try {
            return s.length() < 4096 && s.indexOf('\n') < 0 && Files.isRegularFile(Path.of(s));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** stdin as one text, read as {@code screen -} reads a text: strict UTF-8, only as far as the screener looks. */
    private String readStdin(Screener screener) throws IOException {
        DocumentReader.Limits limits = DocumentReader.Limits.defaults()
                .withMaxTextChars(screener.settings().maxTextLength());
        RawRecord raw = new DocumentReader(main.env.stdin(), "stdin", Layout.TEXT, limits).next();
        InputRecord r = raw.toRecord("id", "text");
        if (r.isError()) {
            throw new CliException(ExitCodes.UNREADABLE, r.error());
        }
        if (r.text().isBlank()) {
            throw CliException.usage("stdin is empty: nothing to explain");
        }
        return r.text();
    }

    // --- text ------------------------------------------------------------------------------------------------------

    /** Most characters of the text and of the normalised text shown (the JSON has its own, larger caps). */
    static final int MAX_CHARS = 2_000;

    /**
     * The explanation for people, of bounded size whatever the text's length: the text and the normalised text up
     * to {@link #MAX_CHARS} characters, the first {@link Jsonl#EXPLAIN_MAX_TOKENS} tokens and
     * {@link Jsonl#EXPLAIN_MAX_HITS} hits, and at most {@link ResultWriter#MAX_EXCERPT_SPANS} pieces of evidence per
     * rule; every cut says what it left out.
     */
    static void print(PrintWriter out, Style style, String text, Explanation e) {
        ScreeningResult r = e.result();
        out.println(style.bold("Text") + "        " + capped(text, style));
        out.println(style.bold("Normalised") + "  " + capped(e.normalized(), style));
        out.print(style.bold("Tokens") + "      ");
        if (e.tokens().isEmpty()) {
            out.print(style.dim("(none: no term-list hit, so segmentation was skipped)"));
        }
        int shownTokens = Math.min(e.tokens().size(), Jsonl.EXPLAIN_MAX_TOKENS);
        for (int i = 0; i < shownTokens; i++) {
            Explanation.Token t = e.tokens().get(i);
            out.print((i == 0 ? "" : " ") + Highlighter.flat(t.word()) + "/" + t.pos());
        }
        if (shownTokens < e.tokens().size()) {
            out.print(" " + style.dim("… (the first " + count(shownTokens) + " of " + count(e.tokens().size())
                    + " tokens; explain shows at most " + count(Jsonl.EXPLAIN_MAX_TOKENS) + ")"));
        }
        out.println();
        out.println();
        out.println(style.bold("Term hits") + (e.hits().isEmpty() ? "   " + style.dim("(none)") : ""));
        if (!e.hits().isEmpty()) {
            List<Explanation.TermHit> shown = e.hits().subList(0, Math.min(e.hits().size(), Jsonl.EXPLAIN_MAX_HITS));
            Table<Explanation.TermHit> hits = new Table<>(List.of(
                    Column.left("list", h -> Highlighter.flat(h.list())),
                    Column.left("term", h -> Highlighter.flat(h.term())),
                    Column.left("span", h -> "[" + h.span().start() + "," + h.span().end() + ")"),
                    Column.left("text", h -> Highlighter.flat(h.span().text())),
                    Column.right("sentence", h -> String.valueOf(h.sentence())),
                    Column.left("kept", h -> h.kept() ? "yes" : "no"),
                    Column.left("via", h -> h.variant() == null || "literal".equals(h.variant()) ? ""
                            : Highlighter.flat(h.variant()))), shown);
            hits.print(out, "  ", style);
            if (shown.size() < e.hits().size()) {
                out.println("  " + style.dim("… (the first " + count(shown.size()) + " of " + count(e.hits().size())
                        + " hits; explain shows at most " + count(Jsonl.EXPLAIN_MAX_HITS) + ")"));
            }
            if (e.hits().stream().anyMatch(h -> !h.kept())) {
                out.println("  " + style.dim("kept no: the hit crosses a word boundary (a short term inside a "
                        + "longer word), so no rule sees it"));
            }
        }
        if (!e.learned().isEmpty()) {
            out.println();
            out.println(style.bold("Learned models") + " " + style.dim("(probability; strongest tokens with their own probability)"));
            for (LearnedModel.Score sc : e.learned()) {
                out.println("  " + Width.padRight(sc.category(), 16) + String.format(Locale.ROOT, " p=%.3f  ", sc.probability())
                        + String.join(", ", sc.clues().stream().limit(8).map(c -> Highlighter.flat(c.span().text())
                        + String.format(Locale.ROOT, " %.2f", c.probability())).toList()));
            }
        }
        out.println();
        out.println(style.bold("Rules fired") + (r.findings().isEmpty() ? " " + style.dim("(none)") : ""));
        for (Finding f : r.findings()) {
            ResultWriter.printFinding(out, style, f, text, "  ");
        }
        out.println();
        printScore(out, style, e.scoring());
        for (String note : r.notes()) {
            out.println("  note: " + note);
        }
        out.println();
        out.println(style.bold("Verdict") + "     " + style.verdict(r.verdict().name()) + "  score " + r.score()
                + "  " + style.dim("ruleset " + r.rulesetVersion()));
    }

    /** The text flattened to one line, cut at {@link #MAX_CHARS} with a note saying how much is left out. */
    private static String capped(String s, Style style) {
        if (s.length() <= MAX_CHARS) {
            return Highlighter.flat(s);
        }
        int end = Character.isLowSurrogate(s.charAt(MAX_CHARS)) ? MAX_CHARS - 1 : MAX_CHARS;
        return Highlighter.flat(s.substring(0, end)) + " " + style.dim("… (the first " + count(end) + " of "
                + count(s.length()) + " characters)");
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /**
     * The score as a table of named numbers:
     * <pre>
     *   category        evidence  capped  context  points  score
     *   pseudo_science       +80      80     -200       0      0
     *   total                                           0      0
     *   score 0 = points (up to 80; above, they saturate towards 100) · REVIEW ≥ 40 · BLOCK ≥ 70 → PASS
     * </pre>
     */
    static void printScore(PrintWriter out, Style style, Scoring.Breakdown b) {
        out.println(style.bold("Score") + (b.categories().isEmpty() ? "       " + style.dim("(no finding in any category)")
                : ""));
        if (!b.categories().isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            for (Scoring.CategoryPoints c : b.categories()) {
                rows.add(new String[]{Highlighter.flat(c.category()), "+" + c.evidence(), String.valueOf(c.capped()),
                        String.valueOf(c.context()), String.valueOf(c.points()), String.valueOf(c.score())});
            }
            rows.add(new String[]{"total", "", "", "", String.valueOf(b.points()), String.valueOf(b.score())});
            Table<String[]> t = new Table<>(List.of(Column.left("category", x -> x[0]),
                    Column.right("evidence", x -> x[1]), Column.right("capped", x -> x[2]),
                    Column.right("context", x -> x[3]), Column.right("points", x -> x[4]),
                    Column.right("score", x -> x[5])), rows);
            t.print(out, "  ", style);
        }
        out.println("  " + style.dim("evidence = positive weights (capped at " + b.cap() + " per category), context = "
                + "negative weights"));
        out.println("  " + style.dim("points = max(0, capped + context); score = the total up to 80, saturating towards "
                + "100 above"));
        out.println("  score " + b.score() + " · REVIEW ≥ " + b.review() + " · BLOCK ≥ " + b.block() + " → "
                + b.verdict());
    }

    /** A column of a text table: header, alignment, cell of a row. */
    record Column<T>(String header, boolean right, Function<T, String> cell) {
        static <T> Column<T> left(String header, Function<T, String> cell) {
            return new Column<>(header, false, cell);
        }

        static <T> Column<T> right(String header, Function<T, String> cell) {
            return new Column<>(header, true, cell);
        }
    }

    /** A text table whose columns are as wide as their widest cell (CJK counted as two columns): long terms fit. */
    record Table<T>(List<Column<T>> columns, List<T> rows) {
        void print(PrintWriter out, String indent, Style style) {
            int[] widths = new int[columns.size()];
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Width.of(columns.get(i).header());
            }
            for (T row : rows) {
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = Math.max(widths[i], Width.of(columns.get(i).cell().apply(row)));
                }
            }
            StringBuilder header = new StringBuilder(indent);
            for (int i = 0; i < widths.length; i++) {
                header.append(i == 0 ? "" : "  ").append(cell(columns.get(i).header(), widths[i], columns.get(i).right()));
            }
            out.println(style.dim(header.toString().stripTrailing()));
            for (T row : rows) {
                StringBuilder sb = new StringBuilder(indent);
                for (int i = 0; i < widths.length; i++) {
                    sb.append(i == 0 ? "" : "  ").append(cell(columns.get(i).cell().apply(row), widths[i],
                            columns.get(i).right()));
                }
                out.println(sb.toString().stripTrailing());
            }
        }

        private static String cell(String s, int width, boolean right) {
            return right ? Width.padLeft(s, width) : Width.padRight(s, width);
        }
    }

    // --- json ------------------------------------------------------------------------------------------------------

    /** The explanation as one JSON document (the json module's, shared with the screening service), streamed. */
    static void writeJson(PrintWriter out, String text, Explanation e) throws IOException {
        Jsonl.writeExplanation(out, text, e);
        out.println();
    }

    /** Pads to a display width, counting CJK characters as two columns. */
    static String pad(String s, int width) {
        return Width.padRight(s, width);
    }
}
