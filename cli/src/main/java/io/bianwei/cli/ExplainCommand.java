package io.bianwei.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Explanation;
import io.bianwei.Finding;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.Span;
import io.bianwei.json.Jsonl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code bianwei explain TEXT}: every step of screening one text. */
@Command(name = "explain", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:explained (whatever the verdict)", "2:usage error, or a --rules pack does not compile",
                "3:stdin is not valid UTF-8"},
        description = {"Explain how one text is screened: the normalised text, the tokens, the term-list hits, "
                + "every rule that fired with its weight, the score arithmetic and the verdict.",
                "Exit code 0 whatever the verdict (use screen to gate on it)."})
final class ExplainCommand implements Callable<Integer> {
    enum Format { TEXT, JSON }

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TEXT", description = "The text, or - to read it from stdin.")
    String text;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "text (default) or json.")
    Format format = Format.TEXT;

    @Mixin
    ScreenerOptions screenerOptions;

    @Option(names = "--color", paramLabel = "WHEN", description = "auto, always or never (as for screen).")
    ScreenCommand.Colour colour = ScreenCommand.Colour.AUTO;

    @Override
    public Integer call() throws IOException {
        String input = text;
        if ("-".equals(text)) {
            byte[] bytes = main.env.stdin().readAllBytes();
            Utf8.Decoded d = Utf8.decode(bytes);
            if (!d.ok()) {
                throw new CliException(ExitCodes.UNREADABLE, "stdin:" + Utf8.lineOf(bytes, d.errorOffset())
                        + ": not valid UTF-8 (byte offset " + d.errorOffset() + ")");
            }
            input = d.text();
        }
        Screener screener = screenerOptions.build(main.env);
        Explanation e = screener.explain(input);
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.JSON) {
            out.println(Jsonl.write(toJson(input, e)));
        } else {
            Style style = Style.of(colour == ScreenCommand.Colour.ALWAYS
                    || colour == ScreenCommand.Colour.AUTO && Terminal.colourAllowed(main.env.stdoutTty()));
            print(out, style, input, e);
        }
        out.flush();
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, Style style, String text, Explanation e) {
        ScreeningResult r = e.result();
        out.println(style.bold("Text") + "        " + Highlighter.flat(text));
        out.println(style.bold("Normalised") + "  " + Highlighter.flat(e.normalized()));
        out.println(style.bold("Tokens") + "      " + (e.tokens().isEmpty()
                ? style.dim("(none: no term-list hit, so segmentation was skipped)")
                : e.tokens().stream().map(t -> Highlighter.flat(t.word()) + "/" + t.pos())
                .collect(Collectors.joining(" "))));
        out.println();
        out.println(style.bold("Term hits") + (e.hits().isEmpty() ? "   " + style.dim("(none)") : ""));
        for (Explanation.TermHit h : e.hits()) {
            out.println("  " + pad(h.list(), 16) + " " + pad(Highlighter.flat(h.term()), 10) + " "
                    + span(h.span()) + "  sentence " + h.sentence()
                    + (h.variant() == null || "literal".equals(h.variant()) ? "" : "  via " + h.variant())
                    + (h.kept() ? "" : "  " + style.dim("dropped: crosses a word boundary")));
        }
        if (!e.learned().isEmpty()) {
            out.println();
            out.println(style.bold("Learned models") + " " + style.dim("(probability; strongest tokens with their own probability)"));
            for (io.bianwei.LearnedModel.Score sc : e.learned()) {
                out.println("  " + pad(sc.category(), 16) + String.format(java.util.Locale.ROOT, " p=%.3f  ", sc.probability())
                        + sc.clues().stream().limit(8).map(c -> Highlighter.flat(c.span().text())
                        + String.format(java.util.Locale.ROOT, " %.2f", c.probability())).collect(Collectors.joining(", ")));
            }
        }
        out.println();
        out.println(style.bold("Rules fired") + (r.findings().isEmpty() ? " " + style.dim("(none)") : ""));
        for (Finding f : r.findings()) {
            ResultWriter.printFinding(out, style, f, text, "  ");
        }
        out.println();
        out.println(style.bold("Score"));
        for (String line : e.arithmetic()) {
            out.println("  " + line);
        }
        for (String note : r.notes()) {
            out.println("  note: " + note);
        }
        out.println();
        out.println(style.bold("Verdict") + "     " + style.verdict(r.verdict().name()) + "  score " + r.score()
                + "  " + style.dim("ruleset " + r.rulesetVersion()));
    }

    private static String span(Span s) {
        return "[" + s.start() + "," + s.end() + ") " + Highlighter.flat(s.text());
    }

    /** Pads to a display width, counting CJK characters as two columns. */
    static String pad(String s, int width) {
        return Width.padRight(s, width);
    }

    /** The JSON document of {@code --format json} (the json module's, shared with the screening service). */
    static ObjectNode toJson(String text, Explanation e) {
        return Jsonl.explanation(text, e);
    }
}
