package io.bianwei.internal.pipeline;

import io.bianwei.Span;
import io.bianwei.facts.Doc;
import io.bianwei.facts.Hit;
import io.bianwei.facts.Sentence;
import io.bianwei.internal.match.TermMatcher.RawHit;
import io.bianwei.internal.text.NormalizedText;
import io.bianwei.internal.text.Sentences;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The facts stage: the kept hits as {@link Hit} facts, the sentences, and one {@link Doc} fact. */
final class FactBuilder {
    private FactBuilder() {
    }

    /**
     * Occurrences of one term of one list in one sentence that become facts; later ones only count (in
     * {@link Doc#count}). A rule joins hits within a sentence, so a term repeated a thousand times in one sentence would
     * make it try a million pairs; ordinary text repeats a term in a sentence at most 9 times in 3,900 labelled texts.
     */
    static final int MAX_SAME_TERM = 16;

    /** The hit facts of a window and how many kept hits each list had (repeats beyond {@link #MAX_SAME_TERM} too). */
    record Hits(List<Hit> facts, Map<String, Integer> counts) {
    }

    /**
     * The hit facts (kept hits only, at most {@link #MAX_SAME_TERM} of one term of one list per sentence), in hit order.
     *
     * @param sentenceOf the sentence each raw hit starts in (at least as long as {@code raw})
     */
    static Hits hits(NormalizedText norm, List<Sentence> sentences, List<RawHit> raw, boolean[] kept,
                     int[] sentenceOf) {
        List<Hit> out = new ArrayList<>(raw.size());
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> same = new HashMap<>();
        int[] clauses = Sentences.clauseStarts(norm.text());
        for (int i = 0; i < raw.size(); i++) {
            if (!kept[i]) {
                continue;
            }
            RawHit h = raw.get(i);
            int si = sentenceOf[i];
            counts.merge(h.list(), 1, Integer::sum);
            if (same.merge(si + "\0" + h.list() + "\0" + h.term(), 1, Integer::sum) > MAX_SAME_TERM) {
                continue;
            }
            Span span = norm.toOriginal(h.start(), h.end());
            out.add(new Hit(h.list(), h.term(), h.start(), h.end(), si, Sentences.clauseOf(clauses, h.start()),
                    sentences.get(si).isFrame(), h.via() != null, span.start(), span.end()));
        }
        return new Hits(out, counts);
    }

    /** Every fact one session gets: hits, sentences, the document. */
    static List<Object> facts(String id, String nt, List<Sentence> sentences, List<Hit> hits,
                              Map<String, Integer> counts) {
        List<Object> facts = new ArrayList<>(hits.size() + sentences.size() + 1);
        facts.addAll(hits);
        facts.addAll(sentences);
        facts.add(new Doc(id, nt.length(), sentences.size(), counts));
        return facts;
    }
}
