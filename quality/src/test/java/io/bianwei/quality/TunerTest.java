package io.bianwei.quality;

import io.bianwei.Category;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fitting on a synthetic labelled set with a known answer (thresholds 40/70, cap 100, target FP ≤ 1 %):
 *
 * <pre>
 * rule  kind      start  fires on                                    the answer
 * A     evidence  30     20 flag alone, 10 flag with B, 10 ok with C  A ≥ 40 (catch the A texts)
 * B     evidence  45     20 ok alone, 10 flag with A                  B ≤ 39 (20 ok texts flagged is 20 %)
 * C     context   -5     10 ok with A                                 A + C ≤ 39 (those ok texts must pass)
 * D     evidence  20     10 flag alone, 10 ok alone                   D ≤ 39 (10 % FP): its 10 flag texts are missed
 * E     evidence  20     nothing                                      stays 20
 * + 50 ok texts on which nothing fires (40 flag, 90 ok texts in all)
 * </pre>
 * Reachable: every flag text but the 10 D ones caught (recall 30/40) with no false positive; the current weights
 * catch only the 10 A+B texts and flag the 20 B texts.
 */
class TunerTest {
    private static final List<String> RULES = List.of("A", "B", "C", "D", "E");
    private static final List<String> CATS = List.of(Category.PSEUDO_SCIENCE, Category.PSEUDO_SCIENCE,
            Category.CONTEXT, Category.PSEUDO_SCIENCE, Category.PSEUDO_SCIENCE);
    private static final int[] START = {30, 45, -5, 20, 20};
    private static final ScoreModel MODEL = new ScoreModel(40, 70, 100);

