package io.bianwei.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.Finding;
import io.bianwei.ScreeningResult;
import io.bianwei.Span;
import io.bianwei.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonlTest {
    @Test
    void resultLineHasThePinnedKeys() throws Exception {
        String text = "祖传秘方治百病";
        ScreeningResult r = new ScreeningResult("7", Verdict.REVIEW, 45, Map.of("pseudo_science", 45),
                List.of(new Finding("PS_X", "pseudo_science", 45, "msg", List.of(Span.of(text, 0, 4)))),
                "abc123def456", Duration.ofMillis(2), true, List.of());
        JsonNode n = Jsonl.mapper().readTree(Jsonl.line(r, Map.of("source", Jsonl.mapper().readTree("\"weibo\""),
                "score", Jsonl.mapper().readTree("1"))));
        assertThat(n.get("id").asText()).isEqualTo("7");
        assertThat(n.get("verdict").asText()).isEqualTo("REVIEW");
        assertThat(n.get("score").asInt()).isEqualTo(45);
        assertThat(n.get("categories").get("pseudo_science").asInt()).isEqualTo(45);
        JsonNode f = n.get("findings").get(0);
        assertThat(f.get("rule").asText()).isEqualTo("PS_X");
        assertThat(f.get("spans").get(0).get("start").asInt()).isZero();
        assertThat(f.get("spans").get(0).get("end").asInt()).isEqualTo(4);
        assertThat(f.get("spans").get(0).get("text").asText()).isEqualTo("祖传秘方");
        assertThat(n.get("rulesetVersion").asText()).isEqualTo("abc123def456");
        assertThat(n.get("source").asText()).isEqualTo("weibo");
        assertThat(n.get("score").asInt()).as("output keys win over passed-through ones").isEqualTo(45);
    }

    @Test
    void badRecordsBecomeErrorsWithWhere() {
        assertThat(InputRecord.parseJsonl("{not json", "id", "text", "a.jsonl:3").error())
                .isEqualTo("a.jsonl:3: broken JSON: expected a key in double quotes at column 2, found 'n'");
        assertThat(InputRecord.parseJsonl("[1,2]", "id", "text", "a.jsonl:4").error()).contains("expected a JSON object");
        InputRecord missing = InputRecord.parseJsonl("{\"id\":\"x\"}", "id", "text", "a.jsonl:5");
        assertThat(missing.id()).isEqualTo("x");
        assertThat(missing.error()).isEqualTo("a.jsonl:5: missing field 'text'");
        assertThat(InputRecord.parseJsonl("{\"id\":1,\"text\":5}", "id", "text", "f:6").error()).contains("not a string");
        InputRecord ok = InputRecord.parseJsonl("{\"doc\":9,\"body\":\"hi\",\"lang\":\"zh\"}", "doc", "body", "f:7");
        assertThat(ok.id()).isEqualTo("9");
        assertThat(ok.text()).isEqualTo("hi");
        assertThat(ok.extra()).containsOnlyKeys("lang");
        assertThat(InputRecord.parseJsonl("{\"text\":\"t\"}", "id", "text", "f:8").id()).isEqualTo("f:8");
        JsonNode err = readTree(Jsonl.errorLine("f:8", "boom", "v1", Map.of()));
        assertThat(err.get("verdict").asText()).isEqualTo("ERROR");
        assertThat(err.get("error").asText()).isEqualTo("boom");
    }

    @Test
    void parsedValuesAreReadAsJsonlLinesAre() {
        JsonNode batch;
        try {
            batch = JsonInput.read("[{\"id\":\"a\",\"text\":\"t\",\"k\":1},{\"text\":2},3,{\"text\":\"u\"}]");
        } catch (JsonInputException e) {
            throw new AssertionError(e);
        }
        InputRecord a = InputRecord.fromJson(batch.get(0), "id", "text", "$[0]");
        assertThat(a.id()).isEqualTo("a");
        assertThat(a.text()).isEqualTo("t");
        assertThat(a.extra()).containsOnlyKeys("k");
        assertThat(InputRecord.fromJson(batch.get(1), "id", "text", "$[1]").error())
                .isEqualTo("$[1]: field 'text' is NUMBER, not a string");
        assertThat(InputRecord.fromJson(batch.get(2), "id", "text", "$[2]").error())
                .isEqualTo("$[2]: expected a JSON object, got NUMBER");
        assertThat(InputRecord.fromJson(batch.get(3), "id", "text", "$[3]").id()).isEqualTo("$[3]");
        assertThat(InputRecord.parseJsonl("{\"id\":\"a\",\"text\":\"t\",\"k\":1}", "id", "text", "f:1"))
                .isEqualTo(a);
    }

    private static JsonNode readTree(String s) {
        try {
            return Jsonl.mapper().readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
