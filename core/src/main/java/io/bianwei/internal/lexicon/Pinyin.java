package io.bianwei.internal.lexicon;

import com.hankcs.hanlp.HanLP;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Toneless pinyin from HanLP's pinyin dictionary, as small integer syllable ids (for the phonetic matching view).
 * Per-character readings are used for terms and texts alike, so they always agree with each other.
 */
public final class Pinyin {
    static {
        HanLpSetup.ensure();
    }

    /** Toneless pinyin syllables HanLP knows (a, ai, …, zuo; ü written v), sorted. */
    public static final List<String> SYLLABLES;
    private static final Map<String, Integer> SYLLABLE_IDS = new HashMap<>();
    private static final short[] CHAR_SYLLABLE = new short[0x10000]; // id + 1; 0 = not computed; -1 = none

    static {
        TreeSet<String> all = new TreeSet<>();
        for (com.hankcs.hanlp.dictionary.py.Pinyin p : com.hankcs.hanlp.dictionary.py.Pinyin.values()) {
            String s = p.getPinyinWithoutTone();
            if (!s.equals("none")) {
                all.add(s);
            }
        }
        SYLLABLES = List.copyOf(all);
        for (int i = 0; i < SYLLABLES.size(); i++) {
            SYLLABLE_IDS.put(SYLLABLES.get(i), i);
        }
    }

    private Pinyin() {
    }

    /** The toneless syllable id of a Han character (its default reading, cached), or -1. */
    public static int syllable(char c) {
        short v = CHAR_SYLLABLE[c];
        if (v == 0) {
            List<com.hankcs.hanlp.dictionary.py.Pinyin> py = HanLP.convertToPinyinList(String.valueOf(c));
            String s = py.isEmpty() ? "none" : py.get(0).getPinyinWithoutTone();
            Integer id = SYLLABLE_IDS.get(s);
            v = (short) (id == null ? -1 : id + 1);
            CHAR_SYLLABLE[c] = v; // benign race: every thread computes the same value
        }
        return v < 0 ? -1 : v - 1;
    }

    /** The id of a toneless syllable written in Latin letters, or -1. */
    public static int syllableId(String latin) {
        Integer id = SYLLABLE_IDS.get(latin);
        return id == null ? -1 : id;
    }
}
