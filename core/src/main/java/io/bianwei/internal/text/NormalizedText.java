package io.bianwei.internal.text;

import io.bianwei.Span;

/**
 * Normalised text that still knows where every character came from. For each normalised char {@code i},
 * {@code [starts[i], ends[i])} is the non-empty range of the original string that produced it, so a normalised range
 * {@code [s,e)} maps to the original range {@code [starts[s], ends[e-1])}.
 */
public final class NormalizedText {
    private final String original;
    private final String text;
    private final int[] starts;
    private final int[] ends;

    NormalizedText(String original, String text, int[] starts, int[] ends) {
        this.original = original;
        this.text = text;
        this.starts = starts;
        this.ends = ends;
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

    /** Original offset where normalised char {@code i} starts. */
    public int originalStart(int i) {
        return starts[i];
    }

    /** Original offset just past the source of normalised char {@code i}. */
    public int originalEnd(int i) {
        return ends[i];
    }

    /** The original span behind the normalised range {@code [start,end)}; the range must be non-empty. */
    public Span toOriginal(int start, int end) {
        if (start < 0 || end > text.length() || end <= start) {
            throw new IndexOutOfBoundsException("normalised range [" + start + "," + end + ") of " + text.length());
        }
        int os = starts[start];
        int oe = ends[end - 1];
        for (int i = start; i < end; i++) { // sources are monotone except after reordering; be exact anyway
            os = Math.min(os, starts[i]);
            oe = Math.max(oe, ends[i]);
        }
        return Span.of(original, os, oe);
    }
}
