package io.bianwei.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Screener;
import io.bianwei.json.Jsonl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The routes over real HTTP: results are the JSON module's lines, errors are JSON with a clear message. */
class ApiTest {
    private static ScreeningServer server;
    private static Screener screener;

    @BeforeAll
    static void start() throws Exception {
        server = Http.serving(Http.config());
        screener = Http.screener(server.config().screener());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode expectedLine(String id, String text, Map<String, JsonNode> extra) {
        return Http.untimed(Http.json(Jsonl.line(screener.screen(id, text), extra)));
    }

    @Test
    void oneDocumentGivesTheCliLine() {
        Http.Reply r = Http.post(server, "/v1/screen", "{\"id\":\"p1\",\"text\":\"这个神药很灵\",\"source\":\"weibo\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(Http.untimed(r.json())).isEqualTo(expectedLine("p1", "这个神药很灵",
                Map.of("source", Http.json("\"weibo\""))));
        assertThat(r.json().get("verdict").asText()).isEqualTo("REVIEW");
        assertThat(r.header(ApiHandler.RULESET_HEADER)).isEqualTo(screener.rulesetVersion())
                .isEqualTo(r.json().get("rulesetVersion").asText());
    }

    @Test
    void aBatchGivesOneLinePerDocumentInOrder() {
        Http.Reply r = Http.post(server, "/v1/screen", "[{\"id\":\"a\",\"text\":\"出售开房记录\"},"
                + "{\"text\":\"今天天气很好\",\"n\":7},{\"id\":3,\"text\":\"辟谣：神药不存在\"}]");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode arr = r.json();
        assertThat(arr.isArray()).isTrue();
        assertThat(arr).hasSize(3);
        assertThat(Http.untimed(arr.get(0))).isEqualTo(expectedLine("a", "出售开房记录", Map.of()));
        assertThat(Http.untimed(arr.get(1))).as("no id: its place in the batch")
                .isEqualTo(expectedLine("$[1]", "今天天气很好", Map.of("n", Http.json("7"))));
        assertThat(Http.untimed(arr.get(2))).isEqualTo(expectedLine("3", "辟谣：神药不存在", Map.of()));
        assertThat(arr.get(0).get("verdict").asText()).isEqualTo("BLOCK");
        assertThat(Http.post(server, "/v1/screen", "[]").body()).isEqualTo("[]");
    }

    @Test
    void explainAndRulesAreTheCliDocuments() {
        Http.Reply e = Http.post(server, "/v1/explain", "{\"text\":\"祖传偏方\"}");
        assertThat(e.status()).as(e.toString()).isEqualTo(200);
        assertThat(Http.untimed(e.json())).isEqualTo(Http.untimed(Http.json(
                Jsonl.write(Jsonl.explanation("祖传偏方", screener.explain("祖传偏方"))))));
        Http.Reply rules = Http.get(server, "/v1/rules");
        assertThat(rules.status()).isEqualTo(200);
        ObjectNode expected = Jsonl.rules(screener);
        expected.get("rules").forEach(rule -> ((ObjectNode) rule).put("quarantined", false));
        expected.put("degraded", false);
        assertThat(rules.json()).as("rules list -f json, and whether each rule is quarantined").isEqualTo(expected);
        assertThat(rules.json().get("rules").findValuesAsText("id"))
                .containsExactly("CTX_T_DEBUNK", "PA_T_SPY", "PS_T_REMEDY");
    }

