package io.bianwei.internal.segment;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.collection.AhoCorasick.AhoCorasickDoubleArrayTrie;
import com.hankcs.hanlp.dictionary.DynamicCustomDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * The one class that touches HanLP: segmentation with a private custom dictionary (no global state), traditional →
 * simplified conversion, and the Aho-Corasick double-array trie used for term matching.
 *
 * <p>HanLP logs through java.util.logging to stderr; its logger is switched off when this class loads.
 * Instances are immutable after construction and thread-safe (HanLP segmenters keep no per-call state).
 */
public final class HanLp {
    static {
        HanLP.Config.enableDebug(false);
        HanLP.Config.ShowTermNature = true;
    }

    private final Segment segment;
    private final Segment tagging;

    /**
     * A segmenter whose dictionary also holds the {@code terms} of three or more characters, so they stay whole.
     * Shorter terms are left to HanLP's own dictionary: its independent word boundaries are what tells 偏方 (a folk
     * remedy) from 偏|方向 (off course).
     */
    public HanLp(Collection<String> terms) {
        DynamicCustomDictionary dictionary = new DynamicCustomDictionary();
        for (String t : terms) {
            if (t.codePointCount(0, t.length()) >= 3) {
                dictionary.insert(t, "nz 1024");
            }
        }
        this.segment = configure(HanLP.newSegment(), dictionary).enablePartOfSpeechTagging(false);
        this.tagging = configure(HanLP.newSegment(), dictionary).enablePartOfSpeechTagging(true);
    }

    private static Segment configure(Segment s, DynamicCustomDictionary dictionary) {
        return s
                .enableOffset(true)
                .enableCustomDictionary(dictionary)
                .enableCustomDictionaryForcing(false)
                .enableNameRecognize(false)
                .enableTranslatedNameRecognize(false)
                .enableJapaneseNameRecognize(false)
                .enablePlaceRecognize(false)
                .enableOrganizationRecognize(false)
                .enableNumberQuantifierRecognize(false);
    }

    /** Segments normalised text (no part-of-speech tags: HanLP reallocates its tag matrix per call). */
    public List<Token> segment(String text) {
        return tokens(segment.seg(text));
    }

    /** Segments with part-of-speech tags, for {@code explain}. */
    public List<Token> segmentTagged(String text) {
        return tokens(tagging.seg(text));
    }

    private static List<Token> tokens(List<Term> terms) {
        List<Token> out = new ArrayList<>(terms.size());
        for (Term t : terms) {
            out.add(new Token(t.word, t.offset, t.offset + t.length(), t.nature == null ? "" : t.nature.toString()));
        }
        return out;
    }

    /** Traditional → simplified (HanLP's dictionary; usually length-preserving). */
    public static String toSimplified(String text) {
        return HanLP.convertToSimplifiedChinese(text);
    }

    /** Toneless pinyin syllables HanLP knows (a, ai, …, zuo; ü written v), sorted. */
    public static final List<String> SYLLABLES;
    private static final java.util.Map<String, Integer> SYLLABLE_IDS = new java.util.HashMap<>();
    private static final short[] CHAR_SYLLABLE = new short[0x10000]; // id + 1; 0 = not computed; -1 = none

    static {
        java.util.TreeSet<String> all = new java.util.TreeSet<>();
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

    /**
     * The toneless syllable id of a Han character (its default reading, cached), or -1. Per-character readings are
     * used for terms and texts alike, so they always agree with each other.
     */
    public static int syllable(char c) {
        short v = CHAR_SYLLABLE[c];
        if (v == 0) {
            List<com.hankcs.hanlp.dictionary.py.Pinyin> py = HanLP.convertToPinyinList(String.valueOf(c));
            String s = py.isEmpty() ? "none" : py.get(0).getPinyinWithoutTone();
            Integer id = SYLLABLE_IDS.get(s);
            v = (short) (id == null ? -1 : id + 1);
            CHAR_SYLLABLE[c] = v; // benign race
        }
        return v < 0 ? -1 : v - 1;
    }

    /** The id of a toneless syllable written in Latin letters, or -1. */
    public static int syllableId(String latin) {
        Integer id = SYLLABLE_IDS.get(latin);
        return id == null ? -1 : id;
    }

    /** Builds an Aho-Corasick automaton over {@code dictionary}'s keys. */
    public static <V> TermTrie<V> trie(TreeMap<String, V> dictionary) {
        AhoCorasickDoubleArrayTrie<V> trie = new AhoCorasickDoubleArrayTrie<>();
        if (!dictionary.isEmpty()) {
            trie.build(dictionary);
        }
        boolean empty = dictionary.isEmpty();
        return (text, consumer) -> {
            if (!empty) {
                trie.parseText(text, consumer::hit);
            }
        };
    }

    /** A built automaton: reports every occurrence of every key, overlapping ones included. */
    @FunctionalInterface
    public interface TermTrie<V> {
        void scan(String text, HitConsumer<V> consumer);
    }

    /** Receives {@code [begin,end)} and the key's value. */
    @FunctionalInterface
    public interface HitConsumer<V> {
        void hit(int begin, int end, V value);
    }
}
