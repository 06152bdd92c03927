package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.bianwei.cli.TestCli.run;
import static io.bianwei.cli.TestCli.runWithStdin;
import static io.bianwei.cli.TestCli.tp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code eval} through the command line: options, exit codes, the text and JSON reports. The figures are those computed
 * by hand in the quality module's EvaluationTest and ComparisonTest.
 */
class EvalCommandTest {
    private static final Path LABELLED = TestCli.resource("/eval/labelled.jsonl");

    @TempDir
    Path dir;

    @Test
    void jsonFiguresMatchTheHandComputationAndUnreadableLinesExitThree() {
        TestCli.Run r = run(tp("eval", "--labels", LABELLED.toString(), "--format", "json", "--threads", "2"));
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNREADABLE);
        JsonNode n = r.json();
        assertThat(n.get("documents").asInt()).isEqualTo(12);
        assertThat(n.get("failures").asInt()).isEqualTo(2);
        assertThat(n.get("failureList").get(0).get("error").asText()).startsWith(LABELLED + ":10: broken JSON");
        assertThat(n.get("failureList").get(1).get("error").asText()).isEqualTo("nolabel: 'label' must be flag or ok, got nothing");
        assertThat(n.get("thresholds").get("review").asInt()).isEqualTo(40);
        JsonNode c = n.get("confusion");
        assertThat(List.of(c.get("truePositives").asInt(), c.get("falseNegatives").asInt(),
                c.get("falsePositives").asInt(), c.get("trueNegatives").asInt())).containsExactly(4, 3, 2, 3);
        assertThat(n.get("overall").get("precision").asDouble()).isCloseTo(0.6667, within(1e-4));
        assertThat(n.get("overall").get("recall").asDouble()).isCloseTo(0.5714, within(1e-4));
        assertThat(n.get("overall").get("f1").asDouble()).isCloseTo(0.6154, within(1e-4));
        assertThat(n.get("okFalsePositiveRate").asDouble()).isEqualTo(0.4);
        assertThat(n.get("okBlockRate").asDouble()).isEqualTo(0.2);
        JsonNode health = n.get("categories").get(0);
        assertThat(health.get("category").asText()).isEqualTo("health");
        assertThat(health.get("precision").isNull()).as("undefined ratios are null").isTrue();
        JsonNode pseudo = n.get("categories").get(2);
        assertThat(pseudo.get("category").asText()).isEqualTo("pseudo_science");
        assertThat(pseudo.get("recall").asDouble()).isEqualTo(0.5);
        assertThat(pseudo.get("falseAlarms").asInt()).isEqualTo(1);
        JsonNode spy = n.get("rules").get(0);
        assertThat(spy.get("rule").asText()).isEqualTo("PA_T_SPY");
        assertThat(spy.get("ratio").asDouble()).isCloseTo(10.0 / 17, within(1e-4));
        assertThat(n.get("falsePositives").get(0).get("id").asText()).isEqualTo("o2");
        assertThat(n.get("falseNegatives").get(2).get("id").asText()).isEqualTo("f7");
        assertThat(n.get("falseNegatives").get(2).get("label").asText()).isEqualTo("flag");
    }

    @Test
    void textReportHasEverySection() {
        TestCli.Run r = run(tp("eval", "--labels", LABELLED.toString()));
        assertThat(r.out())
                .contains("12 texts (7 flag, 5 ok), 2 unreadable; thresholds REVIEW >= 40, BLOCK >= 70")
                .contains("  label flag           4         3\n  label ok             2         3")
                .contains("Overall: precision 0.667  recall 0.571  F1 0.615")
                .contains("ok texts: false-positive rate 40.0% (2/5), BLOCK rate 20.0% (1/5)")
                .containsPattern("(?m)^  pseudo_science +4 +2 +2 +1 +0.667 +0.500 +0.571 +1 +0$")
                .containsPattern("(?m)^  health +0 +0 +0 +0 +n/a +n/a +n/a +1 +1$")
                .containsPattern("(?m)^  PA_T_SPY +privacy_abuse +\\+80 +28.6% +20.0% +0.59 +2 +1$")
                .containsPattern("(?m)^  CTX_T_DEBUNK +context +-60 +0.0% +20.0% +0.00 +0 +1$")
                .containsPattern("(?m)^Top false positives.*\\n  o2  BLOCK 80  privacy_abuse  PA_T_SPY  警方打击破解摄像头黑产$")
                .containsPattern("(?m)^Top false negatives.*\\n  f3  PASS 0  pseudo_science  \\(no rule fired\\)  每天喝热水对身体好$")
                .contains("Unreadable records (2)");
    }

    @Test
    void thresholdsChangeTheFigures() throws IOException {
        Path f = dir.resolve("l.jsonl");
        Files.writeString(f, """
                {"id":"1","text":"这个偏方","label":"flag","category":"pseudo_science"}
                {"id":"2","text":"好","label":"ok"}
                """);
        JsonNode atDefault = run(tp("eval", "--labels", f.toString(), "-f", "json")).json();
        assertThat(atDefault.get("overall").get("recall").asDouble()).isEqualTo(1.0);
        TestCli.Run strict = run(tp("eval", "--labels", f.toString(), "-f", "json", "--threshold", "review=60"));
        assertThat(strict.exit()).isZero();
        assertThat(strict.json().get("overall").get("recall").asDouble()).isZero();
        assertThat(strict.json().get("thresholds").get("review").asInt()).isEqualTo(60);
    }

    @Test
    void readsStdinAndRejectsAMissingFile() {
        TestCli.Run r = runWithStdin("{\"id\":\"1\",\"text\":\"出售开房记录\",\"label\":\"flag\"}\n",
                tp("eval", "--labels", "-", "-f", "json"));
        assertThat(r.exit()).isZero();
        assertThat(r.json().get("confusion").get("truePositives").asInt()).isEqualTo(1);
        assertThat(run("eval", "--labels", "no/such.jsonl").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("eval").exit()).isEqualTo(ExitCodes.USAGE);
    }

    /** eval runs on the sample corpus of seeds/ (LabelledJsonlTest checks that it is well formed). */
    @Test
    void theSeedSamplesAreEvaluated() throws IOException {
        Path samples = Path.of("../seeds/samples.jsonl");
        List<String> lines = Files.readAllLines(samples).stream().filter(l -> !l.isBlank()).toList();
        TestCli.Run r = run("eval", "--labels", samples.toString(), "--format", "json");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.json().get("documents").asInt()).isEqualTo(lines.size());
        assertThat(r.json().get("failures").asInt()).isZero();
    }

    // --- rule QA ---------------------------------------------------------------------------------------------------

    /** PS_T_REMEDY fires on 2 flag and 2 ok texts (S/O 10/24 < 0.5); with 4 hits needed, it is warned about. */
    @Test
    void ruleQaWarnsAboutRulesFiringMostlyOnOkAndRulesThatNeverFire() {
        TestCli.Run r = run(tp("eval", "--labels", LABELLED.toString(), "-f", "json", "--qa-min-hits", "4"));
        JsonNode w = r.json().get("warnings");
        assertThat(w).hasSize(1);
        assertThat(w.get(0).get("rule").asText()).isEqualTo("PS_T_REMEDY");
        assertThat(w.get(0).get("kind").asText()).isEqualTo("mostly-ok");
        assertThat(w.get(0).get("message").asText()).as("shares of each label, not hit counts").isEqualTo(
                "evidence rule hits a larger share of ok texts than of flag texts: 2 of 5 ok texts (40.0%) vs 2 of 7 "
                        + "flag texts (28.6%), S/O 0.42 (below 0.5)");
        assertThat(run(tp("eval", "--labels", LABELLED.toString(), "-f", "json")).json().get("warnings"))
                .as("by default a rule needs 5 hits").isEmpty();

        TestCli.Run one = runWithStdin("{\"id\":\"1\",\"text\":\"出售开房记录\",\"label\":\"flag\"}\n",
                tp("eval", "--labels", "-"));
        assertThat(one.out()).contains("Rule QA (2 warnings)")
                .contains("  warning: CTX_T_DEBUNK: never fires on these 1 texts\n"
                        + "  warning: PS_T_REMEDY: never fires on these 1 texts\n");
    }

    // --- --compare -------------------------------------------------------------------------------------------------

    /**
     * The old pack (test resources compare/old) has PS_T_REMEDY at 30 and no context rule; the new one is the test
     * pack (PS_T_REMEDY 50, CTX_T_DEBUNK -60). On labelled.jsonl: f1, f2 (flag) PASS → REVIEW: fixed; o3 (ok, 偏方)
     * PASS → REVIEW: broken; o1 (辟谣：神药) PASS either way (30, then 50 − 60).
     */
    @Test
    void compareReportsVerdictChangesRuleDeltasAndMetricDeltas() {
        String old = TestCli.resource("/compare/old").toString();
        TestCli.Run r = run(tp("eval", "--labels", LABELLED.toString(), "--compare", old, "-f", "json"));
        assertThat(r.exit()).as("o3 regressed: a CI gate fails (before the unreadable lines' 3)")
                .isEqualTo(ExitCodes.REGRESSION);
        JsonNode c = r.json().get("compare");
        assertThat(c.get("regressed").asBoolean()).isTrue();
        assertThat(run(tp("eval", "--labels", LABELLED.toString(), "--compare", old, "--allow-broken", "1")).exit())
                .as("one broken text allowed: only the unreadable lines count").isEqualTo(ExitCodes.UNREADABLE);
        assertThat(r.json().get("confusion").get("truePositives").asInt()).as("the main report is the new pack's")
                .isEqualTo(4);
        assertThat(c.get("oldRules").asText()).isEqualTo(old);
        assertThat(c.get("oldRulesetVersion").asText()).isNotEqualTo(c.get("newRulesetVersion").asText());
        assertThat(List.of(c.get("verdictChanges").asInt(), c.get("broken").asInt(), c.get("fixed").asInt(),
                c.get("severity").asInt())).containsExactly(3, 1, 2, 0);
        assertThat(c.get("changes")).extracting(x -> x.get("id").asText() + " " + x.get("effect").asText() + " "
                        + x.get("oldVerdict").asText() + " " + x.get("oldScore").asInt() + " -> "
                        + x.get("newVerdict").asText() + " " + x.get("newScore").asInt())
                .containsExactly("o3 broken PASS 30 -> REVIEW 50", "f1 fixed PASS 30 -> REVIEW 50",
                        "f2 fixed PASS 30 -> REVIEW 50");
        assertThat(c.get("rules")).extracting(x -> x.get("rule").asText() + " " + x.get("status").asText() + " "
                        + x.get("oldWeight") + "->" + x.get("newWeight") + " flag " + x.get("oldFlagHits") + "->"
                        + x.get("newFlagHits") + " ok " + x.get("oldOkHits") + "->" + x.get("newOkHits"))
                .containsExactly("CTX_T_DEBUNK added null->-60 flag 0->0 ok 0->1",
                        "PS_T_REMEDY changed 30->50 flag 2->2 ok 2->2");
        JsonNode recall = c.get("metrics").get("recall");
        assertThat(recall.get("old").asDouble()).isCloseTo(2.0 / 7, within(1e-4));
        assertThat(recall.get("new").asDouble()).isCloseTo(4.0 / 7, within(1e-4));
        assertThat(recall.get("delta").asDouble()).isCloseTo(2.0 / 7, within(1e-4));
        assertThat(c.get("metrics").get("okFalsePositiveRate").get("delta").asDouble()).isCloseTo(0.2, within(1e-4));

        TestCli.Run text = run(tp("eval", "--labels", LABELLED.toString(), "--compare", old));
        assertThat(text.out())
                .containsPattern("(?m)^Comparison with .*compare/old \\(ruleset \\w+ -> \\w+\\) on the same 12 texts$")
                .containsPattern("(?m)^  recall +0\\.286 +0\\.571 +\\+0\\.286$")
                .containsPattern("(?m)^  FP rate \\(ok\\) +20\\.0% +40\\.0% +\\+20\\.0%$")
                .contains("Verdict changes: 3 (1 broken, 2 fixed, 0 REVIEW<->BLOCK):\n"
                        + "  broken   o3  ok  PASS 30 -> REVIEW 50  PS_T_REMEDY  这家药店的偏方很便宜\n"
                        + "  fixed    f1  flag  PASS 30 -> REVIEW 50  PS_T_REMEDY  神药包治百病\n")
                .containsPattern("(?m)^  CTX_T_DEBUNK +added +0 -> 0 +0 -> 1 +- -> -60$")
                .containsPattern("(?m)^  PS_T_REMEDY +changed +2 -> 2 +2 -> 2 +30 -> 50$")
                .contains("\nREGRESSED: 1 text(s) the old pack got right are wrong now; exit 6\n");
    }

    @Test
    void compareWithAMissingOrBrokenPackIsAUsageError() throws IOException {
        assertThat(run(tp("eval", "--labels", LABELLED.toString(), "--compare", dir.resolve("nope").toString()))
                .exit()).isEqualTo(ExitCodes.USAGE);
        Files.writeString(dir.resolve("bad.drl"), "rule \"PS_X\" when then end");
        TestCli.Run r = run(tp("eval", "--labels", LABELLED.toString(), "--compare", dir.toString()));
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--compare " + dir);
    }
}
