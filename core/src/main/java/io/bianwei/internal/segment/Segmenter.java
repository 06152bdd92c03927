package io.bianwei.internal.segment;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.DynamicCustomDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import io.bianwei.internal.lexicon.HanLpSetup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one class that uses HanLP's segmenter: word segmentation with a private custom dictionary (no global state),
 * with or without part-of-speech tags. HanLP loads its dictionaries on the first segmentation, not before.
 *
 * <p>Immutable after construction and thread-safe (HanLP segmenters keep no per-call state).
 */
public final class Segmenter {
    static {
        HanLpSetup.ensure();
    }

    private final List<String> terms;
    private volatile Segment segment;
    private volatile Segment tagging;

    /**
     * A segmenter whose dictionary also holds the {@code terms} of three or more characters, so they stay whole.
     * Shorter terms are left to HanLP's own dictionary: its independent word boundaries are what tells 治愈 (cure)
     * from 治愈系 (feel-good) and 能量 (energy) from 功能|量化 (SegmenterTest).
     */
    public Segmenter(Collection<String> terms) {
        this.terms = List.copyOf(terms);
    }

    /** Built on first use: HanLP's dictionaries load then, not when the screener is built. */
    private DynamicCustomDictionary dictionary;

    private DynamicCustomDictionary dictionary() {
        if (dictionary == null) {
            DynamicCustomDictionary d = new DynamicCustomDictionary();
            for (String t : terms) {
                if (t.codePointCount(0, t.length()) >= 3) {
                    d.insert(t, "nz 1024");
                }
            }
            dictionary = d;
        }
        return dictionary;
    }

    private Segment plain() {
        Segment s = segment;
        if (s == null) {
            synchronized (this) {
                if (segment == null) {
                    segment = configure(HanLP.newSegment(), dictionary()).enablePartOfSpeechTagging(false);
                }
                s = segment;
            }
        }
        return s;
    }

    private Segment tagged() {
        Segment s = tagging;
        if (s == null) {
            synchronized (this) {
                if (tagging == null) {
                    tagging = configure(HanLP.newSegment(), dictionary()).enablePartOfSpeechTagging(true);
                }
                s = tagging;
            }
        }
        return s;
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
        return tokens(plain().seg(text));
    }

    /** Segments with part-of-speech tags, for {@code explain}. */
    public List<Token> segmentTagged(String text) {
        return tokens(tagged().seg(text));
    }

    private static List<Token> tokens(List<Term> terms) {
        List<Token> out = new ArrayList<>(terms.size());
        for (Term t : terms) {
            out.add(new Token(t.word, t.offset, t.offset + t.length(), t.nature == null ? "" : t.nature.toString()));
        }
        return out;
    }
}
