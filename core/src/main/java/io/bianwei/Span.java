package io.bianwei;

/**
 * A piece of evidence in the caller's ORIGINAL text: {@code [start, end)} in UTF-16 code units, plus the excerpt
 * {@code original.substring(start, end)}. Never points into normalised text.
 */
public record Span(int start, int end, String text) implements Comparable<Span> {
    public Span {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("span must be non-empty and start >= 0: [" + start + "," + end + ")");
        }
        if (text == null || text.length() != end - start) {
            throw new IllegalArgumentException("excerpt length does not match span [" + start + "," + end + ")");
        }
    }

    /** The span {@code [start,end)} of {@code original}, with its excerpt. */
    public static Span of(String original, int start, int end) {
        return new Span(start, end, original.substring(start, end));
    }

    public int length() {
        return end - start;
    }

    @Override
    public int compareTo(Span o) {
        return start != o.start ? Integer.compare(start, o.start) : Integer.compare(end, o.end);
    }
}
