package io.bianwei.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Explanation;
import io.bianwei.Finding;
import io.bianwei.LearnedModel;
import io.bianwei.RuleExample;
import io.bianwei.RuleInfo;
import io.bianwei.Scoring;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.Span;

import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The pinned JSONL output contract, one object per input document:
 * <pre>
 * {"id":…, "verdict":"PASS|REVIEW|BLOCK|ERROR", "score":0-100, "categories":{category:score},
 *  "findings":[{"rule","category","weight","message","spans":[{"start","end","text"}]}],
 *  "rulesetVersion":…, "complete":true, "elapsedMicros":…}
 * </pre>
 * {@code ERROR} lines carry {@code error}, {@code "score": null} and empty {@code categories} and {@code findings}.
 * Offsets are UTF-16 units of the original text. Fields of the input record other than id and text are copied
 * through, unless they clash with these keys.
 *
 * <p>Also the two other machine-readable documents that {@code bianwei explain --format json},
 * {@code bianwei rules list --format json} and the screening service ({@code POST /v1/explain},
 * {@code GET /v1/rules}) share: {@link #writeExplanation} and {@link #rules}.
 */
public final class Jsonl {
    /**
     * The shared mapper. Jackson's own cap on string length (20 M chars) is lifted: {@link DocumentReader} caps whole
     * records before they are parsed, with a message naming the record, where Jackson's cap would only say the JSON
     * is broken and lose the id. Input is read by {@link JsonInput}; this mapper writes.
     */
    static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).build())
            .build());

    private Jsonl() {
    }

    /** The shared, thread-safe mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode toJson(ScreeningResult r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", r.id());
        o.put("verdict", r.verdict().name());
        o.put("score", r.score());
        ObjectNode cats = o.putObject("categories");
        r.categoryScores().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> cats.put(e.getKey(), e.getValue()));
        ArrayNode fs = o.putArray("findings");
        for (Finding f : r.findings()) {
            ObjectNode fo = fs.addObject();
            fo.put("rule", f.ruleId());
            fo.put("category", f.category());
            fo.put("weight", f.weight());
            fo.put("message", f.message());
            ArrayNode spans = fo.putArray("spans");
            for (Span s : f.spans()) {
                spans.addObject().put("start", s.start()).put("end", s.end()).put("text", s.text());
            }
        }
        o.put("rulesetVersion", r.rulesetVersion());
        o.put("complete", r.complete());
        if (!r.notes().isEmpty()) {
            ArrayNode notes = o.putArray("notes");
            r.notes().forEach(notes::add);
        }
        o.put("elapsedMicros", r.elapsed().toNanos() / 1000);
        return o;
    }

    /** The output object for a screened record (extra input fields copied through, unless they clash). */
    public static ObjectNode toJson(ScreeningResult r, Map<String, JsonNode> extra) {
        ObjectNode o = toJson(r);
        extra.forEach((k, v) -> {
            if (!o.has(k)) {
                o.set(k, v);
            }
        });
        return o;
    }

    /** The output line for a screened record (extra input fields copied through). */
    public static String line(ScreeningResult r, Map<String, JsonNode> extra) {
        return write(toJson(r, extra));
    }

    /** The output line for a record that could not be screened. */
    public static String errorLine(String id, String error, String rulesetVersion, Map<String, JsonNode> extra) {
        return write(errorJson(id, error, rulesetVersion, extra));
    }

    /** The output object for a record that could not be screened. */
    public static ObjectNode errorJson(String id, String error, String rulesetVersion, Map<String, JsonNode> extra) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", id);
        o.put("verdict", "ERROR");
        o.putNull("score");
        o.put("error", error);
        o.putObject("categories");
        o.putArray("findings");
        o.put("rulesetVersion", rulesetVersion);
        extra.forEach((k, v) -> {
            if (!o.has(k)) {
                o.set(k, v);
            }
        });
        return o;
    }

    /** Most characters of {@code text} and {@code normalized} an explanation shows. */
    public static final int EXPLAIN_MAX_CHARS = 10_000;
    /** Most tokens an explanation lists. */
    public static final int EXPLAIN_MAX_TOKENS = 2_000;
    /** Most term-list hits an explanation lists. */
    public static final int EXPLAIN_MAX_HITS = 1_000;

    /**
     * The explanation of one text as one JSON document, streamed, of bounded size whatever the text's length:
     * {@code text} and {@code normalized} (their first {@value #EXPLAIN_MAX_CHARS} characters), {@code tokens}
     * ({@code word, pos, start, end}; the first {@value #EXPLAIN_MAX_TOKENS}), {@code hits} ({@code list, term, start,
     * end, text, sentence, kept, variant}; the first {@value #EXPLAIN_MAX_HITS}), {@code totals} (the full
     * {@code textLength}, {@code normalizedLength}, {@code tokens} and {@code hits}, so a reader sees what was cut),
     * {@code learned} ({@code category, probability, clues}), {@code scoring} (the named numbers of
     * {@link Scoring.Breakdown}, see {@link #scoring}) and {@code result} (the result object of {@link #toJson}).
     */
    public static void writeExplanation(java.io.Writer out, String text, Explanation e) throws java.io.IOException {
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            g.writeStartObject();
            g.writeStringField("text", head(text, EXPLAIN_MAX_CHARS));
            g.writeStringField("normalized", head(e.normalized(), EXPLAIN_MAX_CHARS));
            g.writeArrayFieldStart("tokens");
            for (Explanation.Token t : e.tokens().subList(0, Math.min(e.tokens().size(), EXPLAIN_MAX_TOKENS))) {
                g.writeStartObject();
                g.writeStringField("word", t.word());
                g.writeStringField("pos", t.pos());
                g.writeNumberField("start", t.span().start());
                g.writeNumberField("end", t.span().end());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("hits");
            for (Explanation.TermHit h : e.hits().subList(0, Math.min(e.hits().size(), EXPLAIN_MAX_HITS))) {
                g.writeStartObject();
                g.writeStringField("list", h.list());
                g.writeStringField("term", h.term());
                span(g, h.span());
                g.writeNumberField("sentence", h.sentence());
                g.writeBooleanField("kept", h.kept());
                g.writeStringField("variant", h.variant());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("totals");
            g.writeNumberField("textLength", text.length());
            g.writeNumberField("normalizedLength", e.normalized().length());
            g.writeNumberField("tokens", e.tokens().size());
            g.writeNumberField("hits", e.hits().size());
            g.writeEndObject();
            g.writeArrayFieldStart("learned");
            for (LearnedModel.Score sc : e.learned()) {
                g.writeStartObject();
                g.writeStringField("category", sc.category());
                g.writeNumberField("probability", sc.probability());
                g.writeArrayFieldStart("clues");
                for (LearnedModel.Clue c : sc.clues()) {
                    g.writeStartObject();
                    g.writeStringField("token", c.token());
                    g.writeNumberField("probability", c.probability());
                    span(g, c.span());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("scoring");
            g.writeTree(scoring(e.scoring()));
            g.writeFieldName("result");
            g.writeTree(toJson(e.result()));
            g.writeEndObject();
        }
    }

    /** {@link #writeExplanation}'s document as a tree (for one text of bounded size, as the service has). */
    public static ObjectNode explanation(String text, Explanation e) {
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            writeExplanation(w, text, e);
            return (ObjectNode) MAPPER.readTree(w.toString());
        } catch (java.io.IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The first {@code max} characters of {@code s}, not cutting a surrogate pair. */
    static String head(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isLowSurrogate(s.charAt(max)) ? max - 1 : max;
        return s.substring(0, end);
    }

    private static void span(JsonGenerator g, Span s) throws java.io.IOException {
        g.writeNumberField("start", s.start());
        g.writeNumberField("end", s.end());
        g.writeStringField("text", s.text());
    }

    /**
     * {@code {"categories": [{category, evidence, cap, capped, context, points, score}], "total", "score", "verdict",
     * "thresholds": {"review", "block"}}}: total is the sum of the categories' points, score its mapping to 0–100.
     */
    public static ObjectNode scoring(Scoring.Breakdown b) {
        ObjectNode o = MAPPER.createObjectNode();
        ArrayNode cats = o.putArray("categories");
        for (Scoring.CategoryPoints c : b.categories()) {
            cats.addObject().put("category", c.category()).put("evidence", c.evidence()).put("cap", b.cap())
                    .put("capped", c.capped()).put("context", c.context()).put("points", c.points())
                    .put("score", c.score());
        }
        o.put("total", b.points());
        o.put("score", b.score());
        o.put("verdict", b.verdict().name());
        o.putObject("thresholds").put("review", b.review()).put("block", b.block());
        return o;
    }

    /**
     * The loaded rules: {@code rulesetVersion} and {@code rules}, each with {@code id, category, weight,
     * description, descriptionEn, message, source, enabled} and its {@code examples} ({@code kind, text}, and the
     * expected {@code span} when the example marks one).
     */
    public static ObjectNode rules(Screener screener) {
        return rules(new io.bianwei.RuleCatalog(screener.rules(), screener.rulesetVersion()));
    }

    /** The same document from a catalog (a listing that did not build a screener). */
    public static ObjectNode rules(io.bianwei.RuleCatalog catalog) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("rulesetVersion", catalog.rulesetVersion());
        ArrayNode arr = o.putArray("rules");
        for (RuleInfo r : catalog.rules()) {
            ObjectNode n = arr.addObject();
            n.put("id", r.id());
            n.put("category", r.category());
            n.put("weight", r.weight());
            n.put("description", r.description());
            n.put("descriptionEn", r.descriptionEn());
            n.put("message", r.message());
            n.put("source", r.source());
            n.put("enabled", r.enabled());
            ArrayNode ex = n.putArray("examples");
            for (RuleExample e : r.examples()) {
                ObjectNode en = ex.addObject();
                en.put("kind", e.kind().name());
                en.put("text", e.text());
                if (e.expected() != null) {
                    en.putObject("span").put("start", e.expected().start()).put("end", e.expected().end())
                            .put("text", e.expected().text());
                }
            }
        }
        return o;
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
