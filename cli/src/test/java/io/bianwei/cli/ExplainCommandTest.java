package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
                .containsPattern("(?m)^Term hits\\n  list +term +span +text +sentence +kept +via\\n  \\w+ +\\S+ +\\[\\d+,\\d+\\) ")
                .containsPattern("(?m)^  PS_CURE_CLAIM  \\+\\d+  pseudo_science  ")
                .contains("«根治»")
                .containsPattern("(?m)^Score\\n  category +evidence +capped +context +points +score\\n"
                        + "  pseudo_science +\\+\\d+ +\\d+ +-?\\d+ +\\d+ +\\d+\\n  total +\\d+ +\\d+\\n")
                .containsPattern("score \\d+ · REVIEW ≥ 40 · BLOCK ≥ 70 → (REVIEW|BLOCK)")
                .containsPattern("(?m)^Verdict     (REVIEW|BLOCK)  score \\d+");
    }

    @Test
    void textWithTheTestPackIsExact() {
        TestCli.Run r = run(tp("explain", "辟谣：这个神药不存在"));
        assertThat(r.out()).contains("""
                Term hits
                  list      term  span   text  sentence  kept  via
                  t_debunk  辟谣  [0,2)  辟谣         0  yes
                  t_remedy  神药  [5,7)  神药         0  yes
                """).contains("""
                Rules fired
                  CTX_T_DEBUNK  -60  pseudo_science  辟谣语境
                      «辟谣»：这个神药不存在
                  PS_T_REMEDY  +50  pseudo_science  提到神药或偏方
                      辟谣：这个«神药»不存在
                """).contains("""
                Score
                  category        evidence  capped  context  points  score
                  pseudo_science       +50      50      -60       0      0
                  total                                           0      0
                  evidence = positive weights (capped at 100 per category), context = negative weights
                  points = max(0, capped + context); score = the total up to 80, saturating towards 100 above
                  score 0 · REVIEW ≥ 40 · BLOCK ≥ 70 → PASS
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
        assertThat(n.has("arithmetic")).as("named numbers instead of strings").isFalse();
        JsonNode scoring = n.get("scoring");
        JsonNode ps = scoring.get("categories").get(0);
        assertThat(ps.get("category").asText()).isEqualTo("pseudo_science");
        assertThat(ps.fieldNames()).toIterable()
                .containsExactly("category", "evidence", "cap", "capped", "context", "points", "score");
        assertThat(ps.get("capped").asInt()).isEqualTo(Math.min(ps.get("evidence").asInt(), ps.get("cap").asInt()));
        assertThat(scoring.get("total").asInt()).isEqualTo(ps.get("points").asInt());
        assertThat(scoring.get("score").asInt()).isEqualTo(n.get("result").get("score").asInt());
        assertThat(scoring.get("verdict").asText()).isEqualTo(n.get("result").get("verdict").asText());
        assertThat(scoring.get("thresholds").get("review").asInt()).isEqualTo(40);
        assertThat(scoring.get("thresholds").get("block").asInt()).isEqualTo(70);
        List<String> rules = new ArrayList<>();
        n.get("result").get("findings").forEach(f -> rules.add(f.get("rule").asText()));
        assertThat(rules).contains("PS_CURE_CLAIM");
        assertThat(n.get("result").get("verdict").asText()).isIn("REVIEW", "BLOCK");
    }

    /** Column headers, a "kept" column, and alignment that survives long (and wide) terms and list names. */
    @Test
    void theHitTableHasHeadersAKeptColumnAndStaysAlignedWithLongTerms(@TempDir Path dir) throws IOException {
        Path pack = dir.resolve("pack");
        Files.createDirectories(pack.resolve("terms"));
        for (String f : List.of("pseudo.drl", "context.drl", "terms/t_remedy.txt", "terms/t_debunk.txt")) {
            Files.copy(TestCli.testPack().resolve(f), pack.resolve(f));
        }
        Files.writeString(pack.resolve("terms/t_a_rather_long_list_name.txt"),
                "#@ boundary: auto\n#@ pinyin: off\n#@ variants: off\n祖传秘方根治一切疑难杂症\n治愈\n");
        TestCli.Run r = run("explain", "--no-default", "--rules", pack.toString(), "祖传秘方根治一切疑难杂症的神药，治愈系电影");
        List<String> table = r.out().lines().dropWhile(l -> !l.equals("Term hits")).skip(1)
                .takeWhile(l -> l.startsWith("  ")).toList();
        assertThat(table.get(0)).matches("  list +term +span +text +sentence +kept +via");
        assertThat(table).anyMatch(l -> l.matches("  t_a_rather_long_list_name +治愈 .* no"))
                .anyMatch(l -> l.contains("祖传秘方根治一切疑难杂症") && l.endsWith("yes"));
        int span = Width.of(table.get(0).substring(0, table.get(0).indexOf("span")));
        for (String row : table.subList(1, table.size())) {
            if (row.contains("[")) {
                assertThat(Width.of(row.substring(0, row.indexOf('['))))
                        .as("the span column starts at the same column in: " + row).isEqualTo(span);
            }
        }
        assertThat(r.out()).contains("kept no: the hit crosses a word boundary");
    }

    @Test
    void stdinIsReadLikeScreenReadsAText() {
        assertThat(runWithStdin("", tp("explain", "-")).exit()).as("empty stdin").isEqualTo(ExitCodes.USAGE);
        TestCli.Run utf16 = run(TestCli.env(new java.io.ByteArrayInputStream("这个偏方".getBytes(
                java.nio.charset.StandardCharsets.UTF_16)), false, false), tp("explain", "-"));
        assertThat(utf16.exit()).isEqualTo(ExitCodes.UNREADABLE);
        assertThat(utf16.err()).contains("stdin: the input is UTF-16");
        TestCli.Run file = run(tp("explain", "pom.xml"));
        assertThat(file.exit()).isZero();
        assertThat(file.err()).contains("explaining the text 'pom.xml' itself; for the content of that file: "
                + "bianwei explain - < pom.xml");
    }

    @Test
    void readsStdinAndRejectsUsageErrors() {
        TestCli.Run r = runWithStdin("出售开房记录\n", tp("explain", "-f", "json", "-"));
        assertThat(r.json().get("result").get("verdict").asText()).isEqualTo("BLOCK");
        assertThat(run("explain").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("explain", "a", "b").exit()).isEqualTo(ExitCodes.USAGE);
    }

    /**
     * A 4 MB text once gave an 18 MB explanation: the output is capped, and says where. The default pack is built
     * afresh for this test: on a loaded machine a text this dense can run out of rule time, and a rule that does not
     * stop in time when halted is taken out of its screener for the texts that follow, which must not be the cached
     * one the other tests share.
     */
    @Test
    void theExplanationOfALongTextIsCappedAndSaysSo() {
        String sentence = CURE + "。今天天气很好，我们去公园散步。";
        String text = sentence.repeat(12_000 / sentence.length() + 1);
        io.bianwei.Screener own = ScreenerOptions.compile(io.bianwei.ScreenerSettings.defaults());
        java.util.function.Function<String[], TestCli.Run> explain = args -> run(new Env(
                new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), false, false,
                settings -> own), args);
        TestCli.Run r = explain.apply(new String[]{"explain", "-"});
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().length()).as("bounded, not a multiple of the text").isLessThan(200_000);
        assertThat(r.out()).contains("… (the first 2,000 of " + String.format(java.util.Locale.ROOT, "%,d",
                        text.length()) + " characters)")
                .containsPattern("… \\(the first 2,000 of [\\d,]+ tokens; explain shows at most 2,000\\)")
                .containsPattern("… \\(the first 1,000 of [\\d,]+ hits; explain shows at most 1,000\\)")
                .containsPattern("(?m)^Verdict     (REVIEW|BLOCK)");
        JsonNode json = explain.apply(new String[]{"explain", "-f", "json", "-"}).json();
        assertThat(json.get("text").asText()).hasSize(10_000).isEqualTo(text.substring(0, 10_000));
        assertThat(json.get("tokens")).hasSize(2_000);
        assertThat(json.get("hits")).hasSize(1_000);
        assertThat(json.get("totals").get("textLength").asInt()).isEqualTo(text.length());
        assertThat(json.get("totals").get("tokens").asInt()).isGreaterThan(2_000);
        assertThat(json.get("totals").get("hits").asInt()).isGreaterThan(1_000);
        assertThat(json.get("result").get("verdict").asText()).isIn("REVIEW", "BLOCK");
        JsonNode small = run("explain", "-f", "json", CURE).json();
        assertThat(small.get("text").asText()).as("a short text is whole").isEqualTo(CURE);
        assertThat(small.get("totals").get("hits").asInt()).isEqualTo(small.get("hits").size());
    }
}
