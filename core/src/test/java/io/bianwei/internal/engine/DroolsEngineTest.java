package io.bianwei.internal.engine;

import io.bianwei.RulePackException.Problem;
import io.bianwei.facts.Doc;
import io.bianwei.facts.Hit;
import io.bianwei.facts.Out;
import io.bianwei.internal.text.Source;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine on its own: compiling (errors at file:line), running facts within budgets of firings and CPU time, and
 * taking out only a rule whose own code is at fault.
 */
class DroolsEngineTest {
    private static final String HEAD = """
            package t;
            import io.bianwei.facts.*;
            global io.bianwei.facts.Out out;
            """;

    private static final String RULES = HEAD + """
            rule "T_A" @category("pseudo_science") @weight(30)
            when
                $h : Hit(list == "a")
            then
                out.emit($h);
            end
            rule "T_B"
            when
                $h : Hit(list == "b")
            then
                out.emit($h);
            end
            rule "T_AGAIN"
            when
                $d : Doc(id == "again")
            then
                update($d);
            end
            rule "T_THROW"
            when
                Hit(list == "boom")
            then
                throw new IllegalStateException("boom");
            end
            rule "T_SPIN"
            when
                Hit(list == "spin")
            then
                long n = 0;
                while (n >= 0) { n++; if (n == Long.MAX_VALUE) { n = 0; } }
            end
            """;

    /** What rules emitted: the terms of the hits they gave as evidence. */
    static final class Recorder implements Out {
        final List<String> terms = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void emit(Object... evidence) {
            for (Object o : evidence) {
                if (o instanceof Hit h) {
                    terms.add(h.getTerm());
                }
            }
        }
    }

    private static Hit hit(String list, String term) {
        return new Hit(list, term, 0, term.length(), 0, false, false, 0, term.length());
    }

    private static DroolsEngine engine() {
        List<Problem> problems = new ArrayList<>();
        DroolsEngine e = DroolsEngine.compile(List.of(new Source("t.drl", RULES)), problems);
        assertThat(problems).isEmpty();
        assertThat(e).isNotNull();
        return e;
    }

    private static DroolsEngine.Limits limits(int firings, long cpuMillis) {
        return new DroolsEngine.Limits(firings, TimeUnit.MILLISECONDS.toNanos(cpuMillis),
                System.nanoTime() + TimeUnit.MINUTES.toNanos(2));
    }

    @Test
    void aBrokenFileIsAProblemAtItsLineAndNoEngine() {
        List<Problem> problems = new ArrayList<>();
        DroolsEngine e = DroolsEngine.compile(List.of(new Source("bad.drl", HEAD + """
                rule "X"
                when
                    Hit(list == "a")
                then
                    out.emit(undefinedVariable);
                end
                """)), problems);
        assertThat(e).isNull();
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p.file()).isEqualTo("bad.drl"));
        assertThat(problems.get(0).line()).isBetween(4, 9);
    }

    @Test
    void rulesFireOnTheirFactsAndOnlyTheEnabledOnes() {
        DroolsEngine e = engine();
        assertThat(e.metadata().get("T_A")).containsEntry("category", "pseudo_science").containsEntry("weight", 30);
        DroolsEngine.Run all = e.run(List.of(hit("a", "甲"), hit("b", "乙")), Recorder::new, id -> true,
                limits(100, 5_000));
        assertThat(all.fired()).isEqualTo(2);
        assertThat(((Recorder) all.out()).terms).containsExactlyInAnyOrder("甲", "乙");
        DroolsEngine.Run onlyA = e.run(List.of(hit("a", "甲"), hit("b", "乙")), Recorder::new, "T_A"::equals,
                limits(100, 5_000));
        assertThat(((Recorder) onlyA.out()).terms).containsExactly("甲");
        assertThat(onlyA.failures()).isEmpty();
        assertThat(e.quarantined()).isEmpty();
    }

    @Test
    void theFiringBudgetEndsARuleThatKeepsFiring() {
        DroolsEngine e = engine();
        DroolsEngine.Run r = e.run(List.of(new Doc("again", 1, 1, Map.of())), Recorder::new, id -> true,
                limits(50, 5_000));
        assertThat(r.outOfFirings()).isTrue();
        assertThat(r.fired()).isEqualTo(50);
        assertThat(e.quarantined()).as("many firings are the text's cost, not a fault").isEmpty();
    }

    @Test
    void aRuleWhoseCodeThrowsIsTakenOutAndTheTextIsScreenedAgainWithoutIt() {
        DroolsEngine e = engine();
        DroolsEngine.Run r = e.run(List.of(hit("boom", "炸"), hit("a", "甲")), Recorder::new, id -> true,
                limits(100, 5_000));
        assertThat(r.failures()).anySatisfy(f -> assertThat(f).contains("T_THROW").contains("boom"));
        assertThat(e.quarantined()).containsExactly("T_THROW");
        assertThat(((Recorder) r.out()).terms).containsExactly("甲");
        DroolsEngine.Run next = e.run(List.of(hit("boom", "炸"), hit("b", "乙")), Recorder::new, id -> true,
                limits(100, 5_000));
        assertThat(next.failures()).isEmpty();
        assertThat(((Recorder) next.out()).terms).containsExactly("乙");
    }

    @Test
    void codeThatNeverStopsIsStoppedAtTheCpuBudgetAndOnlyThatRuleIsTakenOut() {
        DroolsEngine e = engine();
        DroolsEngine.Run r = e.run(List.of(hit("spin", "转"), hit("a", "甲")), Recorder::new, id -> true,
                limits(100, 200));
        assertThat(r.outOfTime() || r.abandoned()).isTrue();
        assertThat(r.stuckRule()).isEqualTo("T_SPIN");
        assertThat(e.quarantined()).containsExactly("T_SPIN");
        DroolsEngine.Run next = e.run(List.of(hit("spin", "转"), hit("a", "甲")), Recorder::new, id -> true,
                limits(100, 5_000));
        assertThat(next.outOfTime()).isFalse();
        assertThat(((Recorder) next.out()).terms).containsExactly("甲");
    }
}
