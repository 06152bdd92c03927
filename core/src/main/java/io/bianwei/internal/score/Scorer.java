package io.bianwei.internal.score;

import io.bianwei.Category;
import io.bianwei.Finding;
import io.bianwei.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SpamAssassin/Rspamd-style scoring. Each finding adds its weight to its category; positive points per category are
 * capped; context findings (negative) subtract; a category never goes below zero. The document's points are the sum
 * over categories, mapped to 0–100 by a curve that is the identity up to 80 and saturates towards 100 above it, so
 * weights read as points against the thresholds.
 */
public final class Scorer {
    private final int review;
    private final int block;
    private final int categoryCap;

    public Scorer(int review, int block, int categoryCap) {
        this.review = review;
        this.block = block;
        this.categoryCap = categoryCap;
    }

    /** The arithmetic, for {@code explain}: points per category and the lines that add them up. */
    public record Scored(Verdict verdict, int score, Map<String, Integer> categoryScores, List<String> arithmetic) {
    }

    public Scored score(List<Finding> findings) {
        Map<String, int[]> perCategory = new TreeMap<>(); // [positive, negative]
        for (Finding f : findings) {
            if (Category.CONTEXT.equals(f.category())) {
                continue; // a context finding that qualified no claim changes nothing
            }
            int[] pn = perCategory.computeIfAbsent(f.category(), k -> new int[2]);
            if (f.weight() >= 0) {
                pn[0] += f.weight();
            } else {
                pn[1] += f.weight();
            }
        }
        Map<String, Integer> categoryScores = new TreeMap<>();
        List<String> lines = new ArrayList<>();
        int total = 0;
        for (var e : perCategory.entrySet()) {
            int pos = Math.min(e.getValue()[0], categoryCap);
            int points = Math.max(0, pos + e.getValue()[1]);
            total += points;
            categoryScores.put(e.getKey(), saturate(points));
            lines.add(e.getKey() + ": +" + e.getValue()[0] + (e.getValue()[0] > categoryCap ? " (capped " + pos + ")" : "")
                    + " " + e.getValue()[1] + " = " + points);
        }
        int score = saturate(total);
        Verdict verdict = score >= block ? Verdict.BLOCK : score >= review ? Verdict.REVIEW : Verdict.PASS;
        lines.add("total " + total + " points → score " + score + " (REVIEW ≥ " + review + ", BLOCK ≥ " + block
                + ") → " + verdict);
        return new Scored(verdict, score, categoryScores, lines);
    }

    /** Identity up to 80, then 100 − 20·e^(−(p−80)/20): continuous, increasing, never above 100. */
    public static int saturate(int points) {
        if (points <= 0) {
            return 0;
        }
        if (points <= 80) {
            return points;
        }
        return (int) Math.min(99, Math.floor(100 - 20 * Math.exp(-(points - 80) / 20.0)));
    }
}
