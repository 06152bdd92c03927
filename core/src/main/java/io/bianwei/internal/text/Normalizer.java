package io.bianwei.internal.text;

import java.util.function.UnaryOperator;

/**
 * Offset-tracked normalisation (Lucene's CharFilter idea, with an exact per-char source map).
 *
 * <p>Steps, in order: invisible characters removed (zero-width, bidi controls, word joiners, BOM, variation
 * selectors, tags, soft hyphen); unpaired surrogates become U+FFFD; NFKC per code point (full-width → half-width,
 * ①⑴ → digits); lower case; financial numerals (壹贰…) → ordinary ones; traditional → simplified (via the supplied
 * converter); filler separators between Han characters removed ({@code 偷*拍}, {@code 量 子 波 动},
 * {@code 祖，传，秘，方}); runs of three or more identical non-digit characters collapsed to one.
 *
 * <p>Immutable and thread-safe.
 */
public final class Normalizer {
    private static final int MAX_FILLER_RUN = 3;
    private static final String FINANCIAL = "壹贰叁肆伍陆柒捌玖拾佰仟貳參陸";
    private static final String PLAIN = "一二三四五六七八九十百千二三六";

    private final UnaryOperator<String> toSimplified;

    /** @param toSimplified traditional → simplified conversion; should keep length (we check and fall back per char) */
    public Normalizer(UnaryOperator<String> toSimplified) {
        this.toSimplified = toSimplified;
    }

    public NormalizedText normalize(String original) {
        Buf b = pass1(original);
        simplify(b);
        b = removeFillers(b);
        b = collapseRuns(b);
        return b.materialise(original);
    }

    /** Normalises a term of a term list the same way texts are (offsets dropped). */
    public String normalizeTerm(String term) {
        return normalize(term).text();
    }

    // --- pass 1: invisible, surrogates, NFKC, case, numerals -------------------------------------------------

