package io.bianwei.internal.claims;

import io.bianwei.Span;
import io.bianwei.facts.KnownClaim;
import io.bianwei.facts.Sentence;
import io.bianwei.internal.claims.ClaimBase.Entry;
import io.bianwei.internal.claims.ClaimBase.KeyGroup;
import io.bianwei.internal.claims.ClaimBase.Role;
import io.bianwei.internal.match.TermMatcher;
import io.bianwei.internal.match.TermMatcher.RawHit;
import io.bianwei.internal.match.VariantTables;
import io.bianwei.internal.match.Boundary;
import io.bianwei.internal.match.TermList;
import io.bianwei.internal.text.NormalizedText;
import io.bianwei.internal.text.Normalizer;
import io.bianwei.internal.text.Sentences;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the sentences that re-post a claim of a {@link ClaimBase}, in two steps:
 * <ol>
 *   <li><b>retrieval</b>: one Aho-Corasick pass (the pack's {@link TermMatcher}, so the normaliser's folding and the
 *       evasion views — look-alikes, split characters, inserted letters, pinyin — reach the key terms too) over every
 *       key term of every claim; a claim is a candidate when each of its thing and effect groups was hit somewhere in
 *       the text. A claim whose required groups are not all in the text cannot be confirmed, so this step loses no
 *       match; measured against BM25 and MinHash retrieval it is also the cheapest (see the claims README section);</li>
 *   <li><b>confirmation</b>: for a sentence, every thing and effect group must have a term in it or in the next sentence
 *       (one occurrence serves one group only; a compound may hold another group's term: 假大米 holds 大米), at least one of them in the sentence itself, all within
 *       {@link #MAX_SPREAD} characters; relation groups are support, found or not.</li>
 * </ol>
 * Each match carries a similarity a moderator can read ({@link KnownClaim#getSimilarity()}): every key group counts 1
 * (a relation group 0.5) and the claim's own wording 1 more, measured as the share of the claim sentence's character
 * bigrams found in the sentence and the next; the similarity is the share of that weight present. A claim is reported
 * once per stretch of text: after a match in sentence {@code i} the same claim is next looked for from {@code i + 2}.
 * Immutable and thread-safe.
 */
public final class ClaimMatcher {
    /** The most characters (normalised) between the first and the last key term of one match. */
    public static final int MAX_SPREAD = 160;
    /** Weight of a relation group (thing and effect groups weigh 1, the claim's wording 1). */
    static final double RELATION_WEIGHT = 0.5;

    /** A matched key term: its group (index into the claim's keys), normalised range and original span. */
    public record Term(Role role, int group, String term, int start, int end, Span span, boolean variant) {
    }

    /**
     * One sentence re-posting one claim.
     *
     * @param sentence     the sentence the match starts in
     * @param similarity   see the class comment, 0–1
     * @param keyShare     the share of the claim's key-group weight present
     * @param wordingShare the share of the claim sentence's character bigrams present
     * @param terms        the matched key terms, in text order
     * @param start        normalised offset of the first matched term; {@code end} just past the last
     * @param span         the original text from the first to the last matched term
     * @param sentenceSpan the original text of the sentence (and of the next one when terms were found there)
     */
    public record Match(Entry claim, int sentence, double similarity, double keyShare, double wordingShare,
                        List<Term> terms, int start, int end, Span span, int sentenceStart, int sentenceEnd,
                        Span sentenceSpan, int clause, int lastClause, boolean frame) {
        public Match {
            terms = List.copyOf(terms);
        }

        /** The fact rules match on. */
        public KnownClaim fact() {
            Term effect = terms.stream().filter(t -> t.role() == Role.EFFECT).findFirst().orElseThrow();
            return new KnownClaim(claim.id(), claim.category(), claim.family(), similarity, sentence, clause,
                    lastClause, start, end, span.start(), span.end(), frame,
                    terms.stream().map(Term::span).toList(), effect.start(), effect.end());
        }
    }

    /** A group of one claim: claim index and group index, and the name of its list ({@code claim/group}). */
    private record Ref(int claim, int group, String name) {
    }

    private final ClaimBase base;
    /** One list of every key term of every claim: a term shared by many groups is found once, not once per group. */
    private final TermMatcher terms;
    /** The groups each normalised key term belongs to, in (claim, group) order. */
    private final Map<String, Ref[]> groupsOfTerm;
    /** The groups with a key term of each phonetic code (what a pinyin or homophone hit stands for), likewise. */
    private final Map<String, Ref[]> groupsOfCode;
    /** The phonetic code of each key term that has one (a pinyin hit's term is the key term its code came from). */
    private final Map<String, String> codeOfTerm;
    private final Map<String, Ref> lists;
    private final int[][] required; // per claim, its required group indexes
    private final double[] totalWeight; // per claim, the weight of its groups and wording
    private final int[][] bigrams; // per claim, its sorted distinct bigram keys

    public ClaimMatcher(ClaimBase base, Normalizer normalizer, VariantTables tables) {
        this(base, normalizer, tables, true, true);
    }

    /**
     * @param variants also match key terms through the evasion tables and inserted letters (偷a拍, 扌罙)
     * @param pinyin   also match key terms by toneless pinyin (tou拍)
     */
    public ClaimMatcher(ClaimBase base, Normalizer normalizer, VariantTables tables, boolean variants,
                        boolean pinyin) {
        this.base = base;
        List<Entry> entries = base.entries();
        List<String> allTerms = new ArrayList<>();
        Map<String, java.util.LinkedHashSet<Ref>> byTerm = new HashMap<>();
        Map<String, java.util.LinkedHashSet<Ref>> byCode = new HashMap<>();
        Map<String, Ref> refs = new HashMap<>();
        Map<String, String> codes = new HashMap<>();
        required = new int[entries.size()][];
        totalWeight = new double[entries.size()];
        bigrams = new int[entries.size()][];
        for (int c = 0; c < entries.size(); c++) {
            Entry e = entries.get(c);
            List<Integer> req = new ArrayList<>();
            double w = 1; // the wording
            for (int g = 0; g < e.keys().size(); g++) {
                KeyGroup k = e.keys().get(g);
                String name = c + "/" + g;
                Ref ref = new Ref(c, g, name);
                refs.put(name, ref);
                allTerms.addAll(k.terms());
                for (String raw : k.terms()) {
                    String t = normalizer.normalizeTerm(raw);
                    if (t.isEmpty()) {
                        continue;
                    }
                    byTerm.computeIfAbsent(t, x -> new java.util.LinkedHashSet<>()).add(ref);
                    String code = pinyin ? TermMatcher.phoneticCode(t) : null;
                    if (code != null && code.length() >= 2) {
                        byCode.computeIfAbsent(code, x -> new java.util.LinkedHashSet<>()).add(ref);
                        codes.put(t, code);
                    }
                }
                if (k.role().required()) {
                    req.add(g);
                    w += 1;
                } else {
                    w += RELATION_WEIGHT;
                }
            }
            required[c] = req.stream().mapToInt(Integer::intValue).toArray();
            totalWeight[c] = w;
            bigrams[c] = bigramKeys(normalizer.normalizeTerm(e.claim()), 0, -1);
        }
        this.lists = Map.copyOf(refs);
        this.groupsOfTerm = arrays(byTerm);
        this.groupsOfCode = arrays(byCode);
        this.codeOfTerm = Map.copyOf(codes);
        // loose: a key term counts inside a longer word (no segmentation here); evasion views on; homophones only for
        // terms of three or more syllables (the matcher's default). Every group's options are these, so one list
        // finds what one list per group found: the same hits, fanned out to the groups in match().
        this.terms = new TermMatcher(List.of(new TermList(ALL, allTerms, Boundary.LOOSE, "claims", pinyin, variants,
                Map.of(), null, Map.of())), normalizer, tables);
    }

    private static final Ref[] NO_GROUPS = new Ref[0];

    /** The name of the matcher's one list. */
    private static final String ALL = "claims";

    private static Map<String, Ref[]> arrays(Map<String, java.util.LinkedHashSet<Ref>> m) {
        Map<String, Ref[]> out = new HashMap<>(m.size() * 2);
        m.forEach((k, v) -> out.put(k, v.toArray(Ref[]::new)));
        return out;
    }

    /** The groups a hit of the one list stands for, in (claim, group) order. */
    private Ref[] groups(RawHit h) {
        Ref[] r;
        if ("pinyin".equals(h.via()) || "homophone".equals(h.via())) {
            String code = codeOfTerm.get(h.term());
            r = groupsOfCode.get(code != null ? code : TermMatcher.phoneticCode(h.term()));
        } else {
            r = groupsOfTerm.get(h.term());
        }
        return r == null ? NO_GROUPS : r;
    }

    /** The claims this matcher knows. */
    public ClaimBase base() {
        return base;
    }

    /** Every key term, normalised (for a segmenter's dictionary or a report). */
    public List<String> keyTerms() {
        return terms.terms();
    }

    /** The facts of {@link #match} for a rule session. */
    public List<KnownClaim> facts(NormalizedText norm, List<Sentence> sentences) {
        List<Match> m = match(norm, sentences);
        if (m.isEmpty()) {
            return List.of();
        }
        List<KnownClaim> out = new ArrayList<>(m.size());
        for (Match x : m) {
            out.add(x.fact());
        }
        return out;
    }

    /** An occurrence of a key term of one claim. */
    private record Occ(int group, RawHit hit, int sentence) {
    }

    /**
     * For each sentence, the claims it re-posts, in sentence order then by similarity.
     *
     * @param sentences the sentences of {@code norm} (as {@link Sentences#split} makes them)
     */
    public List<Match> match(NormalizedText norm, List<Sentence> sentences) {
        if (base.isEmpty() || sentences.isEmpty()) {
            return List.of();
        }
        List<RawHit> raw = terms.sortedHits(norm.text());
        if (raw.isEmpty()) {
            return List.of();
        }
        // retrieval: the claims whose required groups all occur somewhere in the text (a hit inside a longer one of
        // its group, which the group's own list would drop, shows a group that the longer one shows too)
        Map<Integer, List<Occ>> byClaim = new HashMap<>();
        Map<Integer, Integer> groupsSeen = new HashMap<>(); // claim -> bit set of groups hit
        for (RawHit h : raw) {
            for (Ref r : groups(h)) {
                groupsSeen.merge(r.claim(), 1 << r.group(), (a, b) -> a | b);
            }
        }
        List<Integer> candidates = new ArrayList<>();
        for (var e : groupsSeen.entrySet()) {
            int c = e.getKey();
            boolean all = true;
            for (int g : required[c]) {
                all &= (e.getValue() & (1 << g)) != 0;
            }
            if (all) {
                candidates.add(c);
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        Set<Integer> wanted = new HashSet<>(candidates);
        // the candidates' groups' own hits: fanned out in order, then, per group, only those not inside a longer one
        List<RawHit> fanned = new ArrayList<>();
        for (RawHit h : raw) {
            for (Ref r : groups(h)) {
                if (wanted.contains(r.claim())) {
                    fanned.add(new RawHit(r.name(), h.term(), h.start(), h.end(), h.strict(), h.via()));
                }
            }
        }
        for (RawHit h : fanned.size() < 2 ? fanned : TermMatcher.keepLongest(fanned)) {
            Ref r = lists.get(h.list());
            byClaim.computeIfAbsent(r.claim(), k -> new ArrayList<>())
                    .add(new Occ(r.group(), h, Sentences.indexOf(sentences, h.start())));
        }
        // confirmation
        List<Match> out = new ArrayList<>();
        int[] clauses = null;
        java.util.Collections.sort(candidates);
        for (int c : candidates) {
            List<Occ> occ = byClaim.get(c);
            int next = 0; // the first sentence this claim may start a match in
            int first = occ.get(0).sentence();
            int last = occ.get(occ.size() - 1).sentence();
            for (int s = Math.max(first - 1, 0); s <= last; s++) {
                if (s < next) {
                    continue;
                }
                Occ[] chosen = confirm(c, occ, s);
                if (chosen == null) {
                    continue;
                }
                if (clauses == null) {
                    clauses = Sentences.clauseStarts(norm.text());
                }
                out.add(build(c, chosen, occ, s, norm, sentences, clauses));
                next = s + 2;
            }
        }
        out.sort((a, b) -> a.sentence() != b.sentence() ? Integer.compare(a.sentence(), b.sentence())
                : Double.compare(b.similarity(), a.similarity()));
        return out;
    }

    /** One occurrence per required group in sentences s..s+1, at least one in s, none overlapping; or null. */
    private Occ[] confirm(int c, List<Occ> occ, int s) {
        int[] req = required[c];
        List<List<Occ>> options = new ArrayList<>(req.length);
        boolean anyInS = false;
        for (int g : req) {
            List<Occ> o = new ArrayList<>(2);
            for (Occ x : occ) {
                if (x.group() == g && (x.sentence() == s || x.sentence() == s + 1)) {
                    o.add(x);
                    anyInS |= x.sentence() == s;
                }
            }
            if (o.isEmpty()) {
                return null;
            }
            options.add(o);
        }
        if (!anyInS) {
            return null;
        }
        Occ[] pick = new Occ[req.length];
        return assign(options, 0, pick, s) ? pick : null;
    }

    /** Depth-first choice of non-overlapping occurrences, within the spread, with one in sentence {@code s}. */
    private static boolean assign(List<List<Occ>> options, int i, Occ[] pick, int s) {
        if (i == options.size()) {
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            boolean inS = false;
            for (Occ o : pick) {
                lo = Math.min(lo, o.hit().start());
                hi = Math.max(hi, o.hit().end());
                inS |= o.sentence() == s;
            }
            return inS && hi - lo <= MAX_SPREAD;
        }
        for (Occ o : options.get(i)) {
            boolean free = true;
            for (int k = 0; k < i && free; k++) {
                free = distinct(pick[k], o);
            }
            if (free) {
                pick[i] = o;
                if (assign(options, i + 1, pick, s)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Match build(int c, Occ[] chosen, List<Occ> occ, int s, NormalizedText norm, List<Sentence> sentences,
                        int[] clauses) {
        Entry e = base.entries().get(c);
        List<Occ> used = new ArrayList<>(Arrays.asList(chosen));
        double weight = chosen.length;
        // relation groups: support, found or not
        for (int g = 0; g < e.keys().size(); g++) {
            if (e.keys().get(g).role().required()) {
                continue;
            }
            for (Occ x : occ) {
                if (x.group() == g && (x.sentence() == s || x.sentence() == s + 1) && free(used, x)) {
                    used.add(x);
                    weight += RELATION_WEIGHT;
                    break;
                }
            }
        }
        used.sort((a, b) -> Integer.compare(a.hit().start(), b.hit().start()));
        boolean both = used.stream().anyMatch(o -> o.sentence() == s + 1);
        Sentence first = sentences.get(s);
        Sentence lastSentence = both ? sentences.get(s + 1) : first;
        int[] window = bigramKeys(norm.text(), first.getStart(), lastSentence.getEnd());
        int[] claimBigrams = bigrams[c];
        int present = 0;
        for (int b : claimBigrams) {
            if (Arrays.binarySearch(window, b) >= 0) {
                present++;
            }
        }
        double wording = claimBigrams.length == 0 ? 0 : (double) present / claimBigrams.length;
        double keyShare = weight / (totalWeight[c] - 1);
        double similarity = Math.round((weight + wording) / totalWeight[c] * 100) / 100.0;
        List<Term> ts = new ArrayList<>(used.size());
        for (Occ o : used) {
            RawHit h = o.hit();
            ts.add(new Term(e.keys().get(o.group()).role(), o.group(), h.term(), h.start(), h.end(),
                    norm.toOriginal(h.start(), h.end()), h.via() != null));
        }
        int start = used.get(0).hit().start();
        int end = used.stream().mapToInt(o -> o.hit().end()).max().orElseThrow();
        Span sentenceSpan = Span.of(norm.original(), first.getOriginalStart(), lastSentence.getOriginalEnd());
        return new Match(e, s, similarity, Math.round(keyShare * 100) / 100.0, Math.round(wording * 100) / 100.0, ts,
                start, end, norm.toOriginal(start, end), first.getStart(), lastSentence.getEnd(), sentenceSpan,
                Sentences.clauseOf(clauses, start), Sentences.clauseOf(clauses, end - 1), first.isFrame());
    }

    private static boolean free(List<Occ> used, Occ x) {
        for (Occ u : used) {
            if (!distinct(u, x)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether two occurrences may serve two groups: apart, or one inside the other (假大米 holds 大米, 防新冠 holds 新冠:
     * a compound names both), but not the same stretch of text nor crossing ones.
     */
    private static boolean distinct(Occ a, Occ b) {
        int as = a.hit().start();
        int ae = a.hit().end();
        int bs = b.hit().start();
        int be = b.hit().end();
        if (ae <= bs || be <= as) {
            return true;
        }
        boolean same = as == bs && ae == be;
        boolean nested = (as <= bs && be <= ae) || (bs <= as && ae <= be);
        return nested && !same;
    }

    /**
     * The sorted distinct bigrams of {@code text[from, to)} ({@code to < 0}: to the end) over letters and digits only
     * (punctuation, spaces and symbols are skipped, so 榴莲，可乐 holds 莲可), as int keys.
     */
    static int[] bigramKeys(String text, int from, int to) {
        int end = to < 0 ? text.length() : to;
        int[] out = new int[Math.max(0, end - from)];
        int n = 0;
        char prev = 0;
        for (int i = from; i < end; i++) {
            char ch = text.charAt(i);
            if (!Character.isLetterOrDigit(ch)) {
                continue;
            }
            if (prev != 0) {
                out[n++] = (prev << 16) | ch;
            }
            prev = ch;
        }
        int[] keys = Arrays.copyOf(out, n);
        Arrays.sort(keys);
        int d = 0;
        for (int i = 0; i < keys.length; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                keys[d++] = keys[i];
            }
        }
        return Arrays.copyOf(keys, d);
    }
}
