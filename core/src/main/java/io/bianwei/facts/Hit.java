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

    public Hit(String list, String term, int start, int end, int sentence, boolean frame, boolean variant,
               int originalStart, int originalEnd) {
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

    /** Characters between this hit's end and {@code other}'s start (negative when they overlap or are reversed). */
    public int gapTo(Hit other) {
        return other.start - end;
    }

    @Override
    public String toString() {
        return list + ":" + term + "@" + start + "-" + end + "/s" + sentence;
    }
}
