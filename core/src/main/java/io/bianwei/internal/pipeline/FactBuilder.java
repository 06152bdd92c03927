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
     * The hit facts (kept hits only), in hit order.
     *
     * @param sentenceOf the sentence each raw hit starts in (at least as long as {@code raw})
     */
    static List<Hit> hits(NormalizedText norm, List<Sentence> sentences, List<RawHit> raw, boolean[] kept,
                          int[] sentenceOf) {
        List<Hit> out = new ArrayList<>(raw.size());
        int[] clauses = Sentences.clauseStarts(norm.text());
        for (int i = 0; i < raw.size(); i++) {
            if (!kept[i]) {
                continue;
            }
            RawHit h = raw.get(i);
            int si = sentenceOf[i];
            Span span = norm.toOriginal(h.start(), h.end());
            out.add(new Hit(h.list(), h.term(), h.start(), h.end(), si, Sentences.clauseOf(clauses, h.start()),
                    sentences.get(si).isFrame(), h.via() != null, span.start(), span.end()));
        }
        return out;
    }

    /** Every fact one session gets: hits, sentences, the document. */
    static List<Object> facts(String id, String nt, List<Sentence> sentences, List<Hit> hits) {
        Map<String, Integer> counts = new HashMap<>();
        for (Hit h : hits) {
            counts.merge(h.getList(), 1, Integer::sum);
        }
        List<Object> facts = new ArrayList<>(hits.size() + sentences.size() + 1);
        facts.addAll(hits);
        facts.addAll(sentences);
        facts.add(new Doc(id, nt.length(), sentences.size(), counts));
        return facts;
    }
}
