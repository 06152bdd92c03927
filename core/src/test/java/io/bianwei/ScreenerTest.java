package io.bianwei;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScreenerTest {
    private final Screener screener = TestPacks.screener();

    @Test
    void claimFiresWithSpansInTheOriginalText() {
        String text = "朋友说：這個偏方能根治糖尿病！";
        ScreeningResult r = screener.screen("d1", text);
        assertThat(r.id()).isEqualTo("d1");
        assertThat(r.findings()).extracting(Finding::ruleId).containsExactly("PS_TEST_CURE");
        Finding f = r.findings().get(0);
        assertThat(f.category()).isEqualTo("pseudo_science");
        assertThat(f.weight()).isEqualTo(45);
        assertThat(f.spans()).extracting(Span::text).containsExactly("偏方", "能根治", "糖尿病");
        for (Span s : f.spans()) {
            assertThat(text.substring(s.start(), s.end())).isEqualTo(s.text());
        }
        assertThat(r.score()).isEqualTo(45);
        assertThat(r.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(r.categoryScores()).containsEntry("pseudo_science", 45);
        assertThat(r.rulesetVersion()).hasSize(12);
        assertThat(r.complete()).isTrue();
    }

    @Test
    void evasionBySeparatorsAndFullWidthStillMapsToOriginal() {
        String text = "偏*方 能-根-治 糖　尿　病";
        ScreeningResult r = screener.screen(text);
        assertThat(r.fired("PS_TEST_CURE")).isTrue();
        assertThat(r.findings().get(0).spans()).extracting(Span::text).containsExactly("偏*方", "能-根-治", "糖　尿　病");
    }

    @Test
    void debunkInTheSameSentenceCancelsTheClaim() {
        ScreeningResult r = screener.screen("辟谣：偏方能根治糖尿病是假的");
        assertThat(r.fired("PS_TEST_CURE")).isTrue();
        assertThat(r.fired("CTX_TEST_DEBUNK")).isTrue();
        Finding ctx = r.findings().stream().filter(f -> f.ruleId().equals("CTX_TEST_DEBUNK")).findFirst().orElseThrow();
        assertThat(ctx.category()).isEqualTo("pseudo_science");
        assertThat(ctx.weight()).isEqualTo(-50);
        assertThat(r.score()).isZero();
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void contextWordInAnUnrelatedLaterSentenceDoesNotCancel() {
        ScreeningResult r = screener.screen("今天天气很好。偏方能根治糖尿病。网上谣言很多");
        assertThat(r.fired("PS_TEST_CURE")).isTrue();
        assertThat(r.fired("CTX_TEST_DEBUNK")).isFalse();
        assertThat(r.verdict()).isEqualTo(Verdict.REVIEW);
    }

    @Test
    void contextInTheFrameQualifiesTheWholeText() {
        ScreeningResult r = screener.screen("【辟谣】网传消息不可信。偏方能根治糖尿病的说法没有依据。");
        assertThat(r.fired("CTX_TEST_DEBUNK")).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void nullIsAClearErrorAndEmptyPasses() {
        assertThatThrownBy(() -> screener.screen(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("text must not be null");
        assertThat(screener.screen("").verdict()).isEqualTo(Verdict.PASS);
        assertThat(screener.screen("   \n\t").verdict()).isEqualTo(Verdict.PASS);
        assertThat(screener.screen("").findings()).isEmpty();
    }

    @Test
    void explainShowsTheSteps() {
        Explanation e = screener.explain("這個偏方能根治糖尿病");
        assertThat(e.normalized()).isEqualTo("这个偏方能根治糖尿病");
        assertThat(e.tokens()).extracting(Explanation.Token::word).contains("偏方", "糖尿病");
        assertThat(e.hits()).extracting(Explanation.TermHit::list).contains("remedy", "cure_verb", "disease");
        assertThat(e.arithmetic()).last().asString().contains("REVIEW");
        assertThat(e.result().fired("PS_TEST_CURE")).isTrue();
    }

    @Test
    void thresholdsAndDisabledRulesApply() {
        Screener strict = TestPacks.builder().thresholds(10, 40).build();
        assertThat(strict.screen("偏方能根治糖尿病").verdict()).isEqualTo(Verdict.BLOCK);
        Screener off = TestPacks.builder().disableRules(java.util.List.of("PS_TEST_CURE")).build();
        assertThat(off.screen("偏方能根治糖尿病").verdict()).isEqualTo(Verdict.PASS);
        assertThat(off.rules()).filteredOn(r -> r.id().equals("PS_TEST_CURE")).extracting(RuleInfo::enabled)
                .containsExactly(false);
    }

    @Test
    void rulesCarryMetadataAndTheirExamplesPass() {
        assertThat(screener.rules()).extracting(RuleInfo::id).containsExactly("CTX_TEST_DEBUNK", "PS_TEST_CURE");
        RuleInfo cure = screener.rules().get(1);
        assertThat(cure.source()).endsWith("cure.drl:6");
        assertThat(cure.descriptionEn()).isEqualTo("A remedy claimed to cure a disease");
        assertThat(cure.examples()).hasSize(2);
        assertThat(screener.pack().checkExamples()).isEmpty();
    }

    /** A disabled rule cannot fire: its examples are not run (a reload of a pack screened with --disable passes). */
    @Test
    void theExamplesOfADisabledRuleAreNotRun() {
        Screener without = TestPacks.builder().disableRules(List.of("CTX_TEST_DEBUNK")).build();
        assertThat(without.pack().checkExamples()).isEmpty();
        RuleInfo debunk = without.rules().get(0);
        assertThat(without.pack().checkExample(debunk, debunk.examples().get(0))).hasValueSatisfying(f ->
                assertThat(f.reason()).isEqualTo("rule did not fire (it is disabled)"));
    }
}
