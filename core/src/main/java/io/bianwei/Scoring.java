package io.bianwei;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How findings become a score and a verdict (SpamAssassin/Rspamd style), as one public definition that the screener,
 * {@code explain}, evaluation and tuning all use:
 * <ul>
 *   <li>per category: the positive (evidence) weights are summed and capped at {@link #categoryCap()}, the negative
 *       (context) weights are added, and the result is floored at zero;</li>
 *   <li>the document's points are the sum over categories; its score is {@link #saturate(int)} of them (the identity
 *       up to 80, saturating towards 100 above), and so is each category's score;</li>
 *   <li>BLOCK when the score is at least {@link #block()}, REVIEW when at least {@link #review()}, else PASS.</li>
 * </ul>
 * Context findings that were filed under {@link Category#CONTEXT} (they qualified no claim) change nothing.
 * Immutable and thread-safe.
 */
public final class Scoring {
    private final int review;
    private final int block;
    private final int categoryCap;

    public Scoring(int review, int block, int categoryCap) {
        if (review < 1 || block > 100 || review > block || categoryCap < 1) {
            throw new IllegalArgumentException("need 1 <= review <= block <= 100 and cap >= 1, got " + review + ", "
                    + block + ", " + categoryCap);
        }
        this.review = review;
        this.block = block;
        this.categoryCap = categoryCap;
    }

    public int review() {
        return review;
    }

    public int block() {
        return block;
    }

    public int categoryCap() {
        return categoryCap;
    }

    /**
     * One category's arithmetic.
     *
     * @param category the category
     * @param evidence the sum of its positive weights, before the cap
     * @param capped   {@code min(evidence, cap)}
     * @param context  the sum of the negative (context) weights applied to it (zero or less)
     * @param points   {@code max(0, capped + context)}
     * @param score    {@code saturate(points)}
     */
    public record CategoryPoints(String category, int evidence, int capped, int context, int points, int score) {
    }

    /**
     * The whole arithmetic of one result: named numbers, in the order they are computed, ending with the verdict the
     * result carries (fail-closed included), so that an explanation and its result never disagree.
     *
     * @param categories   per category with any finding, sorted by name
     * @param points       the sum of the categories' points
     * @param score        {@code saturate(points)}, 0–100; raised to the REVIEW threshold when it failed closed
     * @param verdict      from the score and the thresholds
     * @param review       the REVIEW threshold used
     * @param block        the BLOCK threshold used
     * @param cap          the category cap used
     * @param failedClosed the rules did not finish and the points alone said PASS: REVIEW instead
     */
    public record Breakdown(List<CategoryPoints> categories, int points, int score, Verdict verdict, int review,
                            int block, int cap, boolean failedClosed) {
        public Breakdown {
            categories = List.copyOf(categories);
        }

        public Breakdown(List<CategoryPoints> categories, int points, int score, Verdict verdict, int review,
                         int block, int cap) {
            this(categories, points, score, verdict, review, block, cap, false);
        }

        /** Category → score, sorted by name. */
        public Map<String, Integer> categoryScores() {
            Map<String, Integer> out = new TreeMap<>();
            categories.forEach(c -> out.put(c.category(), c.score()));
            return java.util.Collections.unmodifiableMap(out);
        }

        /** The arithmetic as lines of text ({@code pseudo_science: evidence +75 (cap 100) context -60 = 15}). */
        public List<String> lines() {
            List<String> out = new ArrayList<>();
            for (CategoryPoints c : categories) {
                out.add(c.category() + ": evidence +" + c.evidence() + (c.evidence() > c.capped() ? " (capped at "
                        + c.capped() + ")" : "") + ", context " + c.context() + " = " + c.points() + " points");
            }
            if (failedClosed) {
                out.add("total " + points + " points, but the rules did not finish: score " + score + " → " + verdict
                        + " (fail-closed)");
            } else {
                out.add("total " + points + " points → score " + score + " (REVIEW ≥ " + review + ", BLOCK ≥ " + block
                        + ") → " + verdict);
            }
            return out;
        }
    }

    /** Scores findings. */
    public Breakdown score(List<Finding> findings) {
        return score(findings, Set.of());
    }

    /**
     * Scores findings of a text whose rules may not have finished: when {@code rulesCut} and {@code failClosed}, a
     * PASS becomes REVIEW at the REVIEW threshold (rules that did not finish cannot vouch for a text).
     */
    public Breakdown score(List<Finding> findings, Set<String> learnedRules, boolean rulesCut, boolean failClosed) {
        Breakdown b = score(findings, learnedRules);
        if (!rulesCut || !failClosed || b.verdict() != Verdict.PASS) {
            return b;
        }
        return new Breakdown(b.categories(), b.points(), Math.max(b.score(), review), Verdict.REVIEW, review, block,
                categoryCap, true);
    }

    /**
     * Scores findings; a category whose evidence comes only from {@code learnedRules} (rules that read a learned
     * model's score) keeps fewer points than BLOCK needs: a statistical model alone may ask for a review, not block.
     */
    public Breakdown score(List<Finding> findings, Set<String> learnedRules) {
        Map<String, int[]> perCategory = new TreeMap<>(); // [positive, negative, positive from rule evidence]
        for (Finding f : findings) {
            if (Category.CONTEXT.equals(f.category())) {
                continue; // a context finding that qualified no claim changes nothing
            }
            int[] pn = perCategory.computeIfAbsent(f.category(), k -> new int[3]);
            pn[f.weight() >= 0 ? 0 : 1] += f.weight();
            if (f.weight() > 0 && !learnedRules.contains(f.ruleId())) {
                pn[2] += f.weight();
            }
        }
        List<CategoryPoints> cats = new ArrayList<>(perCategory.size());
        int total = 0;
        for (var e : perCategory.entrySet()) {
            int evidence = e.getValue()[0];
            int context = e.getValue()[1];
            int capped = Math.min(evidence, categoryCap);
            if (e.getValue()[2] == 0 && evidence > 0 && !learnedRules.isEmpty()) {
                capped = Math.min(capped, pointsFor(block) - 1); // learned evidence alone: REVIEW at most
            }
            int points = Math.max(0, capped + context);
            total += points;
            cats.add(new CategoryPoints(e.getKey(), evidence, capped, context, points, saturate(points)));
        }
        int score = saturate(total);
        return new Breakdown(cats, total, score, verdict(score), review, block, categoryCap);
    }

    /** The points one category keeps from its evidence and context sums: {@code max(0, min(evidence, cap) + context)}. */
    public int categoryPoints(int evidence, int context) {
        return Math.max(0, Math.min(evidence, categoryCap) + context);
    }

    /** The verdict for a score. */
    public Verdict verdict(int score) {
        return score >= block ? Verdict.BLOCK : score >= review ? Verdict.REVIEW : Verdict.PASS;
    }

    /** The fewest points whose score reaches {@code score} ({@link Integer#MAX_VALUE} when none does). */
    public static int pointsFor(int score) {
        for (int p = 0; p <= 10_000; p++) {
            if (saturate(p) >= score) {
                return p;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** Identity up to 80, then {@code floor(100 − 20·e^(−(p−80)/20))}, never above 99: continuous and increasing. */
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
