package io.bianwei.quality;

import io.bianwei.Explanation;
import io.bianwei.Finding;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.Span;
import io.bianwei.Verdict;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile texts written from the default pack's own vocabulary (every {@link Adversarial.Kind}, several sizes and
 * seeds) against the default pack: every text is answered with valid spans, no text can take a rule out of the pack
 * for the texts that follow, and the facts the engine sees are bounded per sentence and per window whatever the text
 * repeats, which is what makes the cost of a text linear in its length. (What it costs in CPU per KB against the dev
 * mix is measured by the soak and the benchmarks, never asserted here.)
 */
class AdversarialTest {
    private static final Screener SCREENER = Screener.builder().build();

    @Test
    void noHostileTextTakesARuleOutOrChangesTheNextTextsVerdict() {
        Adversarial adv = Adversarial.of(SCREENER);
        String claim = "祖传秘方三天根治糖尿病，无效退款";
        ScreeningResult before = SCREENER.screen(claim);
        String version = SCREENER.rulesetVersion();
        for (int chars : new int[]{300, 5_000, 25_000}) {
            for (long seed = 1; seed <= 2; seed++) {
                for (Adversarial.Sample x : adv.all(chars, seed)) {
                    ScreeningResult r = SCREENER.screen(x.id(), x.text());
                    assertThat(r.id()).isEqualTo(x.id());
                    if (!r.complete() && r.verdict() == Verdict.PASS) {
                        throw new AssertionError(x.id() + ": an incomplete result must fail closed: " + r.notes());
                    }
                    for (Finding f : r.findings()) {
                        for (Span sp : f.spans()) {
                            assertThat(x.text().substring(sp.start(), sp.end())).isEqualTo(sp.text());
                        }
                    }
                    assertThat(SCREENER.quarantined()).as("after %s", x.id()).isEmpty();
                }
            }
        }
        assertThat(SCREENER.rulesetVersion()).isEqualTo(version);
        ScreeningResult after = SCREENER.screen(claim);
        assertThat(after.verdict()).isEqualTo(before.verdict());
        assertThat(after.findings()).isEqualTo(before.findings());
    }

    @Test
    void noSentenceHoldsMoreThanItsShareOfHits() {
        // the explain trace shows every hit with its sentence: a sentence is cut into pieces of at most 128 hits
        // (texts of one window, at most 600 hits: explain numbers the sentences of later windows after an overlap)
        Adversarial adv = Adversarial.of(SCREENER);
        for (Adversarial.Kind k : List.of(Adversarial.Kind.REPEATED_CLAIM_ONE_SENTENCE, Adversarial.Kind.EVERY_LIST,
                Adversarial.Kind.BIG_LIST_FLOOD, Adversarial.Kind.RANDOM_TERMS)) {
            Explanation e = SCREENER.explain(adv.text(k, 700, 7).text());
            assertThat(e.hits().size()).as(k.toString()).isBetween(129, 600);
            Map<Integer, Integer> perSentence = new HashMap<>();
            e.hits().forEach(h -> perSentence.merge(h.sentence(), 1, Integer::sum));
            assertThat(perSentence.values()).as(k.toString()).allMatch(n -> n <= 128);
        }
    }
}
