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
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> same = new HashMap<>();
        List<Integer> facts = new ArrayList<>(raw.size()); // indices into raw of the hits that become facts
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
            facts.add(i);
        }
        int[] gaps = negationGaps(raw, facts, sentenceOf);
        List<Hit> out = new ArrayList<>(facts.size());
        int[] clauses = Sentences.clauseStarts(norm.text());
        for (int k = 0; k < facts.size(); k++) {
            int i = facts.get(k);
            RawHit h = raw.get(i);
            int si = sentenceOf[i];
            Span span = norm.toOriginal(h.start(), h.end());
            out.add(new Hit(h.list(), h.term(), h.start(), h.end(), si, Sentences.clauseOf(clauses, h.start()),
                    sentences.get(si).isFrame(), h.via() != null, span.start(), span.end(), gaps[k]));
        }
        return new Hits(out, counts);
    }

    /** The list whose hits {@link Hit#getNegationGap()} measures from. */
    static final String NEGATION = "negation";

    /**
     * {@link Hit#getNegationGap()} of each fact: its start minus the largest end of the negation facts that start
     * before it in its sentence, over exactly the hits that become facts (what a {@code not Hit(list == "negation",
     * ...)} guard would see).
     */
    static int[] negationGaps(List<RawHit> raw, List<Integer> facts, int[] sentenceOf) {
        int[] gaps = new int[facts.size()];
        java.util.Arrays.fill(gaps, Integer.MAX_VALUE);
        // the negation facts of each sentence, by start
        Map<Integer, List<RawHit>> negations = new HashMap<>();
        for (int i : facts) {
            if (NEGATION.equals(raw.get(i).list())) {
                negations.computeIfAbsent(sentenceOf[i], s -> new ArrayList<>()).add(raw.get(i));
            }
        }
        if (negations.isEmpty()) {
            return gaps;
        }
        Map<Integer, int[][]> bySentence = new HashMap<>(); // sentence -> {starts ascending, running max of ends}
        negations.forEach((s, list) -> {
            list.sort(java.util.Comparator.comparingInt(RawHit::start));
            int[] starts = new int[list.size()];
            int[] maxEnd = new int[list.size()];
            int max = Integer.MIN_VALUE;
            for (int j = 0; j < list.size(); j++) {
                starts[j] = list.get(j).start();
                max = Math.max(max, list.get(j).end());
                maxEnd[j] = max;
            }
            bySentence.put(s, new int[][]{starts, maxEnd});
        });
        for (int k = 0; k < facts.size(); k++) {
            int i = facts.get(k);
            int[][] n = bySentence.get(sentenceOf[i]);
            if (n == null) {
                continue;
            }
            int start = raw.get(i).start();
            // the negations that start strictly before this hit: a prefix of starts
            int lo = 0;
            int hi = n[0].length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (n[0][mid] < start) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if (lo > 0) {
                gaps[k] = start - n[1][lo - 1];
            }
        }
        return gaps;
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
