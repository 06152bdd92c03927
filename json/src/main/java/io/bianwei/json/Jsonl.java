package io.bianwei.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Finding;
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
 */
public final class Jsonl {
    /**
     * The shared mapper. Jackson's own cap on string length (20 M chars) is lifted: {@link DocumentReader} caps whole
     * records before they are parsed, with a message naming the record, where Jackson's cap would only say
     * "malformed JSON" and lose the id.
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

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
