package io.bianwei.facts;

/** A sentence of the normalised text. */
public final class Sentence {
    private final int index;
    private final int start;
    private final int end;
    private final boolean frame;
    private final String text;

    public Sentence(int index, int start, int end, boolean frame, String text) {
        this.index = index;
        this.start = start;
        this.end = end;
        this.frame = frame;
        this.text = text;
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

    @Override
    public String toString() {
        return "s" + index + "[" + start + "," + end + ")" + (frame ? "F" : "");
    }
}
