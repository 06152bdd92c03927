package io.bianwei.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's API on a real server (test pack: 神药 is REVIEW, 开房记录 BLOCK): what feeds the queue and exactly
 * once, decisions and undo, the decisions a platform's tools send, roles, sessions and CSRF, the page itself.
 */
class ConsoleApiTest {
    private static final String REVIEW_TEXT = "这个神药很灵，大家快买";
    private static final String BLOCK_TEXT = "出售开房记录，价格私聊";

    static ScreeningServer console(ServerConfig config, Path data, boolean queueReview) throws Exception {
        // a stop waits for the client's idle keep-alive connections until the shutdown timeout: keep it short
        ScreeningServer s = ScreeningServer.start(config.withShutdownTimeout(java.time.Duration.ofMillis(500)),
                ConsoleConfig.of(data).withQueueReview(queueReview));
        s.serve(Http.screener(config.screener()));
        return s;
    }

    @Test
    void reviewResultsAskedForEnterTheQueueOncePerRulesetVersion(@TempDir Path data) throws Exception {
        try (ScreeningServer s = console(Http.config(), data, false)) {
            String batch = "[{\"id\":\"a\",\"text\":\"" + REVIEW_TEXT + "\",\"queue\":true},"
                    + "{\"id\":\"b\",\"text\":\"" + BLOCK_TEXT + "\",\"queue\":true},"
                    + "{\"id\":\"c\",\"text\":\"今天天气很好\",\"queue\":true},"
                    + "{\"id\":\"d\",\"text\":\"" + REVIEW_TEXT + "\"}]";
            Http.Reply r = Http.post(s, "/v1/screen", batch);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode out = r.json();
            assertThat(out.get(0).get("verdict").asText()).isEqualTo("REVIEW");
            assertThat(out.get(0).get("queued").asBoolean()).isTrue();
            assertThat(out.get(1).get("verdict").asText()).isEqualTo("BLOCK");
            assertThat(out.get(1).get("queued").asBoolean()).isFalse();
            assertThat(out.get(2).get("queued").asBoolean()).isFalse();
            assertThat(out.get(3).has("queued")).as("not asked").isFalse();
            // a retry is answered the same, and the document is still in the queue once
            assertThat(Http.post(s, "/v1/screen", batch).json().get(0).get("queued").asBoolean()).isTrue();
            JsonNode q = Http.get(s, "/v1/queue").json();
            assertThat(q.get("waiting").get("total").asInt()).isEqualTo(1);
            JsonNode item = q.get("items").get(0);
            assertThat(item.get("id").asText()).isEqualTo("a");
            assertThat(item.get("text").asText()).isEqualTo(REVIEW_TEXT);
            assertThat(item.get("result").get("findings").get(0).get("rule").asText()).isEqualTo("PS_T_REMEDY");
            assertThat(item.get("ruleset").asText()).isEqualTo(s.rulesetVersion());
            assertThat(q.get("waiting").get("rules").get("PS_T_REMEDY").asInt()).isEqualTo(1);
            assertThat(q.get("categories").toString()).contains("pseudo_science", "privacy_abuse")
                    .doesNotContain("context");
            // filters
            assertThat(Http.get(s, "/v1/queue?rule=PA_T_SPY").json().get("items")).isEmpty();
            assertThat(Http.get(s, "/v1/queue?category=pseudo_science").json().get("items")).hasSize(1);
            // a document to queue needs an id
            Http.Reply noId = Http.post(s, "/v1/screen", "{\"text\":\"" + REVIEW_TEXT + "\",\"queue\":true}");
            assertThat(noId.status()).isEqualTo(400);
            assertThat(noId.json().get("message").asText()).contains("needs its 'id'");
        }
    }

