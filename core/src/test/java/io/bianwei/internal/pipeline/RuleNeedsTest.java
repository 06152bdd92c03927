package io.bianwei.internal.pipeline;

import io.bianwei.internal.match.TermMatcher.RawHit;
import io.bianwei.internal.pack.DrlModel;
import io.bianwei.internal.text.Source;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast path's question asked with the rules' shapes: every answer "no" must be a rule that cannot match. */
class RuleNeedsTest {
    private static final String RULES = """
            package bianwei.pseudo_science;
            import io.bianwei.facts.*;
            global io.bianwei.facts.Out out;
            rule "SAME"
            when
                $f : Hit(list == "food")
                $d : Hit(list == "disease", sentence == $f.sentence)
            then
                out.emit(kcontext);
            end
            rule "STACK"
            when
                $a : Hit(list in ("x", "y", "z"))
                $b : Hit(list in ("x", "y", "z"), list > $a.list)
                $c : Hit(list in ("x", "y", "z"), list > $b.list)
            then
                out.emit(kcontext);
            end
            rule "BULK"
            when
                Doc(count("pd") >= 3)
                $t : Hit(list == "offer")
            then
                out.emit(kcontext);
            end
            """;

    private static RuleNeeds needs(String... only) {
        DrlModel.FileModel f = DrlModel.parse(new Source("t.drl", RULES));
        Map<String, DrlModel.Rule> shapes = f.rules().stream().collect(Collectors.toMap(DrlModel.Rule::name, r -> r));
        Map<String, List<java.util.Set<String>>> req = new java.util.HashMap<>();
        for (String id : only) {
            req.put(id, shapes.get(id).requirements());
        }
        return new RuleNeeds(req, shapes);
    }

    /** Hits given as "list@sentence". */
    private static boolean mayFire(RuleNeeds n, String... hits) {
        List<RawHit> raw = new ArrayList<>();
        int[] sentence = new int[hits.length];
        for (int i = 0; i < hits.length; i++) {
            String[] p = hits[i].split("@");
            raw.add(new RawHit(p[0], "t", i, i + 1, false, null));
            sentence[i] = Integer.parseInt(p[1]);
        }
        return n.mayFire(raw, null, sentence);
    }

    @Test
    void oneSentenceRulesNeedTheirListsInOneSentence() {
        RuleNeeds n = needs("SAME");
        assertThat(mayFire(n, "food@0", "disease@0")).isTrue();
        assertThat(mayFire(n, "food@0", "disease@1")).isFalse();
        assertThat(n.mayFire(List.of(new RawHit("food", "t", 0, 1, false, null), new RawHit("disease", "t", 5, 6, false,
                null)))).as("without sentences: over the whole text").isTrue();
    }

    @Test
    void orderedPatternsNeedDistinctLists() {
        RuleNeeds n = needs("STACK");
        assertThat(mayFire(n, "x@0", "x@0", "x@1")).isFalse();
        assertThat(mayFire(n, "x@0", "y@0", "x@1")).isFalse();
        assertThat(mayFire(n, "x@0", "y@3", "z@1")).isTrue();
    }

    @Test
    void documentCountsAreNeeded() {
        RuleNeeds n = needs("BULK");
        assertThat(mayFire(n, "offer@0", "pd@0", "pd@1")).isFalse();
        assertThat(mayFire(n, "offer@0", "pd@0", "pd@1", "pd@4")).isTrue();
    }
}
