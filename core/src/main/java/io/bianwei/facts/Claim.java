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

    public Claim(String ruleId, String category, int sentence, int start, int end, boolean frame) {
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

    public boolean isFrame() {
        return frame;
    }

    @Override
    public String toString() {
        return ruleId + "/" + category + "@s" + sentence;
    }
}
