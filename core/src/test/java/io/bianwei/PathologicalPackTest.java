package io.bianwei;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule author's mistake costs one document a bounded time, never the run: packs under
 * src/test/resources/pathological whose code throws an Error, loops for ever, sleeps past the budget, or whose
 * conditions throw or take for ever. Every document is answered, within about the budget, and says what happened.
 */
class PathologicalPackTest {
    private static final Duration BUDGET = Duration.ofMillis(500);

    private static Screener screener(String pack) throws URISyntaxException {
        Path dir = Path.of(PathologicalPackTest.class.getResource("/pathological/" + pack).toURI());
        return TestPacks.builder().addRules(dir).maxRuleTime(BUDGET).build();
    }

    private static ScreeningResult timed(Screener s, String text) {
        long t0 = System.nanoTime();
        ScreeningResult r = s.screen(text);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("%s took %d ms", text, ms).isLessThan(BUDGET.toMillis() + 2_000);
        return r;
    }

    @Test
    void anErrorInAConsequenceTakesTheRuleOutAndTheOtherRulesStillRun() throws Exception {
        Screener s = screener("error_in_consequence");
        for (int i = 0; i < 3; i++) {
            ScreeningResult r = timed(s, "这个偏方能根治糖尿病");
            assertThat(r.fired("PS_TEST_CURE")).as("the test pack's own rule still fires").isTrue();
            assertThat(r.fired("PS_ASSERT")).isFalse();
            if (i == 0) {
                assertThat(r.notes()).anyMatch(n -> n.contains("PS_ASSERT") && n.contains("AssertionError"));
            }
        }
        assertThat(timed(s, "今天天气很好").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aConsequenceThatLoopsForEverIsAbandonedAndTheTextFailsClosed() throws Exception {
        Screener s = screener("endless_consequence");
        ScreeningResult r = timed(s, "这个偏方很有名");
        assertThat(r.complete()).isFalse();
        assertThat(r.verdict()).as("fail-closed").isEqualTo(Verdict.REVIEW);
        assertThat(r.notes()).anyMatch(n -> n.contains("PS_LOOP") && n.contains("abandoned"));
        assertThat(r.notes()).anyMatch(n -> n.contains("PS_LOOP") && n.contains("taken out"));
        ScreeningResult next = timed(s, "今天天气很好");
        assertThat(next.verdict()).as("the next document is unaffected").isEqualTo(Verdict.PASS);
        assertThat(next.complete()).isTrue();
        long t0 = System.nanoTime();
        ScreeningResult again = s.screen("这个偏方很有名");
        assertThat(again.complete()).as("the looping rule is out: %s", again.notes()).isTrue();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("no second budget spent on it").isLessThan(BUDGET.toMillis());
    }

    @Test
    void aSleepingConsequenceCostsTheBudgetNotItsSleep() throws Exception {
        Screener s = screener("sleeping_consequence");
        ScreeningResult r = timed(s, "这个偏方很有名");
        assertThat(r.complete()).isFalse();
        assertThat(r.verdict()).isEqualTo(Verdict.REVIEW);
    }

    @Test
    void aThrowingConditionIsQuarantinedAndDocumentsKeepTheirOtherFindings() throws Exception {
        Screener s = screener("throwing_constraint");
        for (int i = 0; i < 3; i++) {
            ScreeningResult r = timed(s, "这个偏方能根治糖尿病");
            assertThat(r.fired("PS_TEST_CURE")).isTrue();
            assertThat(r.fired("PS_THROW")).isFalse();
        }
    }

    @Test
    void aSlowEvalIsCutAtTheBudget() throws Exception {
        Screener s = screener("slow_eval");
        ScreeningResult r = timed(s, "这个偏方很有名");
        assertThat(r.complete()).isFalse();
        assertThat(r.verdict()).isEqualTo(Verdict.REVIEW);
    }

    @Test
    void aSessionHaltedAtTheBudgetIsResetBeforeItScreensAgain() throws Exception {
        // sessions are pooled: the one halted on the slow text goes back to the pool, reset; the texts after it must
        // come out exactly as from a screener that never saw the slow text
        Screener s = screener("slow_on_other_word");
        Screener fresh = screener("slow_on_other_word");
        String claim = "辟谣：这个偏方能根治糖尿病？假的。这个偏方能根治糖尿病";
        ScreeningResult expected = fresh.screen(claim);
        assertThat(expected.complete()).isTrue();
        assertThat(expected.findings()).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 0; i < 3; i++) {
            assertThat(timed(s, "量子很有名").complete()).isFalse();
            ScreeningResult after = s.screen(claim);
            assertThat(after.findings()).isEqualTo(expected.findings());
            assertThat(after.score()).isEqualTo(expected.score());
        }
    }

    @Test
    void failClosedCanBeSwitchedOff() throws Exception {
        // the slow eval emits nothing before it is cut, so without fail-closed nothing raises the verdict
        Path dir = Path.of(PathologicalPackTest.class.getResource("/pathological/slow_eval").toURI());
        Screener s = TestPacks.builder().addRules(dir).maxRuleTime(BUDGET).failClosed(false).build();
        ScreeningResult r = timed(s, "这个偏方很有名");
        assertThat(r.complete()).isFalse();
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.notes()).anyMatch(n -> n.contains("time"));
    }

    @Test
    void strictRefusesPacksWithCode() throws Exception {
        Path dir = Path.of(PathologicalPackTest.class.getResource("/pathological/slow_eval").toURI());
        RulePackException e = org.assertj.core.api.Assertions.catchThrowableOfType(RulePackException.class,
                () -> TestPacks.builder().addRules(dir).strict(true).build());
        assertThat(e).isNotNull();
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).startsWith("strict: PS_SLOW_EVAL: eval("));
    }
}