    @Test
    void withQueueReviewEveryReviewResultIsQueued(@TempDir Path data) throws Exception {
        try (ScreeningServer s = console(Http.config(), data, true)) {
            Http.post(s, "/v1/screen", "[{\"id\":\"x1\",\"text\":\"" + REVIEW_TEXT + "\"},{\"id\":\"x2\",\"text\":\""
                    + "祖传偏方\"},{\"id\":\"x3\",\"text\":\"" + BLOCK_TEXT + "\"}]");
            JsonNode q = Http.get(s, "/v1/queue").json();
            assertThat(q.get("waiting").get("total").asInt()).isEqualTo(2);
            assertThat(q.get("items").get(0).get("source").asText()).isEqualTo("server");
        }
    }

    @Test
    void decisionsCloseItemsAndUndoReopensThem(@TempDir Path data) throws Exception {
        try (ScreeningServer s = console(Http.config(), data, false)) {
            Http.post(s, "/v1/screen", "[{\"id\":\"a\",\"text\":\"" + REVIEW_TEXT + "\",\"queue\":true},"
                    + "{\"id\":\"b\",\"text\":\"祖传偏方，包治百病\",\"queue\":true}]");
            JsonNode items = Http.get(s, "/v1/queue").json().get("items");
            long a = items.get(0).get("item").asLong();
            Http.Reply d = Http.post(s, "/v1/decisions", "{\"item\":" + a + ",\"label\":\"flag\",\"category\":"
                    + "\"pseudo_science\"}");
            assertThat(d.status()).as(d.toString()).isEqualTo(200);
            JsonNode dec = d.json();
            assertThat(dec.get("label").asText()).isEqualTo("flag");
            assertThat(dec.get("moderator").asText()).isEqualTo("local");
            assertThat(dec.get("screenerVerdict").asText()).isEqualTo("REVIEW");
            assertThat(dec.get("ruleset").asText()).isEqualTo(s.rulesetVersion());
            assertThat(dec.get("decidedAt").asText()).isNotBlank();
            // decided twice: 409; a flag without category: 400
            assertThat(Http.post(s, "/v1/decisions", "{\"item\":" + a + ",\"label\":\"ok\"}").status()).isEqualTo(409);
            long b = items.get(1).get("item").asLong();
            Http.Reply noCat = Http.post(s, "/v1/decisions", "{\"item\":" + b + ",\"label\":\"flag\"}");
            assertThat(noCat.status()).isEqualTo(400);
            assertThat(noCat.json().get("message").asText()).contains("category");
            assertThat(Http.get(s, "/v1/queue").json().get("waiting").get("total").asInt()).isEqualTo(1);
            // undo puts it back
            Http.Reply u = Http.post(s, "/v1/decisions/undo", "{\"decision\":" + dec.get("decision").asLong() + "}");
            assertThat(u.status()).as(u.toString()).isEqualTo(200);
            assertThat(u.json().get("undoneAt").asText()).isNotBlank();
            assertThat(Http.get(s, "/v1/queue").json().get("waiting").get("total").asInt()).isEqualTo(2);
            assertThat(Http.post(s, "/v1/decisions/undo", "{\"decision\":" + dec.get("decision").asLong() + "}")
                    .status()).isEqualTo(409);
            Http.post(s, "/v1/decisions", "{\"item\":" + a + ",\"label\":\"ok\"}");
            // the record: both decisions stay; the one that counts is the latest not undone
            ModerationStore store = storeOf(s);
            assertThat(store.all()).hasSize(2);
            assertThat(store.current()).singleElement().satisfies(x -> {
                assertThat(x.label()).isEqualTo("ok");
                assertThat(x.docId()).isEqualTo("a");
            });
        }
    }

