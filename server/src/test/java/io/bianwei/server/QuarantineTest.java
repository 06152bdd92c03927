package io.bianwei.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule the core takes out at run time (its own code failed on some text) is visible on every surface: /readyz
 * (still 200, but degraded, with the rule and why), /v1/rules, /metrics, every result's rulesetVersion, and one WARN.
 */
class QuarantineTest {
    private static Path pack(String name) throws URISyntaxException {
        return Path.of(QuarantineTest.class.getResource("/" + name).toURI());
    }

    @Test
    void aQuarantinedRuleIsVisibleEverywhere() throws Exception {
        ScreenerSettings settings = ScreenerSettings.defaults().withDefaultRules(false)
                .withRules(List.of(pack("testpack"), pack("quarantinepack")));
        Screener screener = Screener.build(settings); // its own: quarantine changes it
        try (ScreeningServer s = ScreeningServer.start(Http.config().withScreener(settings))) {
            s.serve(screener);
            String whole = screener.rulesetVersion();
            JsonNode ready = Http.get(s, "/readyz").json();
            assertThat(ready.get("degraded").asBoolean()).isFalse();
            assertThat(ready.has("quarantined")).isFalse();
            assertThat(Http.metric(s, "bianwei_rules_quarantined")).isZero();

            PrintStream err = System.err;
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Http.Reply boom;
            try {
                System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
                boom = Http.post(s, "/v1/screen", "{\"id\":\"b\",\"text\":\"这里有引爆词\"}");
                Http.post(s, "/v1/screen", "{\"id\":\"b2\",\"text\":\"又是引爆词\"}");
            } finally {
                System.setErr(err);
            }
            assertThat(boom.status()).as(boom.toString()).isEqualTo(200);
            String degraded = screener.rulesetVersion();
            assertThat(degraded).startsWith(whole + "-degraded-");
            assertThat(boom.json().get("rulesetVersion").asText()).isEqualTo(degraded);

            Http.Reply r = Http.get(s, "/readyz");
            assertThat(r.status()).as("degraded is still ready").isEqualTo(200);
            assertThat(r.json().get("degraded").asBoolean()).isTrue();
            assertThat(r.json().get("rulesetVersion").asText()).isEqualTo(degraded);
            assertThat(r.json().get("quarantined")).hasSize(1);
            assertThat(r.json().at("/quarantined/0/rule").asText()).isEqualTo("PS_T_BOOM");
            assertThat(r.json().at("/quarantined/0/reason").asText()).contains("threw");

            JsonNode rules = Http.get(s, "/v1/rules").json();
            assertThat(rules.get("degraded").asBoolean()).isTrue();
            assertThat(rules.get("rulesetVersion").asText()).isEqualTo(degraded);
            for (JsonNode rule : rules.get("rules")) {
                boolean out = rule.get("id").asText().equals("PS_T_BOOM");
                assertThat(rule.get("quarantined").asBoolean()).as(rule.toString()).isEqualTo(out);
                assertThat(rule.has("quarantineReason")).isEqualTo(out);
            }
            assertThat(rules.findValuesAsText("quarantineReason")).singleElement().asString().contains("threw");

            assertThat(Http.metric(s, "bianwei_rules_quarantined")).isEqualTo(1);
            assertThat(Http.metric(s, "bianwei_ruleset_info{degraded=\"true\",version=\"" + degraded + "\"}"))
                    .isEqualTo(1);

            String warnings = log.toString(StandardCharsets.UTF_8);
            assertThat(warnings.lines().filter(l -> l.contains("WARN") && l.contains("QuarantineWatch")))
                    .as("one WARN for the rule, not one per request").singleElement().asString()
                    .contains("rule PS_T_BOOM is quarantined").contains(degraded).contains("threw");

            Http.Reply other = Http.post(s, "/v1/screen", "{\"id\":\"o\",\"text\":\"出售开房记录\"}");
            assertThat(other.json().get("verdict").asText()).as("the rest of the pack screens on").isEqualTo("BLOCK");
            assertThat(other.header(ApiHandler.RULESET_HEADER)).isEqualTo(degraded);
        }
    }
}
