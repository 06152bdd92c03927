package io.bianwei.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.Finding;
import io.bianwei.ScreeningResult;
import io.bianwei.Span;
import io.bianwei.json.Jsonl;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes the outcomes of {@code screen} in one of its formats; every outcome, in order. */
abstract class ResultWriter {
    protected final PrintWriter out;

    ResultWriter(PrintWriter out) {
        this.out = out;
    }

    void begin() {
    }

    abstract void write(BatchRunner.Outcome o);

    void end(Summary summary) {
        out.flush();
    }

    /** False once stdout is gone (the reader of a pipe exited, or the disk is full: see {@link Output#problem}). */
    boolean ok() {
        return !out.checkError();
    }

    /** Why stdout could not be written, when it is not just a reader that went away; null otherwise. */
    String problem() {
        return Output.problem(out);
    }

    /** The JSONL contract line of an outcome (io.bianwei.json.Jsonl; input fields other than id/text kept). */
    static String jsonLine(BatchRunner.Outcome o, String rulesetVersion) {
        return o.isError()
                ? Jsonl.errorLine(o.record().id(), o.error(), rulesetVersion, o.record().extra())
                : Jsonl.line(o.result(), o.record().extra());
    }

    /** One JSON object per line; flushed per document so a downstream reader sees results as they come. */
    static final class JsonLines extends ResultWriter {
        private final String rulesetVersion;

        JsonLines(PrintWriter out, String rulesetVersion) {
            super(out);
            this.rulesetVersion = rulesetVersion;
        }

        @Override
        void write(BatchRunner.Outcome o) {
            out.print(jsonLine(o, rulesetVersion));
            out.print('\n');
            out.flush();
        }
    }

    /** One JSON document: {"rulesetVersion", "results": [same objects as jsonl], "summary"}; streamed. */
    static final class Json extends ResultWriter {
        private final String rulesetVersion;
        private final JsonGenerator gen;

        Json(PrintWriter out, String rulesetVersion) {
            super(out);
            this.rulesetVersion = rulesetVersion;
            try {
                this.gen = Jsonl.mapper().getFactory().createGenerator(out)
                        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                        .setPrettyPrinter(new DefaultPrettyPrinter());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void begin() {
            try {
                gen.writeStartObject();
                gen.writeStringField("rulesetVersion", rulesetVersion);
                gen.writeArrayFieldStart("results");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void write(BatchRunner.Outcome o) {
            try {
                JsonNode node = o.isError()
                        ? Jsonl.errorJson(o.record().id(), o.error(), rulesetVersion, o.record().extra())
                        : Jsonl.toJson(o.result(), o.record().extra());
                gen.writeTree(node);
                gen.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void end(Summary summary) {
            try {
                gen.writeEndArray();
                gen.writeFieldName("summary");
                gen.writeTree(summary.toJson());
                gen.writeEndObject();
                gen.flush();
                out.println();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            super.end(summary);
        }
    }

    /**
     * For people: verdict and score per document; for REVIEW and BLOCK each finding with its rule, message and
     * highlighted evidence. A PASS is one line: its findings (context rules that let it through, evidence below the
     * threshold) are what {@code explain} is for.
     */
    static final class Text extends ResultWriter {
        private final Style style;

        Text(PrintWriter out, Style style) {
            super(out);
            this.style = style;
        }

        @Override
        void write(BatchRunner.Outcome o) {
            String id = Highlighter.flat(o.record().id());
            if (o.isError()) {
                out.println(style.bold(id) + "  " + style.verdict("ERROR") + "  " + Highlighter.flat(o.error()));
                out.flush();
                return;
            }
            ScreeningResult r = o.result();
            out.println(style.bold(id) + "  " + style.verdict(r.verdict().name()) + "  score " + r.score()
                    + categories(r.categoryScores()));
            if (r.verdict() != io.bianwei.Verdict.PASS) {
                for (Finding f : r.findings()) {
                    printFinding(out, style, f, o.record().text(), "  ");
                }
            }
            for (String note : r.notes()) {
                out.println("  note: " + note);
            }
            out.flush();
        }

        private static String categories(Map<String, Integer> scores) {
            return scores.isEmpty() ? "" : "  (" + scores.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** Most evidence spans shown in context per finding (a rule over a long text may cite thousands). */
    static final int MAX_EXCERPT_SPANS = 20;

    /**
     * A finding as two lines: rule, weight, category, message; then the evidence in its context (the first
     * {@link #MAX_EXCERPT_SPANS} spans, with a note when there are more).
     */
    static void printFinding(PrintWriter out, Style style, Finding f, String text, String indent) {
        out.println(indent + style.bold(f.ruleId()) + "  " + style.weight(f.weight()) + "  " + f.category() + "  "
                + Highlighter.flat(f.message()));
        List<Span> spans = f.spans().size() <= MAX_EXCERPT_SPANS ? f.spans()
                : f.spans().stream().sorted().limit(MAX_EXCERPT_SPANS).toList();
        out.println(indent + "    " + Highlighter.excerpt(text, spans, 16, style, f.isContext())
                + (spans.size() < f.spans().size() ? " " + style.dim("(and " + (f.spans().size() - spans.size())
                + " more spans)") : ""));
    }
}
