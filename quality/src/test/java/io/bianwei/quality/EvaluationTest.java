package io.bianwei.quality;

import io.bianwei.Finding;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.Span;
import io.bianwei.Verdict;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The evaluation arithmetic, on src/test/resources/eval/labelled.jsonl screened with the test pack
 * (PS_T_REMEDY +50 on 神药/偏方, PA_T_SPY +80 on 开房记录/破解摄像头, CTX_T_DEBUNK -60 on 辟谣).
 *
 * <pre>
 * id  label category        text                   verdict  top category
 * f1  flag  pseudo_science  神药包治百病            REVIEW 50  pseudo_science   TP
 * f2  flag  pseudo_science  偏方神药，快买          REVIEW 50  pseudo_science   TP
 * f3  flag  pseudo_science  每天喝热水对身体好      PASS                        FN
 * f4  flag  privacy_abuse   出售开房记录            BLOCK 80   privacy_abuse    TP
 * f5  flag  privacy_abuse   查人找我                PASS                        FN
 * o1  ok    pseudo_science  辟谣：神药不存在        PASS 0 (50-60)              TN
 * o2  ok    privacy_abuse   警方打击破解摄像头黑产  BLOCK 80   privacy_abuse    FP
 * f6  flag  privacy_abuse   破解摄像头资源出售      BLOCK 80                    TP
 * o3  ok    health          这家药店的偏方很便宜    REVIEW 50  pseudo_science   FP
 * o4  ok    -               今天天气很好            PASS                        TN
 * f7  FLAG  pseudo_science  量子能量                PASS                        FN
 * o5  ok    -               普通新闻                PASS                        TN
 * (+ a malformed line and a line without label: failures, not counted)
 *
 * TP 4, FN 3, FP 2, TN 3 → precision 4/6, recall 4/7, F1 8/13; ok: FP rate 2/5, BLOCK rate 1/5.
 * pseudo_science: flag 4, caught 2, missed 2, false alarms 1 (o3) → P 2/3, R 2/4, F1 4/7; ok 1, ok flagged 0
 * privacy_abuse:  flag 3, caught 2, missed 1, false alarms 1 (o2) → P 2/3, R 2/3, F1 4/6; ok 1, ok flagged 1
 * health:         flag 0, false alarms 0 → P, R, F1 undefined; ok 1, ok flagged 1
 * rules (7 flag, 5 ok texts): PA_T_SPY 2 flag (f4 f6) / 1 ok (o2): 2/7, 1/5, S/O = (2/7)/((2/7)+(1/5)) = 10/17
 *                             PS_T_REMEDY 2 (f1 f2) / 2 (o1 o3): 2/7, 2/5, S/O = 10/24
 *                             CTX_T_DEBUNK 0 / 1 (o1): 0, 1/5, S/O = 0
 * </pre>
 */
class EvaluationTest {
    private static final double EPS = 1e-9;

    static Screener testPack() {
        return Packs.screener(Packs.only(Packs.testPack()));
    }

    /** The labelled file's samples, read as {@code eval} reads them (the two unreadable lines are failures). */
    static List<Sample> samples() throws IOException {
        return LabelledJsonl.read(Packs.resource("/eval/labelled.jsonl"), LabelledJsonl.Fields.defaults()).samples();
    }

