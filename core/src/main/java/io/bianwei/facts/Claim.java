package io.bianwei.facts;

/**
 * Inserted whenever an evidence rule (pseudo_science, privacy_abuse) fires, so that context rules can qualify it:
 * {@code $c : Claim(category == "pseudo_science", $s : sentence)}.
 */
public final class Claim {
    private final String ruleId;
    private final String category;
    private final int sentence;
    private final int start;
    private final int end;
    private final boolean frame;
    private final int clause;
    private final int lastClause;
    private final java.util.List<io.bianwei.Span> spans;

    public Claim(String ruleId, String category, int sentence, int start, int end, boolean frame) {
        this(ruleId, category, sentence, -1, -1, start, end, frame);
    }

    /** @param clause the first clause of the claim's evidence, {@code lastClause} the last (-1: unknown) */
    public Claim(String ruleId, String category, int sentence, int clause, int lastClause, int start, int end,
                 boolean frame) {
        this(ruleId, category, sentence, clause, lastClause, start, end, frame, java.util.List.of());
    }

    /** @param spans the claim's evidence in the original text (an evidence rule that cites the claim reports them) */
    public Claim(String ruleId, String category, int sentence, int clause, int lastClause, int start, int end,
                 boolean frame, java.util.List<io.bianwei.Span> spans) {
        this.spans = java.util.List.copyOf(spans);
        this.clause = clause;
        this.lastClause = lastClause;
        this.ruleId = ruleId;
        this.category = category;
        this.sentence = sentence;
        this.start = start;
        this.end = end;
        this.frame = frame;
    }

    public String getRuleId() {
        return ruleId;
    }

    public String getCategory() {
        return category;
    }

    public int getSentence() {
        return sentence;
    }

    public int getStart() {
        return start;
    }

    public int getEnd() {
        return end;
    }

    /** The claim's evidence spans in the original text. */
    public java.util.List<io.bianwei.Span> getSpans() {
        return spans;
    }

    /** The first clause the claim's evidence is in (see {@link Hit#getClause()}), or -1. */
    public int getClause() {
        return clause;
    }

    /** The last clause the claim's evidence is in, or -1. */
    public int getLastClause() {
        return lastClause;
    }

    /** Whether clause {@code c} is one of the claim's clauses. */
    public boolean inClause(int c) {
        return c >= clause && c <= lastClause && c >= 0;
    }

    public boolean isFrame() {
        return frame;
    }

    @Override
    public String toString() {
        return ruleId + "/" + category + "@s" + sentence;
    }
}
