package io.bianwei.facts;

import io.bianwei.Span;

import java.util.List;

/**
 * A sentence that re-posts a claim of the pack's knowledge base of debunked claims ({@code claims/*.jsonl}): every
 * thing and effect key group of the claim has a term in the sentence or the next one. Rules turn it into a finding:
 * {@code $k : KnownClaim(category == "pseudo_science", similarity >= 0.5)}; the finding's {@link Claim} then lets
 * context rules (辟谣 in the same sentence, enforcement news) cancel it as they cancel every other claim.
 *
 * <p>{@code start}/{@code end} are normalised offsets of the first and last matched key term (use them for order and
 * distance, like {@link Hit}'s); {@code originalStart}/{@code originalEnd} the same range in the original text, and
 * {@link #getSpans()} each matched key term in the original text.
 */
public final class KnownClaim {
    private final String claimId;
    private final String category;
    private final String family;
    private final double similarity;
    private final int sentence;
    private final int clause;
    private final int lastClause;
    private final int start;
    private final int end;
    private final int originalStart;
    private final int originalEnd;
    private final boolean frame;
    private final List<Span> spans;
    private final int effectStart;
    private final int effectEnd;

    /**
     * @param effectStart normalised offset of the first matched effect term ({@code effectEnd} just past it): a
     *                    negation right before it (喝醋不能软化血管) denies the claim
     */
    public KnownClaim(String claimId, String category, String family, double similarity, int sentence, int clause,
                      int lastClause, int start, int end, int originalStart, int originalEnd, boolean frame,
                      List<Span> spans, int effectStart, int effectEnd) {
        this.effectStart = effectStart;
        this.effectEnd = effectEnd;
        this.claimId = claimId;
        this.category = category;
        this.family = family;
        this.similarity = similarity;
        this.sentence = sentence;
        this.clause = clause;
        this.lastClause = lastClause;
        this.start = start;
        this.end = end;
        this.originalStart = originalStart;
        this.originalEnd = originalEnd;
        this.frame = frame;
        this.spans = List.copyOf(spans);
    }

    /** The claim's id in the knowledge base, e.g. {@code food_incompatibility/durian-cola}. */
    public String getClaimId() {
        return claimId;
    }

    /** {@code pseudo_science} or {@code privacy_abuse}. */
    public String getCategory() {
        return category;
    }

    /** The claim's family in the pack's taxonomy. */
    public String getFamily() {
        return family;
    }

    /**
     * How close the sentence is to the claim, 0–1: each key group of the claim counts one (a relation group a half),
     * the claim's own wording (the share of its character bigrams the sentence and the next one contain) one more; the
     * similarity is the share of that weight present. A match has every thing and effect group, so it is rarely below
     * 0.5; a word-for-word repeat of the claim with every group is 1.
     */
    public double getSimilarity() {
        return similarity;
    }

    /** Index of the sentence the match starts in (its key terms are there and possibly in the next sentence). */
    public int getSentence() {
        return sentence;
    }

    /** The clause of the first matched key term (clauses are counted over the whole text, as {@link Hit}'s). */
    public int getClause() {
        return clause;
    }

    /** The clause of the last matched key term. */
    public int getLastClause() {
        return lastClause;
    }

    /** Whether clause {@code c} lies between the first and the last matched key term. */
    public boolean inClause(int c) {
        return c >= clause && c <= lastClause;
    }

    /** Normalised offset of the first matched key term. */
    public int getStart() {
        return start;
    }

    /** Normalised offset just past the last matched key term. */
    public int getEnd() {
        return end;
    }

    /** Original offset of the first matched key term. */
    public int getOriginalStart() {
        return originalStart;
    }

    /** Original offset just past the last matched key term. */
    public int getOriginalEnd() {
        return originalEnd;
    }

    /** Whether the match starts in the text's frame (its first sentence or a 【title】). */
    public boolean isFrame() {
        return frame;
    }

    /** Normalised offset of the first matched effect term (what the claim says happens: 致癌, 中毒, 预防新冠). */
    public int getEffectStart() {
        return effectStart;
    }

    /** Normalised offset just past the first matched effect term. */
    public int getEffectEnd() {
        return effectEnd;
    }

    /** Each matched key term in the original text, in order. */
    public List<Span> getSpans() {
        return spans;
    }

    @Override
    public String toString() {
        return "KnownClaim(" + claimId + ", " + String.format(java.util.Locale.ROOT, "%.2f", similarity) + ", s"
                + sentence + ")";
    }
}
