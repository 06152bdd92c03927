package io.bianwei.internal.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * Hashed character n-gram features of a normalised text: the text half of the features {@link LinearVerdict} scores.
 *
 * <p>Every run of {@code n} consecutive UTF-16 code units ({@code minN ≤ n ≤ maxN}) that lies within the text's first
 * {@code maxChars} code units is an n-gram. Its feature index is, for {@link Scheme#FNV1A_FMIX32_WORD} (the default):
 * <ol>
 *   <li>{@code h} = 32-bit FNV-1a over the n-gram's code units, each unit XORed in whole (offset basis
 *       {@code 0x811C9DC5}, prime {@code 0x01000193});</li>
 *   <li>seeded by n: {@code h ^= n * 0x9E3779B9};</li>
 *   <li>MurmurHash3's 32-bit finaliser ({@code fmix32}) mixes the bits;</li>
 *   <li>the index is the low {@code dimBits} bits.</li>
 * </ol>
 * Integer arithmetic only, so an index is the same on every JVM. The n-grams of the default scheme are those with at
 * least one letter or digit ({@link Character#isLetterOrDigit(char)}): an n-gram of punctuation alone ({@code 。，}) is
 * no feature (measured: it does not help; see {@code LinearVerdict}). The vector holds each index's count, then
 * L2-normalised over the vector; hash collisions add up. An empty text (or one with no n-gram) gives the empty vector.
 *
 * <p>Static and thread-safe.
 */
public final class Ngrams {
    static final int FNV_BASIS = 0x811C9DC5;
    static final int FNV_PRIME = 0x01000193;
    static final int SEED = 0x9E3779B9;

    private Ngrams() {
    }

    /** Which n-grams count, as recorded in a model file. */
    public enum Scheme {
        /** Every n-gram. */
        FNV1A_FMIX32_ALL("fnv1a-fmix32-all"),
        /** n-grams with at least one letter or digit (the default). */
        FNV1A_FMIX32_WORD("fnv1a-fmix32-word"),
        /** n-grams with at least one letter or digit and no ASCII letter or digit (Han and other scripts only). */
        FNV1A_FMIX32_NONASCII("fnv1a-fmix32-nonascii");

        private final String id;

        Scheme(String id) {
            this.id = id;
        }

        /** The name written in model files. */
        public String id() {
            return id;
        }

        /** The scheme written as {@code id} in a model file. */
        public static Scheme parse(String id) {
            for (Scheme s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown n-gram scheme '" + id + "' (known: "
                    + String.join(", ", Arrays.stream(values()).map(Scheme::id).toList()) + ")");
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** The scheme {@link #of(CharSequence, int, int, int, int)} uses. */
    public static final Scheme DEFAULT_SCHEME = Scheme.FNV1A_FMIX32_WORD;

    /** Where an n-gram occurs: {@code [start, end)} in the normalised text. */
    @FunctionalInterface
    public interface Sink {
        void accept(int start, int end);
    }

    /**
     * A sparse vector: indices ascending and distinct, each with its value. Immutable; {@link #indices()} and
     * {@link #values()} return copies, {@link #index(int)} and {@link #value(int)} read in place.
     */
    public static final class Vector {
        private static final Vector EMPTY = new Vector(new int[0], new float[0]);
        private final int[] indices;
        private final float[] values;

        private Vector(int[] indices, float[] values) {
            this.indices = indices;
            this.values = values;
        }

        /** A vector of these entries (indices ascending and distinct, checked); the arrays are copied. */
        public static Vector of(int[] indices, float[] values) {
            if (indices.length != values.length) {
                throw new IllegalArgumentException("indices and values differ in length");
            }
            for (int k = 1; k < indices.length; k++) {
                if (indices[k] <= indices[k - 1]) {
                    throw new IllegalArgumentException("indices must be ascending and distinct");
                }
            }
            return indices.length == 0 ? EMPTY : new Vector(indices.clone(), values.clone());
        }

        /** The vector with no entries. */
        public static Vector empty() {
            return EMPTY;
        }

        /** Non-zero entries. */
        public int size() {
            return indices.length;
        }

        /** The k-th entry's index (ascending in k). */
        public int index(int k) {
            return indices[k];
        }

        /** The k-th entry's value. */
        public float value(int k) {
            return values[k];
        }

        /** The value at a feature index, 0 when absent. */
        public float valueAt(int index) {
            int k = Arrays.binarySearch(indices, index);
            return k < 0 ? 0f : values[k];
        }

        public int[] indices() {
            return indices.clone();
        }

        public float[] values() {
            return values.clone();
        }

        /** The Euclidean norm (1 for a non-empty vector from {@link Ngrams#of}, up to float rounding). */
        public double norm() {
            double s = 0;
            for (float v : values) {
                s += (double) v * v;
            }
            return Math.sqrt(s);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Vector v && Arrays.equals(indices, v.indices) && Arrays.equals(values, v.values);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(indices) + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("{");
            for (int k = 0; k < indices.length; k++) {
                sb.append(k == 0 ? "" : ", ").append(indices[k]).append('=')
                        .append(String.format(Locale.ROOT, "%.4f", values[k]));
            }
            return sb.append('}').toString();
        }
    }

    /** The default scheme's vector; see the class comment. */
    public static Vector of(CharSequence normalized, int dimBits, int minN, int maxN, int maxChars) {
        return of(normalized, DEFAULT_SCHEME, dimBits, minN, maxN, maxChars);
    }

    /**
     * The n-gram vector of a normalised text.
     *
     * @param dimBits  1–30: indices are in {@code [0, 2^dimBits)}
     * @param minN     shortest n-gram, at least 1
     * @param maxN     longest n-gram, at least minN, at most 8
     * @param maxChars only n-grams within the first maxChars code units count; 0 or less: the whole text
     */
    public static Vector of(CharSequence normalized, Scheme scheme, int dimBits, int minN, int maxN, int maxChars) {
        check(dimBits, minN, maxN);
        int len = limit(normalized, maxChars);
        if (len < minN) {
            return Vector.EMPTY;
        }
        int mask = mask(dimBits);
        int[] buf = new int[len * (maxN - minN + 1)];
        int m = 0;
        for (int i = 0; i < len; i++) {
            int h = FNV_BASIS;
            boolean word = false;
            boolean ascii = false;
            int top = Math.min(maxN, len - i);
            for (int n = 1; n <= top; n++) {
                char c = normalized.charAt(i + n - 1);
                h = (h ^ c) * FNV_PRIME;
                if (!word || !ascii) {
                    if (c < 128) {
                        boolean ld = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
                        word |= ld;
                        ascii |= ld;
                    } else if (!word) {
                        word = isWordChar(c);
                    }
                }
                if (n >= minN && keep(scheme, word, ascii)) {
                    buf[m++] = index(h, n, mask);
                }
            }
        }
        if (m == 0) {
            return Vector.EMPTY;
        }
        sort(buf, m, dimBits);
        int distinct = 1;
        for (int k = 1; k < m; k++) {
            if (buf[k] != buf[k - 1]) {
                distinct++;
            }
        }
        int[] idx = new int[distinct];
        float[] val = new float[distinct];
        int d = 0;
        int run = 1;
        double sq = 0;
        for (int k = 1; k <= m; k++) {
            if (k < m && buf[k] == buf[k - 1]) {
                run++;
            } else {
                idx[d] = buf[k - 1];
                val[d++] = run;
                sq += (double) run * run;
                run = 1;
            }
        }
        float inv = (float) (1.0 / Math.sqrt(sq));
        for (int k = 0; k < distinct; k++) {
            val[k] *= inv;
        }
        return new Vector(idx, val);
    }

    /**
     * Calls {@code sink} with every place (in text order, shorter n-grams first at the same start) where an n-gram of
     * the given feature index occurs, under the same settings as {@link #of}: how a strong feature becomes a span of
     * evidence. A hash collision may report n-grams of other text that share the index.
     */
    public static void occurrences(CharSequence normalized, int index, Scheme scheme, int dimBits, int minN, int maxN,
                                   int maxChars, Sink sink) {
        occurrences(normalized, new int[]{index}, scheme, dimBits, minN, maxN, maxChars,
                (which, start, end) -> sink.accept(start, end));
    }

    /** Receives an occurrence of the {@code which}-th of several feature indices. */
    @FunctionalInterface
    public interface IndexedSink {
        void accept(int which, int start, int end);
    }

    /**
     * {@link #occurrences(CharSequence, int, Scheme, int, int, int, int, Sink)} for several feature indices in one pass:
     * each index's occurrences arrive in the order that method reports them.
     */
    public static void occurrences(CharSequence normalized, int[] indices, Scheme scheme, int dimBits, int minN,
                                   int maxN, int maxChars, IndexedSink sink) {
        check(dimBits, minN, maxN);
        int len = limit(normalized, maxChars);
        int mask = mask(dimBits);
        for (int i = 0; i < len; i++) {
            int h = FNV_BASIS;
            boolean word = false;
            boolean ascii = false;
            int top = Math.min(maxN, len - i);
            for (int n = 1; n <= top; n++) {
                char c = normalized.charAt(i + n - 1);
                h = (h ^ c) * FNV_PRIME;
                boolean ld = c < 128 && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'));
                word |= ld || (c >= 128 && isWordChar(c));
                ascii |= ld;
                if (n >= minN && keep(scheme, word, ascii)) {
                    int index = index(h, n, mask);
                    for (int k = 0; k < indices.length; k++) {
                        if (indices[k] == index) {
                            sink.accept(k, i, i + n);
                        }
                    }
                }
            }
        }
    }

    /** {@link #occurrences(CharSequence, int, Scheme, int, int, int, int, Sink)} with the default scheme. */
    public static void occurrences(CharSequence normalized, int index, int dimBits, int minN, int maxN, int maxChars,
                                   Sink sink) {
        occurrences(normalized, index, DEFAULT_SCHEME, dimBits, minN, maxN, maxChars, sink);
    }

    /** The feature index of one n-gram (its length is n), as {@link #of} computes it; the scheme is not applied. */
    public static int indexOf(CharSequence ngram, int dimBits) {
        check(dimBits, 1, Math.max(1, Math.min(8, ngram.length())));
        int h = FNV_BASIS;
        for (int k = 0; k < ngram.length(); k++) {
            h = (h ^ ngram.charAt(k)) * FNV_PRIME;
        }
        return index(h, ngram.length(), mask(dimBits));
    }

    private static boolean keep(Scheme scheme, boolean word, boolean ascii) {
        return switch (scheme) {
            case FNV1A_FMIX32_ALL -> true;
            case FNV1A_FMIX32_WORD -> word;
            case FNV1A_FMIX32_NONASCII -> word && !ascii;
        };
    }

    private static boolean isWordChar(char c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || Character.isLetterOrDigit(c);
    }

    static int index(int h, int n, int mask) {
        return fmix32(h ^ (n * SEED)) & mask;
    }

    /** MurmurHash3's 32-bit finaliser. */
    static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }

    private static int mask(int dimBits) {
        return dimBits == 31 ? Integer.MAX_VALUE : (1 << dimBits) - 1;
    }

    private static int limit(CharSequence s, int maxChars) {
        return maxChars <= 0 ? s.length() : Math.min(s.length(), maxChars);
    }

    static void check(int dimBits, int minN, int maxN) {
        if (dimBits < 1 || dimBits > 30) {
            throw new IllegalArgumentException("dimBits must be 1..30, got " + dimBits);
        }
        if (minN < 1 || maxN < minN || maxN > 8) {
            throw new IllegalArgumentException("need 1 <= minN <= maxN <= 8, got " + minN + ".." + maxN);
        }
    }

    /** Sorts {@code a[0, m)}: LSD radix sort on the index bits (two or more passes of at most 11 bits). */
    private static void sort(int[] a, int m, int bits) {
        if (m < 256) {
            Arrays.sort(a, 0, m);
            return;
        }
        int passes = (bits + 10) / 11;
        int width = (bits + passes - 1) / passes;
        int buckets = 1 << width;
        int[] tmp = new int[m];
        int[] count = new int[buckets + 1];
        int[] src = a;
        int[] dst = tmp;
        for (int p = 0, shift = 0; p < passes; p++, shift += width) {
            Arrays.fill(count, 0);
            int msk = buckets - 1;
            for (int k = 0; k < m; k++) {
                count[((src[k] >>> shift) & msk) + 1]++;
            }
            for (int b = 0; b < buckets; b++) {
                count[b + 1] += count[b];
            }
            for (int k = 0; k < m; k++) {
                dst[count[(src[k] >>> shift) & msk]++] = src[k];
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != a) {
            System.arraycopy(src, 0, a, 0, m);
        }
    }
}