    /**
     * Explain of a long text is bounded (main answered a 4 MB body with 18 MB): the shared writer lists at most
     * Jsonl.EXPLAIN_MAX_TOKENS tokens, EXPLAIN_MAX_HITS hits and EXPLAIN_MAX_CHARS characters of text, and "totals"
     * gives the full counts; the verdict is the whole text's.
     */
    @Test
    void explainOfALongTextIsCappedAndSaysWhatWasCut() {
        String text = "这个神药很灵，今天天气很好。".repeat(9_000); // 126,000 chars, 9,000 hits of 神药
        Http.Reply r = Http.post(server, "/v1/explain", Jsonl.write(Jsonl.mapper().createObjectNode().put("text", text)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.get("text").asText()).isEqualTo(text.substring(0, Jsonl.EXPLAIN_MAX_CHARS));
        assertThat(doc.get("normalized").asText().length()).isLessThanOrEqualTo(Jsonl.EXPLAIN_MAX_CHARS);
        assertThat(doc.get("tokens").size()).isLessThanOrEqualTo(Jsonl.EXPLAIN_MAX_TOKENS);
        assertThat(doc.get("hits")).hasSize(Jsonl.EXPLAIN_MAX_HITS);
        assertThat(doc.at("/totals/textLength").asInt()).isEqualTo(text.length());
        assertThat(doc.at("/totals/hits").asInt()).isGreaterThan(Jsonl.EXPLAIN_MAX_HITS);
        assertThat(doc.at("/result/verdict").asText()).isEqualTo(screener.screen(text).verdict().name());
        assertThat(r.body().length()).as("a bounded answer for a 380 KB body").isLessThan(1_000_000);
    }

    /**
     * Fields other than id and text come back exactly as written (issue 28): numbers are not rewritten, nested
     * values neither; an id is its text as written.
     */
    @Test
    void otherFieldsPassThroughVerbatim() {
        String fields = "\"p\":0.10000000000000000555,\"big\":1e400,\"e\":1E2,\"neg\":-0,\"n\":[1.50,2E-3,{\"k\":true}],"
                + "\"s\":\"a\\u00e9\"";
        Http.Reply one = Http.post(server, "/v1/screen", "{\"id\":1E2,\"text\":\"神药\"," + fields + "}");
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.body()).contains("\"id\":\"1E2\"").contains("\"p\":0.10000000000000000555")
                .contains("\"big\":1e400").contains("\"e\":1E2").contains("\"neg\":-0")
                .contains("\"n\":[1.50,2E-3,{\"k\":true}]").contains("\"s\":\"aé\"");
        Http.Reply batch = Http.post(server, "/v1/screen", "[{\"text\":\"好\"," + fields + "},{\"text\":\"神药\",\"x\":1E2}]");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.body()).contains("\"big\":1e400").contains("\"x\":1E2");
    }

    @Test
    void aKeyGivenTwiceOrAnUnpairedSurrogateIs400NamingIt() {
        Http.Reply twice = Http.post(server, "/v1/screen", "{\"id\":\"d\",\"text\":\"好\",\"text\":\"神药\"}");
        assertError(twice, 400, "bad_request", "the key \"text\" appears twice");
        assertError(Http.post(server, "/v1/screen", "[{\"text\":\"好\"},{\"text\":\"a\",\"text\":\"b\"}]"), 400,
                "bad_request", "\"text\" appears twice");
        Http.Reply surrogate = Http.post(server, "/v1/screen", "{\"id\":\"\\ud800\",\"text\":\"神药\"}");
        assertError(surrogate, 400, "bad_request", "unpaired surrogate");
        assertThat(surrogate.json().get("message").asText()).contains("\"id\"").doesNotContain("?");
        assertError(Http.post(server, "/v1/explain", "{\"text\":\"\\udc00好\"}"), 400, "bad_request",
                "unpaired surrogate");
    }

    @Test
    void probesOpenApiAndMetrics() {
        assertThat(Http.get(server, "/healthz").json().get("status").asText()).isEqualTo("ok");
        Http.Reply ready = Http.get(server, "/readyz");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("rulesetVersion").asText()).isEqualTo(screener.rulesetVersion());
        Http.Reply api = Http.get(server, "/openapi.json");
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.json().get("openapi").asText()).startsWith("3.");
        Http.post(server, "/v1/screen", "{\"id\":\"m\",\"text\":\"破解摄像头资源\"}");
        Http.Reply m = Http.get(server, "/metrics");
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.header("Content-Type")).startsWith("text/plain");
        assertThat(m.body())
                .contains("bianwei_http_requests_total{route=\"screen\",status=\"200\"}")
                .contains("bianwei_http_request_duration_seconds_bucket{route=\"screen\",le=\"0.005\"}")
                .containsPattern("bianwei_verdicts_total\\{verdict=\"BLOCK\"} [1-9]")
                .contains("bianwei_ruleset_info{degraded=\"false\",version=\"" + screener.rulesetVersion() + "\"} 1")
                .contains("bianwei_reloads_total{result=\"swapped\"} 0")
                .contains("bianwei_ready 1")
                .contains("bianwei_queue_capacity_documents{lane=\"small\"} 256")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void badBodiesAre400WithAClearJsonError() {
        assertError(Http.post(server, "/v1/screen", "{\"id\":\"x\",\"text\":"), 400, "bad_request",
                "broken JSON: ");
        assertError(Http.post(server, "/v1/screen", "{\"text\":\"a\"} trailing"), 400, "bad_request",
                "trailing content after the JSON object at column 14");
        assertError(Http.post(server, "/v1/screen", ""), 400, "bad_request", "empty request body");
        assertError(Http.post(server, "/v1/screen", "42"), 400, "bad_request", "got NUMBER");
        assertError(Http.post(server, "/v1/screen", "{\"id\":\"x\"}"), 400, "invalid_input", "$: missing field 'text'");
        assertError(Http.post(server, "/v1/screen", "{\"id\":\"x\",\"text\":5}"), 400, "invalid_input",
                "$: field 'text' is NUMBER, not a string");
        Http.Reply batch = Http.post(server, "/v1/screen", "[{\"text\":\"好\"},{\"text\":null},[1],{\"text\":true}]");
        assertError(batch, 400, "invalid_input", "$[1]: missing field 'text' (and 2 more)");
        assertThat(batch.json().get("problems")).hasSize(3);
        assertThat(batch.json().get("problems").get(1).asText()).isEqualTo("$[2]: expected a JSON object, got ARRAY");
        assertError(Http.post(server, "/v1/screen", new byte[]{'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3,
                '"', '}'}), 400, "bad_request", "not valid UTF-8");
        assertError(Http.post(server, "/v1/explain", "[{\"text\":\"a\"}]"), 400, "bad_request", "one JSON object");
        assertError(Http.post(server, "/v1/explain", "{\"text\":[]}"), 400, "invalid_input", "not a string");
    }

    @Test
    void wrongRoutesAndMethods() {
        Http.Reply notFound = Http.get(server, "/v2/screen");
        assertError(notFound, 404, "not_found", "GET /v2/screen");
        Http.Reply method = Http.get(server, "/v1/screen");
        assertError(method, 405, "method_not_allowed", "/v1/screen takes POST");
        assertThat(method.header("Allow")).isEqualTo("POST");
        assertError(Http.post(server, "/healthz", "{}"), 405, "method_not_allowed", "takes GET");
    }

    @Test
    void aRequestJettyCannotParseIsAJsonErrorToo() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(reply).startsWith("HTTP/1.1 400").contains("application/json").contains("\"status\":400")
                    .doesNotContain("at org.eclipse");
        }
    }

    @Test
    void aChunkedBodyIsReadToo() {
        HttpRequest.Builder b = HttpRequest.newBuilder(Http.uri(server, "/v1/screen"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        "{\"id\":\"c\",\"text\":\"神药\"}".getBytes(StandardCharsets.UTF_8))));
        Http.Reply r = Http.send(server, b);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo("c");
    }

    static void assertError(Http.Reply r, int status, String code, String messagePart) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/json");
        JsonNode n = r.json();
        assertThat(n.get("status").asInt()).isEqualTo(status);
        assertThat(n.get("error").asText()).isEqualTo(code);
        assertThat(n.get("message").asText()).contains(messagePart);
        assertThat(r.body()).as("never a stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    }
}
