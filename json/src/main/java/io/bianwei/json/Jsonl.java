package io.bianwei.json;

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
 * {@code ERROR} lines carry {@code error}, a null {@code score} and no findings. Offsets are UTF-16 units of the original text.
 * Fields of the input record other than id and text are copied through, unless they clash with these keys.
 *
 * <p>Also the two other machine-readable documents that {@code bianwei explain --format json},
 * {@code bianwei rules list --format json} and the screening service ({@code POST /v1/explain},
 * {@code GET /v1/rules}) share: {@link #explanation} and {@link #rules}.
 */
public final class Jsonl {
    static final ObjectMapper MAPPER = new ObjectMapper();

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

    /** The output line for a screened record (extra input fields copied through). */
    public static String line(ScreeningResult r, Map<String, JsonNode> extra) {
        ObjectNode o = toJson(r);
        extra.forEach((k, v) -> {
            if (!o.has(k)) {
                o.set(k, v);
            }
        });
        return write(o);
    }

    /** The output line for a record that could not be screened. */
    public static String errorLine(String id, String error, String rulesetVersion, Map<String, JsonNode> extra) {
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
        return write(o);
    }

    /**
     * Every step of screening one text: {@code text}, {@code normalized}, {@code tokens} ({@code word, pos, start,
     * end}), {@code hits} ({@code list, term, start, end, text, sentence, kept, variant}), {@code learned}
     * ({@code category, probability, clues}), {@code arithmetic} (lines) and {@code result} (the result object of
     * {@link #toJson}).
     */
    public static ObjectNode explanation(String text, Explanation e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("text", text);
        o.put("normalized", e.normalized());
        ArrayNode tokens = o.putArray("tokens");
        for (Explanation.Token t : e.tokens()) {
            tokens.addObject().put("word", t.word()).put("pos", t.pos())
                    .put("start", t.span().start()).put("end", t.span().end());
        }
        ArrayNode hits = o.putArray("hits");
        for (Explanation.TermHit h : e.hits()) {
            hits.addObject().put("list", h.list()).put("term", h.term())
                    .put("start", h.span().start()).put("end", h.span().end()).put("text", h.span().text())
                    .put("sentence", h.sentence()).put("kept", h.kept()).put("variant", h.variant());
        }
        ArrayNode learned = o.putArray("learned");
        for (LearnedModel.Score sc : e.learned()) {
            ObjectNode n = learned.addObject().put("category", sc.category()).put("probability", sc.probability());
            ArrayNode clues = n.putArray("clues");
            for (LearnedModel.Clue c : sc.clues()) {
                clues.addObject().put("token", c.token()).put("probability", c.probability())
                        .put("start", c.span().start()).put("end", c.span().end()).put("text", c.span().text());
            }
        }
        ArrayNode arithmetic = o.putArray("arithmetic");
        e.arithmetic().forEach(arithmetic::add);
        o.set("result", toJson(e.result()));
        return o;
    }

    /**
     * The loaded rules: {@code rulesetVersion} and {@code rules}, each with {@code id, category, weight,
     * description, descriptionEn, message, source, enabled} and its {@code examples} ({@code kind, text}, and the
     * expected {@code span} when the example marks one).
     */
    public static ObjectNode rules(Screener screener) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("rulesetVersion", screener.rulesetVersion());
        ArrayNode arr = o.putArray("rules");
        for (RuleInfo r : screener.rules()) {
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
