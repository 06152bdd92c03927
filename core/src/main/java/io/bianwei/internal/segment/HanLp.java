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
        this.segment = HanLP.newSegment()
                .enableOffset(true)
                .enableCustomDictionary(dictionary)
                .enableCustomDictionaryForcing(false)
                .enableNameRecognize(false)
                .enableTranslatedNameRecognize(false)
                .enableJapaneseNameRecognize(false)
                .enablePlaceRecognize(false)
                .enableOrganizationRecognize(false)
                .enableNumberQuantifierRecognize(false)
                .enablePartOfSpeechTagging(true);
    }

    /** Segments normalised text; token offsets are normalised offsets. */
    public List<Token> segment(String text) {
        List<Term> terms = segment.seg(text);
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

    /** Toneless pinyin of a text, one syllable per Han character ("none" for others), space separated. */
    public static String pinyin(String text) {
        return HanLP.convertToPinyinString(text, " ", false);
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