    private static Buf pass1(String s) {
        Buf b = new Buf(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int cp;
            int len;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                cp = Character.toCodePoint(c, s.charAt(i + 1));
                len = 2;
            } else if (Character.isSurrogate(c)) {
                cp = 0xFFFD; // unpaired
                len = 1;
            } else {
                cp = c;
                len = 1;
            }
            int end = i + len;
            if (isInvisible(cp)) {
                i = end;
                continue;
            }
            if (cp < 0x80) {
                b.add(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp, i, end);
            } else if (cp >= 0x4E00 && cp <= 0x9FFF) {
                int k = FINANCIAL.indexOf(cp);
                b.add(k >= 0 ? PLAIN.charAt(k) : cp, i, end);
            } else {
                String nf = cp < 0x10000 ? mapBmp((char) cp) : mapCodePoint(cp);
                for (int j = 0; j < nf.length(); ) {
                    int q = nf.codePointAt(j);
                    j += Character.charCount(q);
                    b.add(q, i, end);
                }
            }
            i = end;
        }
        return b;
    }

    /** NFKC + lower case of each BMP char, computed once (the JDK normaliser is slow per call). */
    private static final String[] BMP = new String[0x10000];

    private static String mapBmp(char c) {
        String m = BMP[c];
        if (m == null) {
            m = mapCodePoint(c);
            BMP[c] = m; // benign race: every thread computes the same value
        }
        return m;
    }

    private static String mapCodePoint(int cp) {
        String nf = java.text.Normalizer.normalize(new String(Character.toChars(cp)), java.text.Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(nf.length());
        for (int j = 0; j < nf.length(); ) {
            int q = nf.codePointAt(j);
            j += Character.charCount(q);
            if (!isInvisible(q)) {
                sb.appendCodePoint(Character.toLowerCase(q));
            }
        }
        return sb.toString();
    }

    static boolean isInvisible(int cp) {
        return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064)
                || (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF || cp == 0x00AD || cp == 0x034F || cp == 0x061C
                || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5 || cp == 0x180E || cp == 0x3164
                || cp == 0xFFA0 || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF)
                || (cp >= 0xE0000 && cp <= 0xE007F) || (cp >= 0x180B && cp <= 0x180D)
                || (cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t') || (cp >= 0x7F && cp < 0xA0);
    }

    // --- traditional → simplified ---------------------------------------------------------------------------

    private void simplify(Buf b) {
        boolean anyHan = false;
        for (int i = 0; i < b.size && !anyHan; i++) {
            anyHan = isHan(b.cps[i]);
        }
        if (!anyHan) {
            return;
        }
        String in = b.asString();
        String out = toSimplified.apply(in);
        if (out.length() == in.length() && out.codePointCount(0, out.length()) == b.size) {
            int j = 0;
            for (int i = 0; i < b.size; i++) {
                int q = out.codePointAt(j);
                j += Character.charCount(q);
                if (isHan(b.cps[i]) && isHan(q)) {
                    b.cps[i] = q;
                }
            }
            return;
        }
        // a phrase mapping changed the length: convert character by character instead
        for (int i = 0; i < b.size; i++) {
            if (isHan(b.cps[i])) {
                String one = new String(Character.toChars(b.cps[i]));
                String conv = toSimplified.apply(one);
                if (conv.codePointCount(0, conv.length()) == 1) {
                    b.cps[i] = conv.codePointAt(0);
                }
            }
        }
    }

    // --- filler separators between Han characters -----------------------------------------------------------

    private static Buf removeFillers(Buf b) {
        int n = b.size;
        boolean[] drop = new boolean[n];
        boolean any = false;
        int i = 0;
        while (i < n) {
            if (!isHan(b.cps[i])) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < n && j - i - 1 < MAX_FILLER_RUN + 1 && isSeparator(b.cps[j])) {
                j++;
            }
            int run = j - i - 1;
            if (run >= 1 && run <= MAX_FILLER_RUN && j < n && isHan(b.cps[j])) {
                boolean onlyFillers = true;
                for (int k = i + 1; k < j; k++) {
                    onlyFillers &= isFiller(b.cps[k]);
                }
                // punctuation counts as filler only in an alternating pattern: single Han chars between the same
                // separator (祖，传，秘，方), not 软*件，包 where a comma ends a clause
                if (onlyFillers || (run == 1 && (isolated(b, i, b.cps[i + 1]) || isolated(b, j, b.cps[i + 1])))) {
                    for (int k = i + 1; k < j; k++) {
                        drop[k] = true;
                    }
                    any = true;
                }
            }
            i = j > i + 1 ? j : i + 1;
        }
        if (!any) {
            return b;
        }
        Buf out = new Buf(n);
        for (int k = 0; k < n; k++) {
            if (!drop[k]) {
                out.add(b.cps[k], b.st[k], b.en[k]);
            }
        }
        return out;
    }

    /** A single Han char with the same separator on both sides, as 传 in 祖，传，秘，方. */
    private static boolean isolated(Buf b, int i, int sep) {
        return i > 0 && i + 1 < b.size && b.cps[i - 1] == sep && b.cps[i + 1] == sep;
    }

    /** {@link #isFiller} of every BMP code point, worked out once (the matchers ask it of every character). */
    private static final java.util.BitSet BMP_FILLERS = new java.util.BitSet(0x10000);

    static {
        for (int cp = 0; cp < 0x10000; cp++) {
            if (filler(cp)) {
                BMP_FILLERS.set(cp);
            }
        }
    }

    /** Fillers: spaces, ASCII symbols and emoji that nobody writes inside a Chinese word. */
    public static boolean isFiller(int cp) {
        return cp >= 0 && cp < 0x10000 ? BMP_FILLERS.get(cp) : filler(cp);
    }

    private static boolean filler(int cp) {
        if (cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xA0) {
            return true;
        }
        if ("*-_.|/\\~^+=#@`'\"·•°¤※☆★○●◇◆□■△▲♡♥❤✿❀".indexOf(cp) >= 0) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.OTHER_SYMBOL || (cp >= 0x1F000 && cp <= 0x1FAFF);
    }

    /** Separators: fillers plus punctuation that is a filler only between isolated Han characters. */
    static boolean isSeparator(int cp) {
        return isFiller(cp) || ",、。!?;:，．！？；：".indexOf(cp) >= 0;
    }

    public static boolean isHan(int cp) {
        if (cp < 0x3400) {
            return cp == 0x3007; // 〇
        }
        if (cp <= 0x4DBF || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF)) {
            return true;
        }
        return cp >= 0x20000 && Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }

    // --- repeated characters ------------------------------------------------------------------------------

    private static Buf collapseRuns(Buf b) {
        int n = b.size;
        Buf out = null;
        int i = 0;
        while (i < n) {
            int cp = b.cps[i];
            int j = i + 1;
            while (j < n && b.cps[j] == cp) {
                j++;
            }
            if (j - i >= 3 && !Character.isDigit(cp) && !Character.isWhitespace(cp)) {
                if (out == null) {
                    out = new Buf(n);
                    for (int k = 0; k < i; k++) {
                        out.add(b.cps[k], b.st[k], b.en[k]);
                    }
                }
                out.add(cp, b.st[i], b.en[j - 1]);
            } else if (out != null) {
                for (int k = i; k < j; k++) {
                    out.add(b.cps[k], b.st[k], b.en[k]);
                }
            }
            i = j;
        }
        return out == null ? b : out;
    }

    // --- a growable buffer of code points with their source ranges ---------------------------------------

    private static final class Buf {
        int[] cps;
        int[] st;
        int[] en;
        int size;

        Buf(int capacity) {
            int c = Math.max(4, capacity);
            cps = new int[c];
            st = new int[c];
            en = new int[c];
        }

        void add(int cp, int start, int end) {
            if (size == cps.length) {
                int c = size * 2;
                cps = java.util.Arrays.copyOf(cps, c);
                st = java.util.Arrays.copyOf(st, c);
                en = java.util.Arrays.copyOf(en, c);
            }
            cps[size] = cp;
            st[size] = start;
            en[size] = end;
            size++;
        }

        String asString() {
            StringBuilder sb = new StringBuilder(size);
            for (int i = 0; i < size; i++) {
                sb.appendCodePoint(cps[i]);
            }
            return sb.toString();
        }

        NormalizedText materialise(String original) {
            StringBuilder sb = new StringBuilder(size);
            OffsetMap.Builder map = new OffsetMap.Builder();
            for (int i = 0; i < size; i++) {
                int cp = cps[i];
                sb.appendCodePoint(cp);
                for (int u = Character.charCount(cp); u > 0; u--) {
                    map.add(st[i], en[i]);
                }
            }
            return new NormalizedText(original, sb.toString(), map.build());
        }
    }
}
