package io.bianwei;

import io.bianwei.internal.model.LinearVerdict;
import io.bianwei.internal.model.Ngrams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The learned verdict through the public API: a pack folder with {@code models/verdict.model} makes the model decide,
 * the rules stay the evidence. The model here is written by hand (weights on the test pack's rules and on the n-grams
 * of 偏方 and 根治), so every number below can be checked on paper.
 */
class LearnedVerdictTest {
    private static final LinearVerdict.Features FEATURES = new LinearVerdict.Features(Ngrams.DEFAULT_SCHEME, 18, 1, 3,
            400, 3.0);

    /** p(review) 0.2, p(block) 0.6: on the 0–100 score they sit at 40 and 70. */
    private static LinearVerdict model() {
        Map<Integer, Double> ngrams = new java.util.TreeMap<>();
        ngrams.put(Ngrams.indexOf("偏方", 18), 12.0);
        ngrams.put(Ngrams.indexOf("根治", 18), 9.0);
        ngrams.put(Ngrams.indexOf("天气", 18), -1.0);
        LinearVerdict.CategoryWeights ps = new LinearVerdict.CategoryWeights("pseudo_science", 100, 10, 20, -3.0,
                Map.of("PS_TEST_CURE", 1.0, "CTX_TEST_DEBUNK", -2.0), ngrams);
        return LinearVerdict.of(FEATURES, new LinearVerdict.Thresholds(0.2, 0.6, 0.02, 0.005, 0.02, 0.005),
                new LinearVerdict.Provenance("test", "2026-12-07", 30, 10, 20), List.of(ps));
    }

