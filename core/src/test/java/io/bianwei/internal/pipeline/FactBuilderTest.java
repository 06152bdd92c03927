package io.bianwei.internal.pipeline;

import io.bianwei.internal.match.TermMatcher.RawHit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FactBuilderTest {
    /**
     * negationGap answers exactly what the guard it replaces asked: a negation fact in the same sentence that starts
     * before the hit and ends within N characters of its start exists iff negationGap <= N.
     */
    @Test
    void negationGapIsWhatTheNotGuardAsked() {
        Random r = new Random(5);
        for (int round = 0; round < 300; round++) {
            List<RawHit> raw = new ArrayList<>();
            int n = 1 + r.nextInt(30);
            int[] sentenceOf = new int[n];
            for (int i = 0; i < n; i++) {
                int start = r.nextInt(60);
                String list = r.nextInt(3) == 0 ? FactBuilder.NEGATION : "x" + r.nextInt(3);
                raw.add(new RawHit(list, "t", start, start + 1 + r.nextInt(4), true, null));
                sentenceOf[i] = r.nextInt(3);
            }
            List<Integer> facts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (r.nextInt(5) > 0) {
                    facts.add(i);
                }
            }
            int[] gaps = FactBuilder.negationGaps(raw, facts, sentenceOf);
            for (int k = 0; k < facts.size(); k++) {
                RawHit h = raw.get(facts.get(k));
                for (int within = -3; within <= 8; within++) {
                    boolean guard = false;
                    for (int j : facts) {
                        RawHit g = raw.get(j);
                        guard |= g.list().equals(FactBuilder.NEGATION) && sentenceOf[j] == sentenceOf[facts.get(k)]
                                && g.start() < h.start() && g.end() >= h.start() - within;
                    }
                    assertThat(gaps[k] <= within).as("round %d hit %s within %d", round, h, within).isEqualTo(guard);
                }
            }
        }
    }
}
