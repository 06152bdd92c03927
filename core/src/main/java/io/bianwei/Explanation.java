package io.bianwei;

import java.util.List;

/**
 * Everything {@code screen} did to one text, for rule authors and puzzled moderators.
 *
 * @param normalized  the normalised text the rules saw
 * @param tokens      the segmentation (empty when the fast path skipped it)
 * @param hits        every term-list hit, with whether it was kept (short terms must sit on word boundaries)
 * @param scoring     how the findings' hand weights add up to the score and verdict, as named numbers (null when
 *                    the learned verdict decided)
 * @param result      the result, exactly as {@code screen} returns it
 * @param learned     how the learned verdict scored the text, term by term (null when hand weights decided)
 */
public record Explanation(String normalized, List<Token> tokens, List<TermHit> hits, Scoring.Breakdown scoring,
                          ScreeningResult result, LearnedScore learned) {
    public Explanation {
        tokens = List.copyOf(tokens);
        hits = List.copyOf(hits);
        if ((scoring == null) == (learned == null)) {
            throw new IllegalArgumentException("exactly one of scoring and learned decides a verdict");
        }
    }

    /** The arithmetic that gave the verdict, as lines of text. */
    public List<String> arithmetic() {
        return scoring != null ? scoring.lines() : learned.lines();
    }

    /** A word of the segmentation with its part of speech and original span. */
    public record Token(String word, String pos, Span span) {
    }

    /**
     * A term-list hit.
     *
     * @param list     the list's name
     * @param term     the normalised term
     * @param span     where in the original text
     * @param sentence the sentence index
     * @param clause   the clause index, as the rules' {@code Hit.clause} counts clauses (they end at ，,、：:；; and
     *                 at sentence ends): two hits join on {@code clause == $h.clause} when these are equal
     * @param kept     false when dropped for crossing a word boundary
     * @param variant  how it matched: {@code literal}, or the evasion path
     */
    public record TermHit(String list, String term, Span span, int sentence, int clause, boolean kept,
                          String variant) {
    }
}
