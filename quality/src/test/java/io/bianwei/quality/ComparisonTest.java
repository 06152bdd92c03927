package io.bianwei.quality;

import io.bianwei.Finding;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import io.bianwei.ScreeningResult;
import io.bianwei.Span;
import io.bianwei.Verdict;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The regression diff. The old pack (test resources compare/old) has PS_T_REMEDY at 30 and no context rule; the new
 * one is the test pack (PS_T_REMEDY 50, CTX_T_DEBUNK -60). On labelled.jsonl: f1, f2 (flag) PASS → REVIEW: fixed; o3
 * (ok, 偏方) PASS → REVIEW: broken; o1 (辟谣：神药) PASS either way (30, then 50 − 60).
 */
class ComparisonTest {
    private static final Path OLD = Packs.resource("/compare/old");

    @Test
    void verdictChangesRuleDeltasAndMetricDeltas() throws IOException {
        Screener now = EvaluationTest.testPack();
        Screener old = Packs.screener(Comparison.oldSettings(now.settings(), OLD));
        Comparison.Report c = Comparison.run(old, now, EvaluationTest.samples(), Evaluation.DEFAULT_TOP,
                Evaluation.DEFAULT_QA_MIN_HITS);
        assertThat(c.now().confusion().truePositives()).as("the new pack's evaluation").isEqualTo(4);
        assertThat(c.now()).isEqualTo(Evaluation.run(now, EvaluationTest.samples()));
        assertThat(c.old()).isEqualTo(Evaluation.run(old, EvaluationTest.samples()));
        assertThat(c.old().rulesetVersion()).isNotEqualTo(c.now().rulesetVersion());
        assertThat(List.of(c.verdictChanges(), c.broken(), c.fixed(), c.severity())).containsExactly(3, 1, 2, 0);
        assertThat(c.changes()).extracting(k -> k.id() + " " + k.effect() + " " + k.oldVerdict() + " " + k.oldScore()
                        + " -> " + k.newVerdict() + " " + k.newScore())
                .containsExactly("o3 broken PASS 30 -> REVIEW 50", "f1 fixed PASS 30 -> REVIEW 50",
                        "f2 fixed PASS 30 -> REVIEW 50");
        Comparison.Change o3 = c.changes().get(0);
        assertThat(o3.label()).isEqualTo(Label.OK);
        assertThat(o3.category()).isEqualTo("health");
        assertThat(o3.oldRules()).containsExactly("PS_T_REMEDY");
        assertThat(o3.newRules()).containsExactly("PS_T_REMEDY");
        assertThat(o3.excerpt()).isEqualTo("这家药店的偏方很便宜");
        assertThat(c.rules()).containsExactly(
                new Comparison.RuleDelta("CTX_T_DEBUNK", "context", null, -60, 0, 0, 0, 1),
                new Comparison.RuleDelta("PS_T_REMEDY", "pseudo_science", 30, 50, 2, 2, 2, 2));
        assertThat(c.rules()).extracting(Comparison.RuleDelta::status).containsExactly("added", "changed");
        assertThat(c.old().overall().recall()).isCloseTo(2.0 / 7, within(1e-9));
        assertThat(c.now().overall().recall()).isCloseTo(4.0 / 7, within(1e-9));
        assertThat(c.now().okFalsePositiveRate() - c.old().okFalsePositiveRate()).isCloseTo(0.2, within(1e-9));
    }

    /** The old pack is screened alone, with the current thresholds and categories but not the current --disable. */
    @Test
    void oldSettingsKeepThresholdsAndCategoriesNotDisabledRules() {
        ScreenerSettings current = ScreenerSettings.defaults().withRules(List.of(Path.of("new")))
                .withThresholds(30, 60).withOnly(List.of("privacy_abuse")).withDisabled(List.of("PA_X"));
        ScreenerSettings old = Comparison.oldSettings(current, Path.of("old"));
        assertThat(old.defaultRules()).isFalse();
        assertThat(old.rules()).containsExactly("old");
        assertThat(old.disable()).isEmpty();
        assertThat(old.withDefaultRules(true).withRuleStrings(List.of("new")).withDisabled(List.of("PA_X")))
                .as("everything else as in the current settings").isEqualTo(current);
    }

    private static ScreeningResult result(String id, Verdict v, int score) {
        List<Finding> fs = v == Verdict.PASS ? List.of()
                : List.of(new Finding("R", "pseudo_science", score, "m", List.of(Span.of("abc", 0, 1))));
        return new ScreeningResult(id, v, score, Map.of(), fs, "v", Duration.ZERO, true, List.of());
    }

    /** All changes are counted, the first MAX_CHANGES kept: broken first, then fixed, then severity, in input order. */
    @Test
    void changesAreBoundedAndOrderedByEffect() {
        Comparison.Accumulator acc = new Comparison.Accumulator(new Evaluation.Accumulator(List.of(), "a", 0),
                List.of(), new Evaluation.Accumulator(List.of(), "b", 0), List.of());
        acc.add(new Sample("s0", "t", Label.FLAG, null), result("s0", Verdict.REVIEW, 50), result("s0", Verdict.BLOCK, 80));
        for (int i = 1; i <= Comparison.MAX_CHANGES + 4; i++) {
            boolean fix = i % 2 == 0;
            acc.add(new Sample("s" + i, "t", fix ? Label.FLAG : Label.OK, null), result("s" + i, Verdict.PASS, 0),
                    result("s" + i, Verdict.REVIEW, 50));
        }
        acc.add(new Sample("same", "t", Label.OK, null), result("same", Verdict.PASS, 0), result("same", Verdict.PASS, 0));
        acc.addFailure("bad", "bad: broken");
        Comparison.Report r = acc.report();
        assertThat(r.verdictChanges()).isEqualTo(Comparison.MAX_CHANGES + 5);
        assertThat(List.of(r.broken(), r.fixed(), r.severity())).containsExactly(502, 502, 1);
        assertThat(r.changes()).hasSize(Comparison.MAX_CHANGES);
        assertThat(r.changes().get(0).id()).isEqualTo("s1");
        assertThat(r.changes().get(1).id()).isEqualTo("s3");
        assertThat(r.changes().get(499).effect()).isEqualTo("broken");
        assertThat(r.changes().get(500)).satisfies(k -> assertThat(k.id() + " " + k.effect()).isEqualTo("s2 fixed"));
        assertThat(r.changes()).extracting(Comparison.Change::effect).last().isEqualTo("severity");
        assertThat(r.old().failures()).isEqualTo(1);
        assertThat(r.now().failures()).isEqualTo(1);
        assertThat(r.now().documents()).isEqualTo(Comparison.MAX_CHANGES + 6);
    }
}