    @Test
    void aPlatformsToolsSendDecisionsAndTheyAreExportedAsLabelledJsonl(@TempDir Path data) throws Exception {
        try (ScreeningServer s = console(Http.config(), data, false)) {
            Http.post(s, "/v1/screen", "{\"id\":\"q1\",\"text\":\"" + REVIEW_TEXT + "\",\"queue\":true}");
            Http.Reply r = Http.post(s, "/v1/decisions", "[{\"id\":\"q1\",\"label\":\"flag\",\"category\":"
                    + "\"pseudo_science\",\"moderator\":\"wang\"},{\"id\":\"p9\",\"text\":\"普通的帖子\",\"label\":\"ok\"}]");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json()).hasSize(2);
            assertThat(r.json().get(0).get("moderator").asText()).isEqualTo("wang");
            assertThat(r.json().get(0).get("screenerVerdict").asText()).isEqualTo("REVIEW");
            assertThat(r.json().get(1).get("screenerVerdict").isNull()).isTrue();
            assertThat(Http.get(s, "/v1/queue").json().get("waiting").get("total").asInt())
                    .as("the queued document was decided").isZero();
            // all or nothing: one bad decision refuses the batch
            Http.Reply bad = Http.post(s, "/v1/decisions", "[{\"id\":\"n1\",\"text\":\"x\",\"label\":\"ok\"},"
                    + "{\"id\":\"n2\",\"label\":\"ok\"}]");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("message").asText()).contains("$[1]").contains("not in the queue");
            assertThat(Http.post(s, "/v1/decisions", "{\"id\":\"n3\",\"text\":\"x\",\"label\":\"spam\"}").json()
                    .get("message").asText()).contains("label must be 'flag' or 'ok'");
            StringWriter w = new StringWriter();
            assertThat(storeOf(s).export(w, ModerationStore.HeldBack.INCLUDE)).isEqualTo(2);
            List<String> lines = w.toString().lines().toList();
            JsonNode first = Http.json(lines.get(0));
            assertThat(first.get("id").asText()).isEqualTo("q1");
            assertThat(first.get("text").asText()).isEqualTo(REVIEW_TEXT);
            assertThat(first.get("label").asText()).isEqualTo("flag");
            assertThat(first.get("category").asText()).isEqualTo("pseudo_science");
            assertThat(first.get("heldBack").asBoolean()).isEqualTo(ModerationStore.heldBack("q1"));
        }
    }

    @Test
    void keysHaveRolesAndTheConsoleSessionNeedsItsCsrfToken(@TempDir Path data) throws Exception {
        String mod = "moderate:mod-0123456789abcdef";
        String scr = "screen:scr-0123456789abcdef";
        String adm = "adm-0123456789abcdef"; // no roles written: every role
        ServerConfig config = Http.config().withApiKeys(ApiKeys.parse(mod + "\n" + scr + "\n" + adm));
        try (ScreeningServer s = console(config, data, false)) {
            String modKey = "Bearer mod-0123456789abcdef";
            String scrKey = "Bearer scr-0123456789abcdef";
            String admKey = "Bearer " + adm;
            String doc = "{\"id\":\"a\",\"text\":\"" + REVIEW_TEXT + "\",\"queue\":true}";
            assertThat(Http.post(s, "/v1/screen", doc).status()).isEqualTo(401);
            assertThat(Http.post(s, "/v1/screen", doc, "Authorization", modKey).status()).isEqualTo(403);
            assertThat(Http.post(s, "/v1/screen", doc, "Authorization", scrKey).status()).isEqualTo(200);
            assertThat(Http.get(s, "/v1/queue", "Authorization", scrKey).status()).isEqualTo(403);
            assertThat(Http.get(s, "/v1/queue", "Authorization", modKey).status()).isEqualTo(200);
            Http.Reply learn = Http.post(s, "/v1/learn", "{}", "Authorization", modKey);
            assertThat(learn.status()).isEqualTo(403);
            assertThat(learn.json().get("message").asText()).contains("'admin' role");
            assertThat(Http.get(s, "/v1/model", "Authorization", modKey).status()).isEqualTo(403);
            assertThat(Http.get(s, "/v1/model", "Authorization", admKey).status()).isEqualTo(200);
            assertThat(Http.get(s, "/metrics", "Authorization", modKey).status()).as("any key").isEqualTo(200);

            // the console's session
            assertThat(Http.post(s, "/v1/session", "{\"key\":\"nope-nope-nope-nope\"}").status()).isEqualTo(401);
            Http.Reply in = Http.post(s, "/v1/session", "{\"key\":\"mod-0123456789abcdef\",\"name\":\"li\"}");
            assertThat(in.status()).as(in.toString()).isEqualTo(200);
            String cookie = in.header("Set-Cookie");
            assertThat(cookie).startsWith(Access.COOKIE + "=").contains("HttpOnly").contains("SameSite=Strict");
            String session = cookie.substring(0, cookie.indexOf(';'));
            String csrf = in.json().get("csrf").asText();
            assertThat(in.json().get("roles").toString()).isEqualTo("[\"moderate\"]");
            assertThat(Http.get(s, "/v1/session", "Cookie", session).json().get("name").asText()).isEqualTo("li");
            long item = Http.get(s, "/v1/queue", "Cookie", session).json().get("items").get(0).get("item").asLong();
            String decision = "{\"item\":" + item + ",\"label\":\"ok\"}";
            Http.Reply noToken = Http.post(s, "/v1/decisions", decision, "Cookie", session);
            assertThat(noToken.status()).isEqualTo(403);
            assertThat(noToken.json().get("error").asText()).isEqualTo("csrf");
            assertThat(Http.post(s, "/v1/decisions", decision, "Cookie", session, Access.CSRF_HEADER, "wrong")
                    .status()).isEqualTo(403);
            Http.Reply ok = Http.post(s, "/v1/decisions", decision, "Cookie", session, Access.CSRF_HEADER, csrf);
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            assertThat(ok.json().get("moderator").asText()).isEqualTo("li");
            assertThat(ok.json().get("keyId").asText()).hasSize(12);
            assertThat(Http.post(s, "/v1/learn", "{}", "Cookie", session, Access.CSRF_HEADER, csrf).status())
                    .as("a moderator's session cannot retrain").isEqualTo(403);
            // signed out: the cookie is worth nothing
            Http.send(s, HttpRequest.newBuilder(s.uri().resolve("/v1/session")).DELETE(), "Cookie", session,
                    Access.CSRF_HEADER, csrf);
            assertThat(Http.get(s, "/v1/queue", "Cookie", session).status()).isEqualTo(401);
        }
    }

    @Test
    void withoutKeysAStateChangingConsoleRequestMustBeJson(@TempDir Path data) throws Exception {
        try (ScreeningServer s = console(Http.config(), data, false)) {
            Http.Reply form = Http.send(s, HttpRequest.newBuilder(s.uri().resolve("/v1/decisions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"z\",\"text\":\"x\",\"label\":\"ok\"}"))
                    .header("Content-Type", "text/plain"));
            assertThat(form.status()).isEqualTo(415);
            assertThat(storeOf(s).all()).isEmpty();
        }
    }

    @Test
    void thePageIsServedFromTheJarWithAStrictPolicy(@TempDir Path data) throws Exception {
        try (ScreeningServer s = console(Http.config(), data, false)) {
            Http.Reply page = Http.get(s, "/console/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
            assertThat(page.body()).contains("/console/console.js").doesNotContain("http://", "https://");
            assertThat(Http.get(s, "/console/console.js").body()).contains("highlight");
            assertThat(Http.get(s, "/console").status()).isEqualTo(302);
            assertThat(Http.get(s, "/console/nothing.js").status()).isEqualTo(404);
        }
    }

    @Test
    void theSchemaIsVersionedAndAStoreReopens(@TempDir Path data) throws Exception {
        try (ModerationStore store = ModerationStore.open(data)) {
            assertThat(store.schemaVersion()).isEqualTo(ModerationStore.SCHEMA_VERSION);
        }
        try (ModerationStore store = ModerationStore.open(data)) {
            assertThat(store.schemaVersion()).isEqualTo(ModerationStore.SCHEMA_VERSION);
            assertThat(store.counts()).containsEntry("decisions", 0);
        }
        assertThat(ModerationStore.statements("CREATE TABLE a (x TEXT); -- a comment; with a semicolon\n"
                + "CREATE INDEX b ON a (x);")).containsExactly("CREATE TABLE a (x TEXT)", "CREATE INDEX b ON a (x)");
        assertThat(new String(java.nio.file.Files.readAllBytes(data.resolve(ModerationStore.FILE)), 0, 15,
                StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");
    }

    static ModerationStore storeOf(ScreeningServer s) {
        return s.store();
    }
}
