package io.bianwei.internal.match;

import io.bianwei.internal.lexicon.Pinyin;
import io.bianwei.internal.text.Normalizer;
import io.bianwei.internal.text.OffsetMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The phonetic view of normalised text, for term lists with {@code #@ pinyin: on}: every Han character as its toneless
 * syllable and Latin runs split into syllables, one code char per syllable ({@code U+E000 + syllable id}), so tou拍,
 * 破ji, she像头 and the homophone 摄象头 meet 偷拍, 破解, 摄像头. Anything else is a break.
 */
final class PhoneticView {
    /** Stands for anything that is not a syllable. */
    static final char BREAK = '\u0001';

    private PhoneticView() {
    }

    /** The code of an all-Han term (one char per syllable), or null. */
    static String code(String term) {
        StringBuilder sb = new StringBuilder(term.length());
        for (int i = 0; i < term.length(); i++) {
            int id = Pinyin.syllable(term.charAt(i));
            if (id < 0) {
                return null;
            }
            sb.append((char) (0xE000 + id));
        }
        return sb.toString();
    }

    /** The phonetic view; null when the text has no Latin letters and no Han chars. */
    static View of(String text) {
        int n = text.length();
        StringBuilder sb = new StringBuilder(n);
        OffsetMap.Builder map = new OffsetMap.Builder();
        boolean any = false;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (Normalizer.isHan(c)) {
                int id = Pinyin.syllable(c);
                map.add(i, i + 1);
                sb.append(id < 0 ? BREAK : (char) (0xE000 + id));
                any = true;
                i++;
            } else if (c >= 'a' && c <= 'z') {
                int j = i;
                while (j < n && text.charAt(j) >= 'a' && text.charAt(j) <= 'z') {
                    j++;
                }
                int[] cuts = syllables(text, i, j);
                if (cuts == null) {
                    map.add(i, j);
                    sb.append(BREAK);
                } else {
                    int from = i;
                    for (int cut : cuts) {
                        map.add(from, cut);
                        sb.append((char) (0xE000 + Pinyin.syllableId(text.substring(from, cut))));
                        from = cut;
                    }
                    any = true;
                }
                i = j;
            } else if (Normalizer.isFiller(c) && sb.length() > 0 && sb.charAt(sb.length() - 1) != BREAK) {
                // a short run of fillers between syllables is transparent: 摄.像.tou
                int j = i;
                while (j < n && j - i < 3 && Normalizer.isFiller(text.charAt(j))) {
                    j++;
                }
                if (j - i >= 3 || j >= n) {
                    map.add(i, j);
                    sb.append(BREAK);
                }
                i = j;
            } else {
                map.add(i, i + 1);
                sb.append(BREAK);
                i++;
            }
        }
        return any ? new View(sb.toString(), map.build()) : null;
    }

    /** Splits text[from,to) into pinyin syllables, preferring long ones; null when impossible. */
    static int[] syllables(String text, int from, int to) {
        int len = to - from;
        if (len > 48) {
            return null;
        }
        int[] next = new int[len + 1]; // next[k]: end of the syllable starting at k on a full split, or -1
        Arrays.fill(next, -1);
        boolean[] ok = new boolean[len + 1];
        ok[len] = true;
        for (int k = len - 1; k >= 0; k--) {
            for (int l = Math.min(6, len - k); l >= 1; l--) {
                if (ok[k + l] && Pinyin.syllableId(text.substring(from + k, from + k + l)) >= 0) {
                    ok[k] = true;
                    next[k] = k + l;
                    break;
                }
            }
        }
        if (!ok[0]) {
            return null;
        }
        List<Integer> cuts = new ArrayList<>();
        for (int k = 0; k < len; k = next[k]) {
            cuts.add(from + next[k]);
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }
}
