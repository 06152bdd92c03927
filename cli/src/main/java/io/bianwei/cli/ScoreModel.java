package io.bianwei.cli;

import io.bianwei.Verdict;

import java.util.Map;
import java.util.TreeMap;

/**
 * The core scorer's arithmetic over a {@link FiringData.Doc} and a weight vector, so that tuning can try weights
 * without screening again. It must agree with {@code io.bianwei.internal.score.Scorer} exactly; {@code
 * ScoreModelTest} checks it against real {@code Screener} results.
 *
 * <ul>
 *   <li>per category: positive weights summed and capped at {@code cap}, negative (context) weights added, the
 *       result floored at zero;</li>
 *   <li>document points = sum over categories; score = {@link #saturate}(points) (identity up to 80, saturating
 *       towards 100 above); a category's score is {@code saturate} of its points;</li>
 *   <li>BLOCK when score ≥ block, REVIEW when score ≥ review, else PASS.</li>
 * </ul>
 */
final class ScoreModel {
    /** The library's category cap (Screener.Builder.categoryCap default; the CLI does not change it). */
    static final int DEFAULT_CAP = 100;

    private final int review;
    private final int block;
    private final int cap;
    private final int reviewPoints;
    private final int blockPoints;

    ScoreModel(int review, int block, int cap) {
        if (review < 1 || block > 100 || review > block || cap < 1) {
            throw new IllegalArgumentException("need 1 <= review <= block <= 100 and cap >= 1");
        }
        this.review = review;
        this.block = block;
        this.cap = cap;
        this.reviewPoints = minPoints(review);
        this.blockPoints = minPoints(block);
    }

    static ScoreModel of(io.bianwei.ScreenerSettings settings) {
        return new ScoreModel(settings.review(), settings.block(), settings.categoryCap());
    }

    int review() {
        return review;
    }

    int block() {
        return block;
    }

    int cap() {
        return cap;
    }

    /** The fewest points that reach REVIEW (the decision boundary tuning works against). */
    int reviewPoints() {
        return reviewPoints;
    }

    /** The fewest points that reach BLOCK ({@link Integer#MAX_VALUE} when no number of points does). */
    int blockPoints() {
        return blockPoints;
    }

    /** Identity up to 80, then 100 − 20·e^(−(p−80)/20) floored, never above 99 (as the core scorer). */
    static int saturate(int points) {
        if (points <= 0) {
            return 0;
        }
        if (points <= 80) {
            return points;
        }
        return (int) Math.min(99, Math.floor(100 - 20 * Math.exp(-(points - 80) / 20.0)));
    }

    private static int minPoints(int threshold) {
        for (int p = 0; p <= 10_000; p++) {
            if (saturate(p) >= threshold) {
                return p;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** The document's points under {@code weights} (indexed like the data's rules). */
    int points(FiringData.Doc doc, int[] weights) {
        int[] rules = doc.rules();
        int[] cats = doc.cats();
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
                total += Math.max(0, Math.min(pos[c], cap) + neg[c]);
            }
        }
        return total;
    }

    Verdict verdict(int points) {
        int score = saturate(points);
        return score >= block ? Verdict.BLOCK : score >= review ? Verdict.REVIEW : Verdict.PASS;
    }

    /** What the screener would report. */
    record Scored(int points, int score, Verdict verdict, Map<String, Integer> categoryScores) {
    }

    /** The full result, category scores included (for the cross-check against the screener). */
    Scored score(FiringData data, FiringData.Doc doc, int[] weights) {
        Map<String, int[]> per = new TreeMap<>();
        for (int i = 0; i < doc.rules().length; i++) {
            int w = weights[doc.rules()[i]];
            int[] pn = per.computeIfAbsent(data.categories().get(doc.cats()[i]), k -> new int[2]);
            pn[w >= 0 ? 0 : 1] += w;
        }
        Map<String, Integer> categoryScores = new TreeMap<>();
        int total = 0;
        for (var e : per.entrySet()) {
            int points = Math.max(0, Math.min(e.getValue()[0], cap) + e.getValue()[1]);
            total += points;
            categoryScores.put(e.getKey(), saturate(points));
        }
        return new Scored(total, saturate(total), verdict(total), categoryScores);
    }
}
