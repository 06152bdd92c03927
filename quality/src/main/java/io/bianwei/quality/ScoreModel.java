package io.bianwei.quality;

import io.bianwei.ScreenerSettings;
import io.bianwei.Scoring;
import io.bianwei.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The core's {@link Scoring} over a {@link FiringData.Doc} and a weight vector, so that tuning can try weights
 * without screening again. The definitions (category cap, context floor, saturation, thresholds) are
 * {@link Scoring}'s; {@link #points} is an allocation-free path over int arrays for the tuner's inner loops, and
 * {@link #score} the full {@link Scoring.Breakdown}. {@code ScoreModelTest} checks both against {@link Scoring} and
 * against real {@code Screener} results. Immutable and thread-safe.
 */
public final class ScoreModel {
    private final Scoring scoring;
    private final int reviewPoints;
    private final int blockPoints;

    /** The scoring with these thresholds and category cap ({@link Scoring}'s rules for them). */
    public ScoreModel(int review, int block, int cap) {
        this(new Scoring(review, block, cap));
    }

    public ScoreModel(Scoring scoring) {
        this.scoring = scoring;
        this.reviewPoints = Scoring.pointsFor(scoring.review());
        this.blockPoints = Scoring.pointsFor(scoring.block());
    }

    /** The scoring of some settings (their thresholds and category cap). */
    public static ScoreModel of(ScreenerSettings settings) {
        return new ScoreModel(settings.scoring());
    }

    public Scoring scoring() {
        return scoring;
    }

    public int review() {
        return scoring.review();
    }

    public int block() {
        return scoring.block();
    }

    public int cap() {
        return scoring.categoryCap();
    }

    /** The fewest points that reach REVIEW (the decision boundary tuning works against). */
    public int reviewPoints() {
        return reviewPoints;
    }

    /** The fewest points that reach BLOCK ({@link Integer#MAX_VALUE} when no number of points does). */
    public int blockPoints() {
        return blockPoints;
    }

    /** The document's points under {@code weights} (indexed like the data's rules): {@link Scoring.Breakdown#points()}. */
    public int points(FiringData.Doc doc, int[] weights) {
        int[] rules = doc.ruleArray();
        int[] cats = doc.catArray();
        if (rules.length == 0) {
            return 0;
        }
        int maxCat = 0;
        for (int c : cats) {
            maxCat = Math.max(maxCat, c);
        }
        int[] pos = new int[maxCat + 1];
        int[] neg = new int[maxCat + 1];
        boolean[] seen = new boolean[maxCat + 1];
        for (int i = 0; i < rules.length; i++) {
            int w = weights[rules[i]];
            if (w >= 0) {
                pos[cats[i]] += w;
            } else {
                neg[cats[i]] += w;
            }
            seen[cats[i]] = true;
        }
        int total = 0;
        for (int c = 0; c <= maxCat; c++) {
            if (seen[c]) {
                total += scoring.categoryPoints(pos[c], neg[c]);
            }
        }
        return total;
    }

    /** The verdict of a document with these points. */
    public Verdict verdict(int points) {
        return scoring.verdict(Scoring.saturate(points));
    }

    /** The full arithmetic, as {@link Scoring#score} would report it for the document's findings under {@code weights}. */
    public Scoring.Breakdown score(FiringData data, FiringData.Doc doc, int[] weights) {
        int[] rules = doc.ruleArray();
        int[] cats = doc.catArray();
        Map<String, int[]> per = new TreeMap<>(); // [evidence, context]
        for (int i = 0; i < rules.length; i++) {
            int w = weights[rules[i]];
            int[] pn = per.computeIfAbsent(data.categories().get(cats[i]), k -> new int[2]);
            pn[w >= 0 ? 0 : 1] += w;
        }
        List<Scoring.CategoryPoints> categories = new ArrayList<>(per.size());
        int total = 0;
        for (var e : per.entrySet()) {
            int evidence = e.getValue()[0];
            int context = e.getValue()[1];
            int points = scoring.categoryPoints(evidence, context);
            total += points;
            categories.add(new Scoring.CategoryPoints(e.getKey(), evidence, Math.min(evidence, cap()), context, points,
                    Scoring.saturate(points)));
        }
        int score = Scoring.saturate(total);
        return new Scoring.Breakdown(categories, total, score, scoring.verdict(score), review(), block(), cap());
    }
}