    @Test
    void figuresOnTheTinyLabelledFileMatchTheHandComputation() throws IOException {
        Evaluation.Report r = Evaluation.run(testPack(), samples());
        assertThat(r.documents()).isEqualTo(12);
        assertThat(r.flagDocuments()).isEqualTo(7);
        assertThat(r.okDocuments()).isEqualTo(5);
        assertThat(r.confusion()).isEqualTo(new Evaluation.Confusion(4, 3, 2, 3));
        assertThat(r.overall().precision()).isCloseTo(4.0 / 6, within(EPS));
        assertThat(r.overall().recall()).isCloseTo(4.0 / 7, within(EPS));
        assertThat(r.overall().f1()).isCloseTo(8.0 / 13, within(EPS));
        assertThat(r.okFalsePositiveRate()).isCloseTo(0.4, within(EPS));
        assertThat(r.okBlocked()).isEqualTo(1);
        assertThat(r.okBlockRate()).isCloseTo(0.2, within(EPS));

        assertThat(r.categories()).extracting(Evaluation.CategoryStats::category)
                .containsExactly("health", "privacy_abuse", "pseudo_science");
        Evaluation.CategoryStats health = r.categories().get(0);
        Evaluation.CategoryStats privacy = r.categories().get(1);
        Evaluation.CategoryStats pseudo = r.categories().get(2);
        assertThat(List.of(pseudo.flagDocuments(), pseudo.caught(), pseudo.missed(), pseudo.falseAlarms(),
                pseudo.okDocuments(), pseudo.okFlagged())).containsExactly(4, 2, 2, 1, 1, 0);
        assertThat(pseudo.metrics().precision()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(pseudo.metrics().recall()).isCloseTo(0.5, within(EPS));
        assertThat(pseudo.metrics().f1()).isCloseTo(4.0 / 7, within(EPS));
        assertThat(List.of(privacy.flagDocuments(), privacy.caught(), privacy.missed(), privacy.falseAlarms(),
                privacy.okDocuments(), privacy.okFlagged())).containsExactly(3, 2, 1, 1, 1, 1);
        assertThat(privacy.metrics().precision()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(privacy.metrics().recall()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(privacy.metrics().f1()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(List.of(health.flagDocuments(), health.caught(), health.falseAlarms(), health.okDocuments(),
                health.okFlagged())).containsExactly(0, 0, 0, 1, 1);
        assertThat(health.metrics().precision()).isNaN();
        assertThat(health.metrics().recall()).isNaN();
        assertThat(health.metrics().f1()).isNaN();

        assertThat(r.rules()).extracting(Evaluation.RuleStats::rule)
                .containsExactly("PA_T_SPY", "PS_T_REMEDY", "CTX_T_DEBUNK");
        Evaluation.RuleStats spy = r.rules().get(0);
        assertThat(List.of(spy.flagHits(), spy.okHits(), spy.weight())).containsExactly(2, 1, 80);
        assertThat(spy.flagRate()).isCloseTo(2.0 / 7, within(EPS));
        assertThat(spy.okRate()).isCloseTo(0.2, within(EPS));
        assertThat(spy.ratio()).isCloseTo(10.0 / 17, within(EPS));
        Evaluation.RuleStats remedy = r.rules().get(1);
        assertThat(List.of(remedy.flagHits(), remedy.okHits())).containsExactly(2, 2);
        assertThat(remedy.ratio()).isCloseTo(10.0 / 24, within(EPS));
        Evaluation.RuleStats debunk = r.rules().get(2);
        assertThat(List.of(debunk.flagHits(), debunk.okHits())).containsExactly(0, 1);
        assertThat(debunk.ratio()).isZero();
        assertThat(debunk.category()).isEqualTo("context");

        assertThat(r.falsePositives()).extracting(Evaluation.Case::id).containsExactly("o2", "o3");
        assertThat(r.falsePositives().get(0).rules()).containsExactly("PA_T_SPY");
        assertThat(r.falsePositives().get(0).verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(r.falseNegatives()).extracting(Evaluation.Case::id).containsExactly("f3", "f5", "f7");
        assertThat(r.falseNegatives().get(0).excerpt()).isEqualTo("每天喝热水对身体好");
        assertThat(r.failures()).isZero();
    }

    // --- pure arithmetic with made-up results --------------------------------------------------------------------

    private static ScreeningResult result(String id, int score, Map<String, Integer> cats, String... rules) {
        Verdict v = score >= 70 ? Verdict.BLOCK : score >= 40 ? Verdict.REVIEW : Verdict.PASS;
        List<Finding> fs = new ArrayList<>();
        for (String rule : rules) {
            fs.add(new Finding(rule, "pseudo_science", 10, "m", List.of(Span.of("abc", 0, 1))));
        }
        return new ScreeningResult(id, v, score, cats, fs, "v1", Duration.ZERO, true, List.of());
    }

    private static Sample sample(String id, Label label, String category) {
        return new Sample(id, "text of " + id, label, category);
    }

    @Test
    void undefinedRatiosAreNaNAndAnEmptyRunIsFine() {
        Evaluation.Report empty = new Evaluation.Accumulator(List.of(), "v0", 5).report();
        assertThat(empty.documents()).isZero();
        assertThat(empty.overall().precision()).isNaN();
        assertThat(empty.overall().recall()).isNaN();
        assertThat(empty.overall().f1()).isNaN();
        assertThat(empty.okFalsePositiveRate()).isNaN();
        assertThat(empty.categories()).isEmpty();

        Evaluation.Accumulator acc = new Evaluation.Accumulator(List.of(), "v1", 5);
        acc.add(sample("a", Label.FLAG, null), result("a", 0, Map.of()));
        Evaluation.Report r = acc.report();
        assertThat(r.overall().precision()).as("nothing flagged").isNaN();
        assertThat(r.overall().recall()).isZero();
        assertThat(r.overall().f1()).isZero();
        assertThat(r.categories()).singleElement().satisfies(c -> {
            assertThat(c.category()).isEqualTo(Evaluation.NO_CATEGORY);
            assertThat(c.missed()).isEqualTo(1);
        });
    }

    @Test
    void topListsAreBoundedAndOrderedWorstFirstTiesInInputOrder() {
        Evaluation.Accumulator acc = new Evaluation.Accumulator(List.of(), "v1", 2);
        int[] okScores = {45, 90, 70, 90, 10};
        for (int i = 0; i < okScores.length; i++) {
            acc.add(sample("o" + i, Label.OK, null),
                    result("o" + i, okScores[i], Map.of("privacy_abuse", okScores[i], "pseudo_science", 5), "R" + i));
        }
        int[] flagScores = {30, 0, 39, 0, 80};
        for (int i = 0; i < flagScores.length; i++) {
            acc.add(sample("f" + i, Label.FLAG, "pseudo_science"),
                    result("f" + i, flagScores[i], Map.of("pseudo_science", flagScores[i])));
        }
        Evaluation.Report r = acc.report();
        assertThat(r.falsePositives()).extracting(Evaluation.Case::id).containsExactly("o1", "o3");
        assertThat(r.falseNegatives()).extracting(Evaluation.Case::id).containsExactly("f1", "f3");
        assertThat(r.confusion()).isEqualTo(new Evaluation.Confusion(1, 4, 4, 1));
        assertThat(r.okBlocked()).isEqualTo(3);
        assertThat(r.categories()).extracting(Evaluation.CategoryStats::category, Evaluation.CategoryStats::falseAlarms)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("privacy_abuse", 4),
                        org.assertj.core.groups.Tuple.tuple("pseudo_science", 0));
        assertThat(r.rules()).extracting(Evaluation.RuleStats::rule).containsExactly("R0", "R1", "R2", "R3", "R4");
    }

    // --- rule QA --------------------------------------------------------------------------------------------------

    private static Evaluation.Report evaluate(List<Sample> samples, int qaMinHits) {
        Screener screener = testPack();
        Evaluation.Accumulator acc = new Evaluation.Accumulator(screener.rules(), screener.rulesetVersion(),
                Evaluation.DEFAULT_TOP, qaMinHits);
        samples.forEach(s -> acc.add(s, screener.screen(s.id(), s.text())));
        return acc.report();
    }

    /** PS_T_REMEDY fires on 2 flag and 2 ok texts (S/O 10/24 < 0.5); with 4 hits needed, it is warned about. */
    @Test
    void ruleQaWarnsAboutRulesFiringMostlyOnOkAndRulesThatNeverFire() throws IOException {
        assertThat(evaluate(samples(), 4).warnings()).containsExactly(new Evaluation.RuleWarning("PS_T_REMEDY",
                "mostly-ok", "fires mostly on ok texts: S/O 0.42 (2 flag, 2 ok)"));
        assertThat(evaluate(samples(), Evaluation.DEFAULT_QA_MIN_HITS).warnings())
                .as("by default a rule needs 5 hits").isEmpty();
        assertThat(Evaluation.run(testPack(), samples()).warnings()).as("run uses the default").isEmpty();
        assertThat(evaluate(List.of(new Sample("1", "出售开房记录", Label.FLAG, null)), 5).warnings()).containsExactly(
                new Evaluation.RuleWarning("CTX_T_DEBUNK", "never-fires", "never fires on these 1 texts"),
                new Evaluation.RuleWarning("PS_T_REMEDY", "never-fires", "never fires on these 1 texts"));
        assertThat(new Evaluation.Accumulator(testPack().rules(), "v", 5).report().warnings())
                .as("no texts, no warnings").isEmpty();
    }

    /** A context rule that fires mostly on flag texts is suspect: it lets flagged content through. */
    @Test
    void ruleQaWarnsAboutContextRulesFiringMostlyOnFlagTexts() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            samples.add(new Sample("f" + i, "辟谣：神药不存在", Label.FLAG, null));
            samples.add(new Sample("o" + i, "今天天气很好", Label.OK, null));
        }
        assertThat(evaluate(samples, Evaluation.DEFAULT_QA_MIN_HITS).warnings())
                .extracting(w -> w.rule() + " " + w.kind())
                .containsExactly("CTX_T_DEBUNK mostly-flag", "PA_T_SPY never-fires");
    }

    @Test
    void familiesOfTextsAndOfRulesAreCounted() {
        List<io.bianwei.RuleInfo> rules = List.of(
                new io.bianwei.RuleInfo("PS_A", "pseudo_science", "detox", 50, "d", "d", "m", "x:1", List.of(), true),
                new io.bianwei.RuleInfo("PS_B", "pseudo_science", "", 50, "d", "d", "m", "x:2", List.of(), true));
        Evaluation.Accumulator acc = new Evaluation.Accumulator(rules, "v1", 5);
        acc.add(new Sample("1", "t", Label.FLAG, "pseudo_science", "detox"),
                result("1", 50, Map.of("pseudo_science", 50), "PS_A"));
        acc.add(new Sample("2", "t", Label.FLAG, "pseudo_science", "detox"),
                result("2", 50, Map.of("privacy_abuse", 50), "PS_B")); // flagged, but in another category
        acc.add(new Sample("3", "t", Label.FLAG, "pseudo_science", "detox"), result("3", 0, Map.of()));
        acc.add(new Sample("4", "t", Label.OK, null, "detox"), result("4", 45, Map.of("pseudo_science", 45), "PS_A"));
        acc.add(new Sample("5", "t", Label.OK, null, null), result("5", 0, Map.of()));
        Evaluation.Report r = acc.report();
        assertThat(r.families()).singleElement().satisfies(f -> {
            assertThat(f.family()).isEqualTo("detox");
            assertThat(List.of(f.flag(), f.caught(), f.caughtInCategory(), f.ok(), f.okFlagged()))
                    .containsExactly(3, 2, 1, 1, 1);
            assertThat(f.recall()).isEqualTo(1 / 3.0);
        });
        assertThat(r.ruleFamilies()).extracting(f -> f.family() + " " + f.rules() + " " + f.flagHits() + " "
                + f.flagCaught() + " " + f.okHits() + " " + f.okFlagged()).containsExactly(" 1 1 1 0 0", "detox 1 1 1 1 1");
    }

    @Test
    void theDevSplitIsFixedAndHalvesTheIds() {
        assertThat(DevSplit.half("pseudo_science-factcheck_claim-ce592812b6")).isEqualTo(DevSplit.half(
                "pseudo_science-factcheck_claim-ce592812b6"));
        long authoring = java.util.stream.IntStream.range(0, 2000).mapToObj(i -> "id" + i)
                .filter(id -> DevSplit.half(id) == DevSplit.Half.AUTHORING).count();
        assertThat(authoring).isBetween(900L, 1100L);
        // SHA-256("a") starts with 0xca (even): authoring; SHA-256("e") with 0x3f (odd): check
        assertThat(DevSplit.half("a")).isEqualTo(DevSplit.Half.AUTHORING);
        assertThat(DevSplit.half("e")).isEqualTo(DevSplit.Half.CHECK);
        assertThat(DevSplit.Half.parse(" Check ")).isEqualTo(DevSplit.Half.CHECK);
    }

    @Test
    void failuresAreCountedAndTheFirstOnesKept() {
        Evaluation.Accumulator acc = new Evaluation.Accumulator(List.of(), "v1", 5);
        for (int i = 0; i < Evaluation.Accumulator.MAX_FAILURES + 5; i++) {
            acc.addFailure("x" + i, "x" + i + ": broken");
        }
        Evaluation.Report r = acc.report();
        assertThat(r.failures()).isEqualTo(Evaluation.Accumulator.MAX_FAILURES + 5);
        assertThat(r.failureList()).hasSize(Evaluation.Accumulator.MAX_FAILURES);
        assertThat(r.failureList().get(0)).isEqualTo(new Evaluation.Failure("x0", "x0: broken"));
        assertThat(r.documents()).isZero();
    }

    @Test
    void labelsParseLeniently() {
        assertThat(Label.parse(" Flag ")).isEqualTo(Label.FLAG);
        assertThat(Label.parse("ok")).isEqualTo(Label.OK);
        assertThatThrownBy(() -> Label.parse("spam")).hasMessageContaining("'flag' or 'ok'");
        assertThatThrownBy(() -> Label.parse(null)).hasMessageContaining("got nothing");
    }
}