    private static Screener screener(Path dir, String... extra) throws Exception {
        Files.createDirectories(dir.resolve("models"));
        model().write(dir.resolve("models/verdict.model"));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            Files.writeString(dir.resolve(extra[i]), extra[i + 1]);
        }
        return TestPacks.builder().addRules(dir).build();
    }

    @Test
    void theModelDecidesAndExplainsEveryTermOfItsSum(@TempDir Path dir) throws Exception {
        Screener s = screener(dir);
        assertThat(s.reviewThreshold()).isEqualTo(40);
        assertThat(s.blockThreshold()).isEqualTo(70);
        String text = "这个偏方能根治糖尿病";
        Explanation e = s.explain(text);
        ScreeningResult r = e.result();
        assertThat(e.scoring()).as("hand weights did not decide").isNull();
        LearnedScore l = e.learned();
        assertThat(l).isNotNull();
        LearnedScore.CategoryScore ps = l.categories().get(0);
        double sum = ps.bias() + ps.otherNgrams() + ps.rules().stream().mapToDouble(LearnedScore.Term::contribution).sum()
                + ps.ngrams().stream().mapToDouble(LearnedScore.Term::contribution).sum();
        assertThat(sum).as("explain's sum is the log-odds").isCloseTo(ps.logit(), within(1e-6));
        assertThat(ps.probability()).isCloseTo(1 / (1 + Math.exp(-ps.logit())), within(1e-9));
        assertThat(r.score()).isEqualTo(expectedScore(ps.probability())).isEqualTo(l.score());
        assertThat(r.verdict()).isEqualTo(l.verdict());
        // the rule's finding carries its part of the log-odds: weight 1.0 x value 3.0
        Finding cure = r.findings().stream().filter(f -> f.ruleId().equals("PS_TEST_CURE")).findFirst().orElseThrow();
        assertThat(cure.contribution()).isCloseTo(3.0, within(1e-9));
        // the n-grams that pushed the score up are a finding with their spans in the original text
        Finding words = r.findings().stream().filter(f -> f.ruleId().equals("TEXT_PSEUDO_SCIENCE")).findFirst()
                .orElseThrow();
        assertThat(words.spans()).extracting(Span::text).contains("偏方", "根治");
        for (Span sp : words.spans()) {
            assertThat(text.substring(sp.start(), sp.end())).isEqualTo(sp.text());
        }
        assertThat(r.categoryScores()).containsEntry("pseudo_science", r.score());
    }

    @Test
    void screenSkipsTheArithmeticNobodyReadsYetAgreesWithExplainOnEverything(@TempDir Path dir) throws Exception {
        // screen works out only what a result holds (a category below REVIEW needs its log-odds alone); explain works
        // out every term: verdict, score, category scores, findings, contributions and spans must be the same
        Screener s = screener(dir);
        String[] texts = {"今天天气很好", "偏方偏方，根治根治", "这个偏方能根治糖尿病", "辟谣：偏方不能根治糖尿病",
                "祖传秘方三天根治糖尿病，无效退款", ""};
        int below = 0;
        int above = 0;
        for (String t : texts) {
            ScreeningResult screened = s.screen(t);
            ScreeningResult explained = s.explain(t).result();
            assertThat(screened).as(t).isEqualTo(explained);
            assertThat(screened.findings()).as(t).isEqualTo(explained.findings());
            for (int k = 0; k < screened.findings().size(); k++) {
                assertThat(screened.findings().get(k).contribution()).as(t)
                        .isEqualTo(explained.findings().get(k).contribution());
            }
            if (screened.score() >= s.reviewThreshold()) {
                above++;
            } else if (!screened.findings().isEmpty()) {
                below++;
            }
        }
        assertThat(above).as("texts at REVIEW or above").isPositive();
        assertThat(below).as("texts below REVIEW with findings").isPositive();
    }

    @Test
    void wordingAloneStaysBelowBlock(@TempDir Path dir) throws Exception {
        // no rule fires on 偏方偏方根治 (no disease), yet its n-grams alone push the probability above 0.6
        Screener s = screener(dir);
        ScreeningResult r = s.screen("偏方偏方，根治根治");
        assertThat(r.findings()).noneMatch(f -> f.weight() > 0);
        LearnedScore.CategoryScore ps = s.explain("偏方偏方，根治根治").learned().categories().get(0);
        assertThat(ps.probability()).isGreaterThan(0.6);
        assertThat(ps.capped()).isTrue();
        assertThat(r.score()).isEqualTo(69);
        assertThat(r.verdict()).isEqualTo(Verdict.REVIEW);
    }

    /** The mapping written out: linear in p below 0.2 (→ 40), linear in log-odds up to 0.6 (→ 70), saturating above. */
    private static int expectedScore(double p) {
        double lr = Math.log(0.2 / 0.8);
        double lb = Math.log(0.6 / 0.4);
        double l = Math.log(p / (1 - p));
        double s = p < 0.2 ? 40 * p / 0.2 : l < lb ? 40 + 30 * (l - lr) / (lb - lr)
                : 70 + 30 * (1 - Math.exp(-(l - lb) / (lb - lr)));
        return (int) Math.floor(s + 1e-9);
    }

    @Test
    void scoresAreMonotoneInTheProbabilityAndTheThresholdsSitAt40And70(@TempDir Path dir) throws Exception {
        Screener s = screener(dir);
        assertThat(expectedScore(0.2)).isEqualTo(40);
        assertThat(expectedScore(0.6)).isEqualTo(70);
        for (String t : List.of("今天天气很好", "偏方", "这个偏方能根治糖尿病", "偏方偏方，根治根治")) {
            LearnedScore.CategoryScore ps = s.explain(t).learned().categories().get(0);
            if (!ps.capped()) {
                assertThat(ps.score()).isEqualTo(expectedScore(ps.probability()));
            }
        }
    }

    @Test
    void contextRulesAreFeaturesTheModelWeighs(@TempDir Path dir) throws Exception {
        Screener s = screener(dir);
        ScreeningResult claim = s.screen("这个偏方能根治糖尿病");
        ScreeningResult debunk = s.screen("辟谣：这个偏方能根治糖尿病？假的");
        assertThat(debunk.score()).isLessThan(claim.score());
        assertThat(debunk.findings()).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("CTX_TEST_DEBUNK");
            assertThat(f.contribution()).isCloseTo(-6.0, within(1e-9));
        });
    }

    @Test
    void thresholdsGivenByTheCallerOverrideTheModels(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("models"));
        model().write(dir.resolve("models/verdict.model"));
        Screener s = TestPacks.builder().addRules(dir).thresholds(100, 100).build();
        assertThat(s.reviewThreshold()).isEqualTo(100);
        assertThat(s.screen("这个偏方能根治糖尿病").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aPackThatAsksForWeightsGetsTodaysResults(@TempDir Path dir) throws Exception {
        Screener weights = screener(dir, "pack.properties", "scoring=weights\n");
        Screener plain = TestPacks.screener();
        for (String t : List.of("这个偏方能根治糖尿病", "辟谣：这个偏方能根治糖尿病？假的", "今天天气很好")) {
            ScreeningResult a = weights.screen(t);
            ScreeningResult b = plain.screen(t);
            assertThat(a.verdict()).isEqualTo(b.verdict());
            assertThat(a.score()).isEqualTo(b.score());
            assertThat(a.findings()).isEqualTo(b.findings());
            assertThat(weights.explain(t).scoring()).isNotNull();
        }
    }

    @Test
    void aBrokenModelFileFailsTheBuildNamingItsLine(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("models/verdict.model"), "bianwei-linear-verdict 1\nnonsense\n");
        RulePackException e = org.assertj.core.api.Assertions.catchThrowableOfType(RulePackException.class,
                () -> TestPacks.builder().addRules(dir).build());
        assertThat(e).isNotNull();
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.file()).endsWith("verdict.model");
            assertThat(p.line()).isPositive();
        });
    }

    @Test
    void theModelIsPartOfTheRulesetVersion(@TempDir Path dir) throws Exception {
        assertThat(screener(dir).rulesetVersion()).isNotEqualTo(TestPacks.screener().rulesetVersion());
    }
}
