package io.bianwei.internal.text;

import io.bianwei.Span;

/**
 * Normalised text that still knows where every character came from: its {@link OffsetMap} corrects a normalised
 * range {@code [s,e)} to the original range it was made from.
 */
public final class NormalizedText {
    private final String original;
    private final String text;
    private final OffsetMap map;

    NormalizedText(String original, String text, OffsetMap map) {
        if (map.length() != text.length()) {
            throw new IllegalArgumentException("offset map of " + map.length() + " chars for " + text.length());
        }
        this.original = original;
        this.text = text;
        this.map = map;
    }

    public String original() {
        return original;
    }

    public String text() {
        return text;
    }

    public int length() {
        return text.length();
    }

    /** The map from normalised offsets into the original. */
    public OffsetMap map() {
        return map;
    }

    /** Original offset where normalised char {@code i} starts. */
    public int originalStart(int i) {
        return map.start(i);
    }

    /** Original offset just past the source of normalised char {@code i}. */
    public int originalEnd(int i) {
        return map.end(i);
    }

    /** The original span behind the normalised range {@code [start,end)}; the range must be non-empty. */
    public Span toOriginal(int start, int end) {
        if (start < 0 || end > text.length() || end <= start) {
            throw new IndexOutOfBoundsException("normalised range [" + start + "," + end + ") of " + text.length());
        }
        return Span.of(original, map.start(start), map.end(end - 1));
    }
}
