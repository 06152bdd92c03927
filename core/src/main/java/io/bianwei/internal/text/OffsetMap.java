package io.bianwei.internal.text;

import java.util.Arrays;

/**
 * Where each character of a derived text came from in the text it was derived from (Lucene's {@code BaseCharFilter}
 * offset correction, made exact per character). For derived char {@code i}, {@code [start(i), end(i))} is the
 * non-empty source range that produced it; a derived range {@code [s,e)} corrects to {@code [start(s), end(e-1))}.
 *
 * <p>Stored sparsely: a derived char whose source is one char at the current shift costs nothing; a change of shift
 * (a deletion, an insertion) costs one entry, and a char whose source is not exactly one char (a run collapsed into
 * one char, one char expanded into several) one more. Maps chain: {@link #then(OffsetMap)} corrects through a view
 * built on a view. Every map is monotone (sources are in derived order), which the builder checks.
 *
 * <p>Immutable and thread-safe.
 */
public final class OffsetMap {
    private static final int[] NONE = new int[0];

    private final int length;
    private final int[] shiftAt;
    private final int[] shift;
    private final int[] wideAt;
    private final int[] wideStart;
    private final int[] wideEnd;
    private final OffsetMap base;

    private OffsetMap(int length, int[] shiftAt, int[] shift, int[] wideAt, int[] wideStart, int[] wideEnd,
                      OffsetMap base) {
        this.length = length;
        this.shiftAt = shiftAt;
        this.shift = shift;
        this.wideAt = wideAt;
        this.wideStart = wideStart;
        this.wideEnd = wideEnd;
        this.base = base;
    }

    /** The map of a text derived by changing nothing. */
    public static OffsetMap identity(int length) {
        return new OffsetMap(length, NONE, NONE, NONE, NONE, NONE, null);
    }

    /** Length of the derived text. */
    public int length() {
        return length;
    }

    /** Source offset where derived char {@code i} starts. */
    public int start(int i) {
        int own = ownStart(i);
        return base == null ? own : base.start(own);
    }

    /** Source offset just past the source of derived char {@code i}. */
    public int end(int i) {
        int own = ownEnd(i);
        return base == null ? own : base.end(own - 1);
    }

    private int ownStart(int i) {
        check(i);
        int w = Arrays.binarySearch(wideAt, i);
        if (w >= 0) {
            return wideStart[w];
        }
        return i + shiftFor(i);
    }

    private int ownEnd(int i) {
        check(i);
        int w = Arrays.binarySearch(wideAt, i);
        if (w >= 0) {
            return wideEnd[w];
        }
        return i + shiftFor(i) + 1;
    }

    private int shiftFor(int i) {
        int k = Arrays.binarySearch(shiftAt, i);
        if (k < 0) {
            k = -k - 2; // the last breakpoint before i
        }
        return k < 0 ? 0 : shift[k];
    }

    private void check(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("derived offset " + i + " of " + length);
        }
    }

    /** The source range {@code [start(s), end(e-1))} behind the non-empty derived range {@code [s,e)}. */
    public int[] correct(int s, int e) {
        if (s < 0 || e > length || e <= s) {
            throw new IndexOutOfBoundsException("derived range [" + s + "," + e + ") of " + length);
        }
        return new int[]{start(s), end(e - 1)};
    }

    /**
     * This map followed by {@code base}: for a view derived from a text that was itself derived (this map corrects
     * into that text, {@code base} corrects that text into its source), the map straight into the source.
     */
    public OffsetMap then(OffsetMap base) {
        if (this.base != null) {
            return new OffsetMap(length, shiftAt, shift, wideAt, wideStart, wideEnd, this.base.then(base));
        }
        return new OffsetMap(length, shiftAt, shift, wideAt, wideStart, wideEnd, base);
    }

    /** Entries stored (for tests and measurements): shift changes plus wide chars. */
    int entries() {
        return shiftAt.length + wideAt.length;
    }

    /** Records, derived char by derived char, where each came from. */
    public static final class Builder {
        private int n;
        private int current;
        private int lastStart;
        private int lastEnd;
        private int[] shiftAt = new int[8];
        private int[] shift = new int[8];
        private int shifts;
        private int[] wideAt = NONE;
        private int[] wideStart = NONE;
        private int[] wideEnd = NONE;
        private int wides;

        /** Appends the next derived char, produced by source range {@code [start, end)} (non-empty, monotone). */
        public Builder add(int start, int end) {
            if (end <= start || start < lastStart || end < lastEnd) {
                throw new IllegalArgumentException("source range [" + start + "," + end + ") of derived char " + n
                        + " is empty or out of order (previous [" + lastStart + "," + lastEnd + "))");
            }
            lastStart = start;
            lastEnd = end;
            int i = n++;
            if (end == start + 1) {
                if (start - i != current) {
                    current = start - i;
                    if (shifts == shiftAt.length) {
                        shiftAt = Arrays.copyOf(shiftAt, shifts * 2);
                        shift = Arrays.copyOf(shift, shifts * 2);
                    }
                    shiftAt[shifts] = i;
                    shift[shifts] = current;
                    shifts++;
                }
            } else {
                if (wides == wideAt.length) {
                    int c = Math.max(8, wides * 2);
                    wideAt = Arrays.copyOf(wideAt, c);
                    wideStart = Arrays.copyOf(wideStart, c);
                    wideEnd = Arrays.copyOf(wideEnd, c);
                }
                wideAt[wides] = i;
                wideStart[wides] = start;
                wideEnd[wides] = end;
                wides++;
            }
            return this;
        }

        /** Derived chars recorded so far. */
        public int length() {
            return n;
        }

        public OffsetMap build() {
            if (shifts == 0 && wides == 0) {
                return identity(n);
            }
            return new OffsetMap(n, Arrays.copyOf(shiftAt, shifts), Arrays.copyOf(shift, shifts),
                    Arrays.copyOf(wideAt, wides), Arrays.copyOf(wideStart, wides), Arrays.copyOf(wideEnd, wides), null);
        }
    }
}
