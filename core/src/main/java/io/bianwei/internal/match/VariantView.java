package io.bianwei.internal.match;

import io.bianwei.internal.text.Normalizer;
import io.bianwei.internal.text.OffsetMap;

import java.util.BitSet;

/**
 * The variant view of normalised text, for term lists with {@code #@ variants: on}: letters or digits inserted between
 * two Han characters dropped (偷a拍, 摄x像x头), components written for one character joined (扌罙 → 探), and
 * look-alike characters mapped to the canonical one (薇 → 微). Immutable, thread-safe.
 */
final class VariantView {
    /** Longest run of inserted letters and fillers dropped between two Han characters. */
    private static final int MAX_GAP = 4;

    private final VariantTables tables;
    private final char[] lookalike;
    private final BitSet splitStarts;

    VariantView(VariantTables tables) {
        this.tables = tables;
        this.lookalike = tables.lookalikeTable();
        this.splitStarts = tables.splitStarts();
    }

    /** The variant view of {@code text}, or null when it would equal the text. */
    View of(String text) {
        int n = text.length();
        StringBuilder sb = new StringBuilder(n);
        OffsetMap.Builder map = new OffsetMap.Builder();
        boolean changed = false;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            // letters or digits (with fillers) inserted between two Han characters: 偷a拍, 摄x像x头, 监x x控
            if (i > 0 && Normalizer.isHan(text.charAt(i - 1)) && (isAsciiAlnum(c) || Normalizer.isFiller(c))) {
                int j = i;
                boolean letters = false;
                while (j < n && j - i <= MAX_GAP && (isAsciiAlnum(text.charAt(j)) || Normalizer.isFiller(text.charAt(j)))) {
                    letters |= isAsciiAlnum(text.charAt(j));
                    j++;
                }
                if (letters && j - i <= MAX_GAP && j < n && Normalizer.isHan(text.charAt(j))) {
                    changed = true;
                    i = j;
                    continue;
                }
            }
            // components written for one character: 扌罙 → 探
            if (i + 1 < n && splitStarts.get(c)) {
                int joined = -1;
                int len = 0;
                for (int k = Math.min(4, n - i); k >= 2 && joined < 0; k--) {
                    Integer ch = tables.splits().get(text.substring(i, i + k));
                    if (ch != null) {
                        joined = ch;
                        len = k;
                    }
                }
                if (joined >= 0 && joined < 0x10000) {
                    map.add(i, i + len);
                    sb.append((char) joined);
                    changed = true;
                    i += len;
                    continue;
                }
            }
            char mapped = lookalike[c];
            char out = mapped != 0 ? mapped : c;
            changed |= out != c;
            map.add(i, i + 1);
            sb.append(out);
            i++;
        }
        return changed ? new View(sb.toString(), map.build()) : null;
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
