package io.bianwei.facts;

/**
 * A term-list hit: the fact most rules match on, e.g. {@code Hit(list == "disease", sentence == $s)}.
 * {@code start}/{@code end} are normalised offsets (use them for order and distance); the evidence span in the
 * original text is kept alongside.
 */
public final class Hit {
    private final String list;
    private final String term;
    private final int start;
    private final int end;
    private final int sentence;
    private final boolean frame;
    private final boolean variant;
    private final int originalStart;
    private final int originalEnd;
    private final int clause;
    private final int negationGap;

    public Hit(String list, String term, int start, int end, int sentence, boolean frame, boolean variant,
               int originalStart, int originalEnd) {
        this(list, term, start, end, sentence, -1, frame, variant, originalStart, originalEnd);
    }

    /**
     * @param clause the index of the clause the hit starts in (clauses end at ，、：；and sentence ends), or -1
     */
    public Hit(String list, String term, int start, int end, int sentence, int clause, boolean frame, boolean variant,
               int originalStart, int originalEnd) {
        this(list, term, start, end, sentence, clause, frame, variant, originalStart, originalEnd, Integer.MAX_VALUE);
    }

    /** @param negationGap see {@link #getNegationGap()} ({@link Integer#MAX_VALUE}: no negation before it) */
    public Hit(String list, String term, int start, int end, int sentence, int clause, boolean frame, boolean variant,
               int originalStart, int originalEnd, int negationGap) {
        this.negationGap = negationGap;
        this.clause = clause;
        this.list = list;
        this.term = term;
        this.start = start;
        this.end = end;
        this.sentence = sentence;
        this.frame = frame;
        this.variant = variant;
        this.originalStart = originalStart;
        this.originalEnd = originalEnd;
    }

    /** The term list's name, e.g. {@code cure_verbs}. */
    public String getList() {
        return list;
    }

    /** The canonical (normalised) term that matched. */
    public String getTerm() {
        return term;
    }

    public int getStart() {
        return start;
    }

    public int getEnd() {
        return end;
    }

    /** Index of the sentence the hit starts in. */
    public int getSentence() {
        return sentence;
    }

    /**
     * Index of the clause the hit starts in, counted over the whole text: clauses end at ，,、：:；; and at sentence
     * ends, so {@code clause == $c.clause} means "in the same clause".
     */
    public int getClause() {
        return clause;
    }

    /** Whether the hit is in the text's frame: its first sentence or a 【title】. */
    public boolean isFrame() {
        return frame;
    }

    /** Whether the hit matched through an evasion variant rather than literally. */
    public boolean isVariant() {
        return variant;
    }

    public int getOriginalStart() {
        return originalStart;
    }

    public int getOriginalEnd() {
        return originalEnd;
    }

    /**
     * How close a negation comes before this hit in its sentence: this hit's start minus the largest end of the
     * {@code negation} hits that start before it in the same sentence ({@link Integer#MAX_VALUE} when there is none;
     * zero or less when one runs up to or into it). Computed once per hit, so that a rule says
     * {@code $r : Hit(list == "remedy", negationGap > 4)} ("no negation ending within 4 characters before it") instead
     * of {@code not Hit(list == "negation", sentence == $r.sentence, start < $r.start, end >= $r.start - 4)}, which
     * means the same.
     */
    public int getNegationGap() {
        return negationGap;
    }

    /** Characters between this hit's end and {@code other}'s start (negative when they overlap or are reversed). */
    public int gapTo(Hit other) {
        return other.start - end;
    }

    @Override
    public String toString() {
        return list + ":" + term + "@" + start + "-" + end + "/s" + sentence;
    }
}
