package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.bianwei.cli.TestCli.run;
import static io.bianwei.cli.TestCli.runWithStdin;
import static io.bianwei.cli.TestCli.tp;
import static org.assertj.core.api.Assertions.assertThat;

class ExplainCommandTest {
    private static final String CURE = "祖传秘方三天根治糖尿病，无效退款";

    @Test
    void textShowsEveryStep() {
        TestCli.Run r = run("explain", CURE);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("Text        " + CURE)
                .containsPattern("(?m)^Normalised  \\S")
                .containsPattern("(?m)^Tokens      \\S+/\\w+ ")
                .containsPattern("(?m)^Term hits\\n  \\w+ +\\S+ +\\[\\d+,\\d+\\) ")
                .containsPattern("(?m)^  PS_CURE_CLAIM  \\+\\d+  pseudo_science  ")
                .contains("«根治»")
                .containsPattern("(?m)^Score\\n  pseudo_science: evidence \\+\\d+")
                .containsPattern("total \\d+ points → score \\d+ .*→ (REVIEW|BLOCK)")
                .containsPattern("(?m)^Verdict     (REVIEW|BLOCK)  score \\d+");
    }

    @Test
    void textWithTheTestPackIsExact() {
        TestCli.Run r = run(tp("explain", "辟谣：这个神药不存在"));
        assertThat(r.out()).contains("""
                Term hits
                  t_debunk         辟谣       [0,2) 辟谣  sentence 0
                  t_remedy         神药       [5,7) 神药  sentence 0
                """).contains("""
                Rules fired
                  CTX_T_DEBUNK  -60  pseudo_science  辟谣语境
                      «辟谣»：这个神药不存在
                  PS_T_REMEDY  +50  pseudo_science  提到神药或偏方
                      辟谣：这个«神药»不存在
                """).contains("""
                Score
                  pseudo_science: evidence +50, context -60 = 0 points
                  total 0 points → score 0 (REVIEW ≥ 40, BLOCK ≥ 70) → PASS
                """).containsPattern("Verdict     PASS  score 0  ruleset \\w+");
    }

    @Test
    void aTextWithoutHitsSaysSo() {
        TestCli.Run r = run(tp("explain", "今天天气很好"));
        assertThat(r.out()).contains("Tokens      (none: no term-list hit").contains("Term hits   (none)")
                .contains("Rules fired (none)").containsPattern("Verdict     PASS");
    }

    @Test
    void jsonHasTheSameAsData() {
        JsonNode n = run("explain", "--format", "json", CURE).json();
        assertThat(n.get("text").asText()).isEqualTo(CURE);
        assertThat(n.get("normalized").asText()).isNotBlank();
        assertThat(n.get("tokens")).isNotEmpty();
        JsonNode tok = n.get("tokens").get(0);
        assertThat(CURE.substring(tok.get("start").asInt(), tok.get("end").asInt())).isNotEmpty();
        assertThat(n.get("hits")).isNotEmpty();
        assertThat(n.get("hits").get(0).fieldNames()).toIterable()
                .contains("list", "term", "start", "end", "text", "sentence", "kept", "variant");
        assertThat(n.get("arithmetic")).isNotEmpty();
        List<String> rules = new ArrayList<>();
        n.get("result").get("findings").forEach(f -> rules.add(f.get("rule").asText()));
        assertThat(rules).contains("PS_CURE_CLAIM");
        assertThat(n.get("result").get("verdict").asText()).isIn("REVIEW", "BLOCK");
    }

    @Test
    void readsStdinAndRejectsUsageErrors() {
        TestCli.Run r = runWithStdin("出售开房记录\n", tp("explain", "-f", "json", "-"));
        assertThat(r.json().get("result").get("verdict").asText()).isEqualTo("BLOCK");
        assertThat(run("explain").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("explain", "a", "b").exit()).isEqualTo(ExitCodes.USAGE);
    }
}
