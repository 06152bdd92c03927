package io.bianwei.internal.pipeline;

import io.bianwei.facts.Sentence;
import io.bianwei.internal.match.TermMatcher.RawHit;
import io.bianwei.internal.segment.Segmenter;
import io.bianwei.internal.segment.Token;
import io.bianwei.internal.text.Sentences;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The segmentation stage: a hit of a short (strict) term must start and end on word boundaries (治愈 inside 治愈系
 * does not count). Only the sentences holding such a hit are segmented; {@code explain} segments all of them, with
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
        BitSet need = new BitSet();
        for (RawHit h : raw) {
            if (h.strict()) {
                need.set(Sentences.indexOf(sentences, h.start()));
            }
        }
        List<Token> tokens = new ArrayList<>();
        for (int si = need.nextSetBit(0); si >= 0; si = need.nextSetBit(si + 1)) {
            Sentence sent = sentences.get(si);
            int segFrom = si == 0 ? 0 : sent.getStart();
            int segTo = si + 1 < sentences.size() ? sentences.get(si + 1).getStart() : nt.length();
            for (Token t : segmenter.segment(nt.substring(segFrom, segTo))) {
                tokens.add(new Token(t.word(), t.start() + segFrom, t.end() + segFrom, t.pos()));
            }
        }
        return tokens;
    }

    /** Which hits stand: loose hits always; strict hits on word boundaries or inside a rule term kept whole. */
    boolean[] kept(List<RawHit> raw, List<Token> tokens) {
        Set<Integer> starts = new HashSet<>();
        Set<Integer> ends = new HashSet<>();
        List<Token> termTokens = new ArrayList<>();
        for (Token t : tokens) {
            starts.add(t.start());
            ends.add(t.end());
            if (terms.contains(t.word())) {
                termTokens.add(t); // a rule term kept whole by the dictionary may hold shorter terms
            }
        }
        boolean[] kept = new boolean[raw.size()];
        for (int i = 0; i < raw.size(); i++) {
            RawHit h = raw.get(i);
            kept[i] = !h.strict() || (starts.contains(h.start()) && ends.contains(h.end()))
                    || termTokens.stream().anyMatch(t -> t.start() <= h.start() && h.end() <= t.end());
        }
        return kept;
    }
}
