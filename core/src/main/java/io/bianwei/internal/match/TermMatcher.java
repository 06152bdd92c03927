package io.bianwei.internal.match;

import io.bianwei.internal.match.Boundary;
import io.bianwei.internal.match.TermList;
import io.bianwei.internal.lexicon.Pinyin;
import io.bianwei.internal.text.Normalizer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds every term of every list in normalised text. Terms are normalised the way texts are, so a list may be
 * written in traditional or full-width characters. Three passes, each one Aho-Corasick scan:
 * <ol>
 *   <li>literal: the normalised text, for all terms and their explicit aliases (社工库 = sgk);</li>
 *   <li>variant view (lists with {@code #@ variants: on}): letters inserted between Han characters dropped (偷a拍),
 *       components joined into their character (扌罙 → 探), look-alikes mapped (薇 → 微);</li>
 *   <li>phonetic (lists with {@code #@ pinyin: on}): every Han character as its toneless syllable and Latin runs
 *       split into syllables, so tou拍, 破ji, she像头 and the homophone 摄象头 meet 偷拍, 破解, 摄像头.</li>
 * </ol>
 * Hits found only by passes 2–3 (or through an alias) carry {@code via} and count as variants. Immutable, thread-safe.
 */
public final class TermMatcher {
    /** A raw hit in normalised offsets; {@code strict}: must sit on word boundaries; {@code via}: null if literal. */
    public record RawHit(String list, String term, int start, int end, boolean strict, String via) {
    }

    private record Entry(String term, String[] lists, boolean[] strict, String via) {
    }

    private final Set<String> noHomophones = new HashSet<>();
    private final Set<String> shortHomophones = new HashSet<>();


    private final Trie<Entry> trie;
    private final Trie<Entry> phoneticTrie;
    /**
     * The phonetic entries that can yield a hit in text without Latin letters: there every candidate is written in Han
     * characters (and fillers; anything else breaks the phonetic view), and such a homophone counts only for terms of
     * three or more syllables or lists that allow short homophones, never for lists without homophones. Most
     * candidates of a Han-only text are two-syllable homophones that would be rejected one by one.
     */
    private final Trie<Entry> phoneticHanTrie;
    private final boolean anyPhonetic;
    private final Set<String> variantLists = new HashSet<>();
    private final VariantView variantView;
    private final List<String> allTerms;

    public TermMatcher(Collection<TermList> lists, Normalizer normalizer) {
        this(lists, normalizer, VariantTables.EMPTY);
    }

    public TermMatcher(Collection<TermList> lists, Normalizer normalizer, VariantTables tables) {
        this.variantView = new VariantView(tables);
        Map<String, Map<String, Boolean>> byTerm = new TreeMap<>();
        Map<String, String> aliasOf = new TreeMap<>(); // alias key -> canonical term
        Map<String, Map<String, Boolean>> byCode = new TreeMap<>();
        Map<String, String> codeTerm = new TreeMap<>();
        for (TermList l : lists) {
            if (l.variants()) {
                variantLists.add(l.name());
            }
            if (Boolean.FALSE.equals(l.homophones())) {
                noHomophones.add(l.name());
            } else if (Boolean.TRUE.equals(l.homophones())) {
                shortHomophones.add(l.name());
            }
            for (String raw : l.terms()) {
                String t = normalizer.normalizeTerm(raw);
                if (t.isEmpty()) {
                    continue;
                }
                boolean strict = l.boundary() == Boundary.STRICT
                        || (l.boundary() == Boundary.AUTO && t.codePointCount(0, t.length()) <= 2);
                byTerm.computeIfAbsent(t, k -> new LinkedHashMap<>()).put(l.name(), strict);
                for (String a : l.aliases().getOrDefault(raw, List.of())) {
                    String an = normalizer.normalizeTerm(a);
                    if (!an.isEmpty() && !an.equals(t)) {
                        // an abbreviation is matched only as a whole word
                        byTerm.computeIfAbsent(an, k -> new LinkedHashMap<>()).put(l.name(), true);
                        aliasOf.put(an + "\u0000" + l.name(), t);
                    }
                }
                if (l.pinyin()) {
                    String code = PhoneticView.code(t);
                    if (code != null && code.length() >= 2) {
                        byCode.computeIfAbsent(code, k -> new LinkedHashMap<>()).put(l.name(), strict);
                        codeTerm.putIfAbsent(code, t);
                    }
                }
            }
        }
        TreeMap<String, Entry> dict = new TreeMap<>();
        byTerm.forEach((t, m) -> {
            // one entry per (key, canonical term, via): aliases become their own entries
            List<String> literal = new ArrayList<>();
            for (String list : m.keySet()) {
                String canonical = aliasOf.get(t + "\u0000" + list);
                if (canonical == null) {
                    literal.add(list);
                }
            }
            if (!literal.isEmpty()) {
                dict.put(t, entry(t, literal, m, null));
            }
        });
        // aliases: keyed by the alias text; a key that is also a literal term keeps its literal entry
        aliasOf.forEach((key, canonical) -> {
            String alias = key.substring(0, key.indexOf('\u0000'));
            String list = key.substring(key.indexOf('\u0000') + 1);
            if (!dict.containsKey(alias)) {
                dict.put(alias, new Entry(canonical, new String[]{list}, new boolean[]{true}, "alias"));
            }
        });
        this.trie = Trie.of(dict);
        TreeMap<String, Entry> pdict = new TreeMap<>();
        byCode.forEach((code, m) -> pdict.put(code, entry(codeTerm.get(code), new ArrayList<>(m.keySet()), m,
                "pinyin")));
        this.phoneticTrie = Trie.of(pdict);
        this.anyPhonetic = !pdict.isEmpty();
        TreeMap<String, Entry> hanDict = new TreeMap<>();
        pdict.forEach((code, e) -> {
            for (String list : e.lists()) {
                if (homophoneAllowed(list, code.length())) {
                    hanDict.put(code, e);
                    break;
                }
            }
        });
        this.phoneticHanTrie = Trie.of(hanDict);
        List<String> terms = new ArrayList<>(byTerm.keySet());
        this.allTerms = List.copyOf(terms);
    }

    private static Entry entry(String term, List<String> lists, Map<String, Boolean> strictness, String via) {
        String[] names = lists.toArray(String[]::new);
        boolean[] strict = new boolean[names.length];
        for (int i = 0; i < names.length; i++) {
            strict[i] = strictness.get(names[i]);
        }
        return new Entry(term, names, strict, via);
    }

    /** Every normalised term, for the segmenter's dictionary. */
    public List<String> terms() {
        return allTerms;
    }

    /**
     * All hits, sorted by start then longest first. Within one list, a hit contained in a longer hit of the same
     * list is dropped (量子 inside 量子波动 counts once), and a variant hit where a literal one exists is dropped.
     */
    public List<RawHit> match(String text) {
        List<RawHit> hits = collect(text);
        if (hits.size() < 2) {
            return hits;
        }
        sort(hits);
        return keepLongest(hits);
    }

    /**
     * The hits {@link #match} starts from, sorted as it sorts them, before it drops a hit inside a longer hit of the
     * same list: for a caller that fans one list's hits out to lists of its own (the known claims' key groups) and
     * then applies {@link #keepLongest} to those.
     */
    public List<RawHit> sortedHits(String text) {
        List<RawHit> hits = collect(text);
        if (hits.size() >= 2) {
            sort(hits);
        }
        return hits;
    }

    /** The phonetic key of a normalised term (what pinyin and homophone hits of the term are found by), or null. */
    public static String phoneticCode(String normalizedTerm) {
        return PhoneticView.code(normalizedTerm);
    }

    /** Every literal, variant and phonetic hit of every list, in the order the passes find them. */
    private List<RawHit> collect(String text) {
        List<RawHit> hits = new ArrayList<>();
        trie.scan(text, (b, e, v) -> {
            for (int i = 0; i < v.lists.length; i++) {
                hits.add(new RawHit(v.lists[i], v.term, b, e, v.strict[i], v.via));
            }
        });
        if (!variantLists.isEmpty()) {
            View view = variantView.of(text);
            if (view != null) {
                trie.scan(view.text(), (b, e, v) -> {
                    for (int i = 0; i < v.lists.length; i++) {
                        if (variantLists.contains(v.lists[i])) {
                            // boundaries still apply: 警察 read as 警查 must not yield 查
                            hits.add(new RawHit(v.lists[i], v.term, view.map().start(b), view.map().end(e - 1), v.strict[i],
                                    v.via == null ? "variant" : v.via));
                        }
                    }
                });
            }
        }
        boolean latin = false;
        for (int k = 0; k < text.length() && !latin; k++) {
            latin = isLatin(text.charAt(k));
        }
        Trie<Entry> phonetic = latin ? phoneticTrie : phoneticHanTrie;
        if (anyPhonetic && !phonetic.isEmpty()) {
            View ph = PhoneticView.of(text);
            if (ph != null) {
                phonetic.scan(ph.text(), (b, e, v) -> {
                    int ns = ph.map().start(b);
                    int ne = ph.map().end(e - 1);
                    // (most phonetic hits are rejected here, so nothing below allocates)
                    if (ne - ns == v.term.length() && text.regionMatches(ns, v.term, 0, ne - ns)) {
                        return; // the literal pass has it
                    }
                    // written Han characters must be the term's own, but for homophones of long terms: tou拍 and
                    // 摄象头 meet 偷拍 and 摄像头, while si新 (in 杀si新冠) does not meet 私信
                    int substituted = 0;
                    for (int k = b; k < e; k++) {
                        int us = ph.map().start(k);
                        if (ph.map().end(k) - us == 1 && Normalizer.isHan(text.charAt(us))
                                && text.charAt(us) != v.term.charAt(k - b)) {
                            substituted++;
                        }
                    }
                    boolean allHan = true;
                    boolean noHan = true;
                    for (int k = ns; k < ne; k++) {
                        char c = text.charAt(k);
                        boolean han = Normalizer.isHan(c);
                        allHan &= han || Normalizer.isFiller(c);
                        noHan &= !han;
                    }
                    if (substituted > 0 && (!allHan || substituted > Math.max(1, (e - b) / 3))) {
                        return;
                    }
                    // a homophone needs a literal anchor: 偷排 meets 偷拍, but 头牌 (no character in common) does not
                    if (allHan && substituted >= e - b) {
                        return;
                    }
                    // all-Latin pinyin must be a whole Latin word (toupai, not the middle of an English word)
                    if (noHan && ((ns > 0 && isLatin(text.charAt(ns - 1))) || (ne < text.length()
                            && isLatin(text.charAt(ne))))) {
                        return;
                    }
                    for (int i = 0; i < v.lists.length; i++) {
                        boolean allowed = !allHan || homophoneAllowed(v.lists[i], e - b);
                        if (allowed) {
                            hits.add(new RawHit(v.lists[i], v.term, ns, ne, false, allHan ? "homophone" : "pinyin"));
                        }
                    }
                });
            }
        }
        return hits;
    }

    /** By start, then longest first, then literal before variant and phonetic; stable, so ties keep pass order. */
    private static void sort(List<RawHit> hits) {
        hits.sort((a, b) -> a.start != b.start ? Integer.compare(a.start, b.start)
                : a.end != b.end ? Integer.compare(b.end, a.end)
                : Boolean.compare(a.via != null, b.via != null));
    }

    /**
     * Of hits sorted as {@link #sortedHits} sorts them, those not inside an earlier, longer hit of the same list
     * (量子 inside 量子波动 counts once).
     */
    public static List<RawHit> keepLongest(List<RawHit> hits) {
        List<RawHit> out = new ArrayList<>(hits.size());
        Map<String, int[]> reach = new HashMap<>(); // list → furthest end seen so far
        for (RawHit h : hits) {
            int[] r = reach.get(h.list);
            if (r == null) {
                reach.put(h.list, new int[]{h.end});
            } else if (h.end <= r[0]) {
                continue;
            } else {
                r[0] = h.end;
            }
            out.add(h);
        }
        return out;
    }

    /** Whether a homophone written in Han characters, {@code syllables} long, counts for {@code list}. */
    private boolean homophoneAllowed(String list, int syllables) {
        return !noHomophones.contains(list) && (syllables >= 3 || shortHomophones.contains(list));
    }

    private static boolean isLatin(char c) {
        return c >= 'a' && c <= 'z';
    }
}
