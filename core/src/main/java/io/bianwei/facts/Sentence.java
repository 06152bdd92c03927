package io.bianwei.facts;

/** A sentence of the normalised text. */
public final class Sentence {
    private final int index;
    private final int start;
    private final int end;
    private final boolean frame;
    private final String text;
    private final boolean question;
    private final int originalStart;
    private final int originalEnd;

    public Sentence(int index, int start, int end, boolean frame, String text, int originalStart, int originalEnd) {
        this.index = index;
        this.originalStart = originalStart;
        this.originalEnd = originalEnd;
        this.start = start;
        this.end = end;
        this.frame = frame;
        this.text = text;
        String t = text.strip();
        this.question = t.endsWith("?") || t.endsWith("吗") || t.endsWith("吗。") || t.endsWith("么?")
                || t.contains("是真的吗") || t.contains("真的吗") || t.contains("真的假的");
    }

    /** Ends with a question mark or 吗, or asks 是真的吗: claims in a question are often a debunk's headline. */
    public boolean isQuestion() {
        return question;
    }

    public int getIndex() {
        return index;
    }

    public int getStart() {
        return start;
    }

    public int getEnd() {
        return end;
    }

    /** The first sentence or a 【title】: context found here frames the whole text. */
    public boolean isFrame() {
        return frame;
    }

    /** The normalised sentence text. */
    public String getText() {
        return text;
    }

    public int getOriginalStart() {
        return originalStart;
    }

    public int getOriginalEnd() {
        return originalEnd;
    }

    @Override
    public String toString() {
        return "s" + index + "[" + start + "," + end + ")" + (frame ? "F" : "");
    }
}
