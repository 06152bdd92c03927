package io.bianwei;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule author's mistake costs one document a bounded time, never the run: packs under
 * src/test/resources/pathological whose code throws an Error, loops for ever, sleeps past the budget, or whose
 * conditions throw or take for ever. Every document is answered and says what happened; a rule is taken out only when
 * its own code is shown at fault, never because a text was expensive to match. No assertion here depends on how fast
 * the machine is: the only time bound is a generous "it was answered at all".
 */
class PathologicalPackTest {
    private static final Duration BUDGET = Duration.ofMillis(500);

    private static Screener screener(String pack) throws URISyntaxException {
        return screener(pack, BUDGET);
    }

    private static Screener screener(String pack, Duration budget) throws URISyntaxException {
        Path dir = Path.of(PathologicalPackTest.class.getResource("/pathological/" + pack).toURI());
        return TestPacks.builder().addRules(dir).maxRuleTime(budget).build();
    }

    /** Screens, and checks the document was answered at all (the wall-clock stop is 4x the budget; 60 s is plenty). */
    private static ScreeningResult timed(Screener s, String text) {
        long t0 = System.nanoTime();
        ScreeningResult r = s.screen(text);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("%s took %d ms", text, ms).isLessThan(60_000);
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
        ScreeningResult again = s.screen("这个偏方很有名");
        assertThat(again.complete()).as("the looping rule is out: %s", again.notes()).isTrue();
        assertThat(s.quarantined()).containsOnlyKeys("PS_LOOP");
        assertThat(s.quarantined().get("PS_LOOP")).contains("consequence");
        assertThat(s.rulesetVersion()).contains("-degraded-");
        assertThat(again.rulesetVersion()).isEqualTo(s.rulesetVersion());
    }

    @Test
    void aSleepingConsequenceIsStoppedByTheWallClockAndTakenOut() throws Exception {
        // sleeping costs no CPU: the wall-clock stop (4x the budget) is what ends it, and the stack shows the sleep in
        // the rule's own consequence
        Screener s = screener("sleeping_consequence");
        ScreeningResult r = timed(s, "这个偏方很有名");
        assertThat(r.complete()).isFalse();
        assertThat(r.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(s.quarantined()).containsOnlyKeys("PS_SLEEP");
    }

    @Test
    void expensiveMatchingCutsTheTextButNeverTakesARuleOut() throws Exception {
        // a 1 ms budget cannot cover three-way joins over a text full of remedies: wherever the rules are stopped (in
        // the engine's matching, or in out.emit), it is no rule's own code, so whatever each text's result, the pack
        // stays whole for the texts that follow
        Screener s = screener("content_heavy", Duration.ofMillis(1));
        String heavy = "偏方".repeat(3_000);
        for (int i = 0; i < 3; i++) {
            timed(s, heavy);
        }
        assertThat(s.quarantined()).isEmpty();
        assertThat(s.rulesetVersion()).doesNotContain("degraded");
    }

    @Test
    void aSlowEvalIsCutAtTheBudgetAndTakenOut() throws Exception {
        Screener s = screener("slow_eval");
        ScreeningResult r = timed(s, "这个偏方很有名");
        assertThat(r.complete()).isFalse();
        assertThat(r.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(r.notes()).anyMatch(n -> n.contains("PS_SLOW_EVAL") && n.contains("eval"));
        assertThat(s.quarantined()).containsOnlyKeys("PS_SLOW_EVAL");
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
            ScreeningResult slow = timed(s, "量子很有名");
            assertThat(slow.complete()).isFalse();
            assertThat(slow.notes()).anyMatch(n -> n.contains("time budget"));
            ScreeningResult after = s.screen(claim);
            assertThat(after.findings()).isEqualTo(expected.findings());
            assertThat(after.score()).isEqualTo(expected.score());
        }
        assertThat(s.quarantined()).as("work that stops when halted is not stuck code").isEmpty();
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
