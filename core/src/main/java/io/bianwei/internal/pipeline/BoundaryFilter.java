package io.bianwei.internal.pipeline;

import io.bianwei.facts.Sentence;
import io.bianwei.internal.match.TermMatcher.RawHit;
import io.bianwei.internal.segment.Segmenter;
import io.bianwei.internal.segment.Token;
import io.bianwei.internal.text.Sentences;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * The segmentation stage: a hit of a short (strict) term must start and end on word boundaries (治愈 inside 治愈系
 * does not count). Only the clauses holding such a hit are segmented; {@code explain} segments every sentence, with
 * part-of-speech tags.
 */
final class BoundaryFilter {
    private final Segmenter segmenter;
    private final Set<String> terms;

    BoundaryFilter(Segmenter segmenter, List<String> terms) {
        this.segmenter = segmenter;
        this.terms = Set.copyOf(terms);
    }

    /** The tokens of the sentences that need them (all sentences, tagged, when {@code everything}). */
    List<Token> segment(String nt, List<Sentence> sentences, List<RawHit> raw, boolean everything) {
        if (everything) {
            return segmenter.segmentTagged(nt);
        }
        // Only the clauses holding such a hit, each from the clause mark before it to the one after it (，、：；,
        // , : ; after normalisation): HanLP makes such a mark a word of its own, so a path through the sentence
        // passes through it, and the best path through a sentence is, between two marks, the best path from one to
        // the other — a clause segmented with both its marks gets the words it gets in the whole sentence
        // (same-results over 3,800 texts), at a fraction of the cost.
        int[] starts = pieces(nt, sentences);
        BitSet need = new BitSet();
        for (RawHit h : raw) {
            if (h.strict()) {
                int k = java.util.Arrays.binarySearch(starts, h.start());
                need.set(k >= 0 ? k : -k - 2);
            }
        }
        List<Token> tokens = new ArrayList<>();
        for (int pi = need.nextSetBit(0); pi >= 0; pi = need.nextSetBit(pi + 1)) {
            int segFrom = starts[pi];
            // a run of needed pieces of one sentence is segmented in one call: the path through the marks between
            // them is the path the pieces get one by one (each starts at its mark), for less of HanLP's set-up per
            // call; a sentence start is no mark, so a run stops there (the next sentence starts afresh)
            while (pi + 1 < starts.length && need.get(pi + 1) && isMark(nt, starts[pi + 1])) {
                pi++;
            }
            int segTo = pi + 1 < starts.length ? starts[pi + 1] : nt.length();
            if (segTo < nt.length() && isMark(nt, segTo)) {
                segTo++; // the mark after the clause: the last word's successor, as in the whole sentence
            }
            for (Token t : segmenter.segment(nt.substring(segFrom, segTo))) {
                tokens.add(new Token(t.word(), t.start() + segFrom, t.end() + segFrom, t.pos()));
            }
        }
        return tokens;
    }

    /**
     * Where the pieces segmented on their own start: at 0, at every sentence start but the first (as segmenting a
     * sentence did), and at every clause mark ({@link #isMark}) inside a sentence, the mark included.
     */
    static int[] pieces(String nt, List<Sentence> sentences) {
        java.util.stream.IntStream.Builder out = java.util.stream.IntStream.builder();
        out.add(0);
        int n = Math.max(1, sentences.size()); // no sentence: the whole text is one
        for (int si = 0; si < n; si++) {
            int from = sentences.isEmpty() ? 0 : sentences.get(si).getStart();
            int to = si + 1 < sentences.size() ? sentences.get(si + 1).getStart() : nt.length();
            if (si > 0) {
                out.add(from);
            }
            for (int i = from + 1; i < to - 1; i++) {
                if (isMark(nt, i)) {
                    out.add(i);
                }
            }
        }
        return out.build().sorted().toArray();
    }

    /**
     * A clause mark HanLP always makes a word of its own: , : ; (full-width ones are half-width after normalisation)
     * or 、 between two Han characters (HanLP joins runs of punctuation such as "),", and 1,000 or 10:30 are words;
     * the stricter rule is also the one that held on 24,665 sentences of the dev corpora, in BoundaryFilterTest's way).
     */
    static boolean isMark(String nt, int i) {
        char c = nt.charAt(i);
        if (c != '、' && c != ',' && c != ':' && c != ';') {
            return false;
        }
        return i > 0 && i + 1 < nt.length() && isHan(nt.charAt(i - 1)) && isHan(nt.charAt(i + 1));
    }

    private static boolean isHan(char c) {
        return !Character.isSurrogate(c) && Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    /** Which hits stand: loose hits always; strict hits on word boundaries or inside a rule term kept whole. */
    boolean[] kept(List<RawHit> raw, List<Token> tokens) {
        BitSet starts = new BitSet();
        BitSet ends = new BitSet();
        List<Token> termTokens = new ArrayList<>();
        for (Token t : tokens) {
            starts.set(t.start());
            ends.set(t.end());
            if (terms.contains(t.word())) {
                termTokens.add(t); // a rule term kept whole by the dictionary may hold shorter terms
            }
        }
        boolean[] kept = new boolean[raw.size()];
        for (int i = 0; i < raw.size(); i++) {
            RawHit h = raw.get(i);
            kept[i] = !h.strict() || (starts.get(h.start()) && ends.get(h.end()))
                    || termTokens.stream().anyMatch(t -> t.start() <= h.start() && h.end() <= t.end());
        }
        return kept;
    }
}
