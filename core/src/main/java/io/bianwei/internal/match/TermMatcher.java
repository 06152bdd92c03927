package io.bianwei.internal.match;

import io.bianwei.internal.pack.TermLists.Boundary;
import io.bianwei.internal.pack.TermLists.TermList;
import io.bianwei.internal.segment.HanLp;
import io.bianwei.internal.text.Normalizer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds every term of every list in normalised text with one Aho-Corasick pass. Terms are normalised the same way
 * texts are, so a list may be written in traditional or full-width characters. Immutable, thread-safe.
 */
public final class TermMatcher {
    /** A raw hit, normalised offsets; {@code strict} when it must sit on word boundaries to count. */
    public record RawHit(String list, String term, int start, int end, boolean strict) {
    }

    private record Entry(String term, String[] lists, boolean[] strict) {
    }

    private final HanLp.TermTrie<Entry> trie;
    private final List<String> allTerms;

    public TermMatcher(Collection<TermList> lists, Normalizer normalizer) {
        Map<String, Map<String, Boolean>> byTerm = new TreeMap<>();
        for (TermList l : lists) {
            for (String raw : l.terms()) {
                String t = normalizer.normalizeTerm(raw);
                if (t.isEmpty()) {
                    continue;
                }
                boolean strict = l.boundary() == Boundary.STRICT
                        || (l.boundary() == Boundary.AUTO && t.codePointCount(0, t.length()) <= 2);
                byTerm.computeIfAbsent(t, k -> new LinkedHashMap<>()).put(l.name(), strict);
            }
        }
        TreeMap<String, Entry> dict = new TreeMap<>();
        byTerm.forEach((t, m) -> {
            String[] names = m.keySet().toArray(String[]::new);
            boolean[] strict = new boolean[names.length];
            for (int i = 0; i < names.length; i++) {
                strict[i] = m.get(names[i]);
            }
            dict.put(t, new Entry(t, names, strict));
        });
        this.trie = HanLp.trie(dict);
        this.allTerms = List.copyOf(dict.keySet());
    }

    /** Every normalised term, for the segmenter's dictionary. */
    public List<String> terms() {
        return allTerms;
    }

    /**
     * All hits, sorted by start then longest first. Within one list, a hit contained in a longer hit of the same
     * list is dropped (量子 inside 量子波动 counts once).
     */
    public List<RawHit> match(String text) {
        List<RawHit> hits = new ArrayList<>();
        trie.scan(text, (b, e, v) -> {
            for (int i = 0; i < v.lists.length; i++) {
                hits.add(new RawHit(v.lists[i], v.term, b, e, v.strict[i]));
            }
        });
        if (hits.size() < 2) {
            return hits;
        }
        hits.sort((a, b) -> a.start != b.start ? Integer.compare(a.start, b.start) : Integer.compare(b.end, a.end));
        List<RawHit> out = new ArrayList<>(hits.size());
        Map<String, Integer> reach = new LinkedHashMap<>(); // list → furthest end seen so far
        for (RawHit h : hits) {
            Integer r = reach.get(h.list);
            if (r != null && h.end <= r) {
                continue;
            }
            reach.put(h.list, h.end);
            out.add(h);
        }
        return out;
    }
}