    /** The synthetic set, {@code copies} times over (ids stay unique). */
    static FiringData synthetic(int copies) {
        List<FiringData.Doc> docs = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            add(docs, c, 20, Label.FLAG, "a", 0);
            add(docs, c, 10, Label.FLAG, "ab", 0, 1);
            add(docs, c, 10, Label.OK, "ac", 0, 2);
            add(docs, c, 20, Label.OK, "b", 1);
            add(docs, c, 10, Label.FLAG, "d", 3);
            add(docs, c, 10, Label.OK, "dok", 3);
            add(docs, c, 50, Label.OK, "none");
        }
        return new FiringData(RULES, CATS, START, List.of(Category.PSEUDO_SCIENCE, Category.PRIVACY_ABUSE), docs);
    }

    private static void add(List<FiringData.Doc> docs, int copy, int n, Label label, String name,
                            int... rules) {
        for (int i = 0; i < n; i++) {
            docs.add(new FiringData.Doc(name + copy + "-" + i, label, label == Label.FLAG ? "pseudo_science"
                    : null, rules.clone(), new int[rules.length]));
        }
    }

    private static Tuner.Options options(double holdout, long seed) {
        return new Tuner.Options(holdout, seed, 0.01, 0.005);
    }

    @Test
    void findsTheKnownAnswer() {
        Tuner.Result r = Tuner.tune(synthetic(1), MODEL, options(0, 1));
        int[] w = r.after();
        assertThat(w[0]).as("A").isBetween(40, 100);
        assertThat(w[1]).as("B").isBetween(1, 39);
        assertThat(w[2]).as("C").isBetween(-100, -1);
        assertThat(w[0] + w[2]).as("A + C").isLessThanOrEqualTo(39);
        assertThat(w[3]).as("D").isBetween(1, 39);
        assertThat(w[4]).as("E never fires").isEqualTo(20);
        assertThat(r.trainBefore()).isEqualTo(new Tuner.Figures(40, 90, 10, 20, 0));
        assertThat(r.trainAfter()).isEqualTo(new Tuner.Figures(40, 90, 30, 0, 0));
        assertThat(r.trainAfter().recall()).isEqualTo(0.75);
        assertThat(r.changed()).contains(0, 1, 2).doesNotContain(4);
        assertThat(r.hasHeldOut()).isFalse();
        assertThat(r.improved()).as("nothing held out, nothing measured").isFalse();
        assertThat(r.candidates()).hasSize(1 + Tuner.OK_COSTS.length * Tuner.L2.length);
    }

    @Test
    void heldOutPartIsStratifiedAndMeasuredAndImproves() {
        FiringData data = synthetic(3);
        Tuner.Result r = Tuner.tune(data, MODEL, options(0.3, 5));
        // every (label, category) group: round(n × 0.3) held out
        assertThat(r.split().heldOut()).hasSize(36 + 81);
        assertThat(r.split().heldOut().stream().filter(FiringData.Doc::flag).count()).isEqualTo(36);
        assertThat(r.split().train().size() + r.split().heldOut().size()).isEqualTo(390);
        assertThat(r.heldOutBefore().ok()).isEqualTo(81);
        assertThat(r.heldOutAfter().okFlagged()).isZero();
        assertThat(r.heldOutAfter().misses()).isLessThan(r.heldOutBefore().misses());
        assertThat(r.improved()).isTrue();
    }

    /** Also whatever the number of threads fitting the grid. */
    @Test
    void deterministicForASeed() {
        FiringData data = synthetic(2);
        Tuner.Result a = Tuner.tune(data, MODEL, options(0.3, 7));
        Tuner.Result b = Tuner.tune(data, MODEL, options(0.3, 7), 2);
        assertThat(a.after()).isEqualTo(b.after());
        assertThat(ids(a.split().heldOut())).isEqualTo(ids(b.split().heldOut()));
        assertThat(a.candidates()).extracting(c -> Arrays.toString(c.weights()))
                .isEqualTo(b.candidates().stream().map(c -> Arrays.toString(c.weights())).toList());
        assertThat(a.heldOutAfter()).isEqualTo(b.heldOutAfter());
        Tuner.Result c = Tuner.tune(data, MODEL, options(0.3, 8));
        assertThat(ids(c.split().heldOut())).as("another seed, another split").isNotEqualTo(ids(a.split().heldOut()));
        List<String> train = ids(Tuner.split(data.docs(), 0.3, 7).train());
        assertThat(train).as("parts keep input order")
                .isEqualTo(ids(data.docs()).stream().filter(train::contains).toList());
    }

    private static List<String> ids(List<FiringData.Doc> docs) {
        return docs.stream().map(FiringData.Doc::id).toList();
    }

    /** When no setting meets the FP target better than the current weights, nothing changes. */
    @Test
    void keepsTheCurrentWeightsWhenTheyCannotBeBeaten() {
        List<FiringData.Doc> docs = new ArrayList<>();
        add(docs, 0, 10, Label.FLAG, "d", 3);
        add(docs, 0, 10, Label.OK, "dok", 3);
        add(docs, 0, 30, Label.OK, "none");
        FiringData data = new FiringData(RULES, CATS, START, List.of(Category.PSEUDO_SCIENCE), docs);
        Tuner.Result r = Tuner.tune(data, MODEL, options(0, 1));
        assertThat(r.after()[3]).isLessThan(40);
        assertThat(r.trainAfter().okFlagged()).isZero();
        assertThat(r.chosen().isCurrent()).isTrue();
        assertThat(r.changed()).isEmpty();
    }

    /** The BLOCK limit on ok texts is a constraint too: no ok text may be pushed to 70. */
    @Test
    void respectsSignsRangesAndTheBlockLimit() {
        Tuner.Result r = Tuner.tune(synthetic(1), MODEL, options(0, 3));
        for (Tuner.Candidate c : r.candidates()) {
            for (int i = 0; i < RULES.size(); i++) {
                if (CATS.get(i).equals(Category.CONTEXT)) {
                    assertThat(c.weights()[i]).isBetween(-100, -1);
                } else {
                    assertThat(c.weights()[i]).isBetween(1, 100);
                }
            }
        }
        assertThat(r.trainAfter().okBlocked()).isZero();
    }

    /** Firing data and results are values: arrays are copied in and out. */
    @Test
    void firingDataAndResultsCannotBeChangedFromOutside() {
        FiringData data = synthetic(1);
        assertThat(data.hits(data.docs())[0]).as("A: 20 + 10 flag, 10 ok").containsExactly(30, 10);
        assertThat(data.hits(data.docs())[4]).as("E fires on nothing").containsExactly(0, 0);
        assertThat(FiringData.count(data.docs(), Label.FLAG)).isEqualTo(40);
        assertThat(FiringData.count(data.docs(), Label.OK)).isEqualTo(90);
        FiringData.Doc ab = data.docs().get(20);
        assertThat(ab.rules()).containsExactly(0, 1);
        ab.rules()[0] = 4;
        assertThat(ab.rules()).containsExactly(0, 1);
        int[] start = START.clone();
        FiringData copy = new FiringData(RULES, CATS, start, List.of(Category.PSEUDO_SCIENCE), data.docs());
        start[0] = 99;
        assertThat(copy.weights()[0]).isEqualTo(30);
        Tuner.Result r = Tuner.tune(data, MODEL, options(0, 1));
        int[] after = r.after();
        after[0] = -1;
        assertThat(r.after()[0]).isBetween(40, 100);
        assertThat(r.weights()).containsEntry("A", r.after()[0]).containsEntry("E", 20);
    }

    @Test
    void improvementNeedsTheConstraintsAndFewerMisses() {
        Tuner.Options o = options(0.3, 1);
        Tuner.Figures before = new Tuner.Figures(100, 300, 50, 3, 0);
        assertThat(Tuner.improves(before, new Tuner.Figures(100, 300, 55, 3, 0), o)).isTrue();
        assertThat(Tuner.improves(before, new Tuner.Figures(100, 300, 50, 2, 0), o)).isTrue();
        assertThat(Tuner.improves(before, new Tuner.Figures(100, 300, 50, 3, 0), o)).isFalse();
        assertThat(Tuner.improves(before, new Tuner.Figures(100, 300, 60, 4, 0), o)).as("4/300 > 1 %").isFalse();
        assertThat(Tuner.improves(before, new Tuner.Figures(100, 300, 60, 3, 2), o)).as("2/300 BLOCK > 0.5 %")
                .isFalse();
        assertThat(Tuner.improves(new Tuner.Figures(100, 300, 50, 5, 0), new Tuner.Figures(100, 300, 45, 3, 0), o))
                .as("back within the target").isTrue();
        assertThatThrownBy(() -> options(1.0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
