package io.bianwei;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.internal.claims.ClaimBase;
import io.bianwei.internal.claims.ClaimMatcher;
import io.bianwei.internal.claims.Fingerprints;
import io.bianwei.internal.lexicon.Simplifier;
import io.bianwei.internal.pack.RulePack;
import io.bianwei.internal.text.NormalizedText;
import io.bianwei.internal.text.Normalizer;
import io.bianwei.internal.text.Sentences;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tools for a pack's knowledge base of debunked claims ({@code claims/*.jsonl}) and for fingerprints of removed
 * posts: what {@code bianwei claims check|add} and {@code bianwei fingerprints add|forget} run. Screening itself needs
 * none of this: a screener built from a pack with claims matches them on its own.
 */
public final class KnownClaims {
    /** The rules that turn a known claim into a finding (the default pack's). */
    public static final List<String> RULES = List.of("PS_KNOWN_CLAIM", "PS_KNOWN_CLAIM_ASKED", "PA_KNOWN_CLAIM");

    private KnownClaims() {
    }

    /**
     * Something {@link #check} found about an entry.
     *
     * @param error   true: the entry does not do its job (an example re-post it misses, an example debunk it flags);
     *                false: an editor should look (a near-duplicate, a generic key, a weak source)
     */
    public record Issue(String file, int line, String claimId, boolean error, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + (error ? "error" : "warning") + ": "
                    + (claimId == null ? "" : claimId + ": ") + message;
        }
    }

    /** Entries in the screener's claims base. */
    public static int size(Screener screener) {
        return screener.rulePack().claims().size();
    }

    /**
     * Checks the claims base of the screener's pack beyond what loading checks (bad JSON, missing fields, unknown
     * categories, key groups out of bounds and duplicate ids fail the build already): every example re-post must match
     * its own entry (an error otherwise) and should be flagged; no example debunk may score higher because of the
     * known-claim rules (an error); near-duplicate entries (each one's re-posts match the other, or nearly the same
     * claim sentence), one-character key terms (they match inside any word) and the loader's warnings (sources
     * without url or date) are warnings. Builds a second screener without the known-claim rules to compare debunks.
     */
    public static List<Issue> check(Screener screener) {
        RulePack pack = screener.rulePack();
        ClaimBase base = pack.claims();
        List<Issue> out = new ArrayList<>();
        for (PackWarning w : pack.warnings()) {
            if (w.kind() == PackWarning.Kind.CLAIMS) {
                out.add(new Issue(w.file(), w.line(), w.ruleId(), false, w.message()));
            }
        }
        if (base.isEmpty()) {
            return out;
        }
        ClaimMatcher matcher = pack.claimMatcher();
        Normalizer nz = pack.normalizer();
        List<String> known = RULES.stream().filter(id -> screener.rules().stream().anyMatch(r -> r.id().equals(id)))
                .toList();
        Screener without = Screener.build(screener.settings().withDisabled(
                concat(screener.settings().disable(), known)));
        Map<String, Set<String>> matchedBy = new LinkedHashMap<>(); // claim -> claims its re-posts match
        for (ClaimBase.Entry e : base.entries()) {
            Set<String> others = new LinkedHashSet<>();
            for (String r : e.reposts()) {
                List<ClaimMatcher.Match> m = match(matcher, nz, r);
                m.forEach(x -> others.add(x.claim().id()));
                if (m.stream().noneMatch(x -> x.claim().id().equals(e.id()))) {
                    out.add(new Issue(e.file(), e.line(), e.id(), true, "example re-post does not match its own"
                            + " entry (add the wording it uses to the keys): " + r));
                } else if (screener.screen(r).verdict() == Verdict.PASS) {
                    out.add(new Issue(e.file(), e.line(), e.id(), false, "example re-post matches but is not flagged"
                            + " (asked as a question, or cancelled by context): " + r));
                }
            }
            others.remove(e.id());
            matchedBy.put(e.id(), others);
            for (String d : e.debunks()) {
                ScreeningResult a = screener.screen(d);
                ScreeningResult b = without.screen(d);
                if (a.score() > b.score()) {
                    out.add(new Issue(e.file(), e.line(), e.id(), true, "example debunk scores " + a.score()
                            + " with the known-claim rules and " + b.score() + " without: no context cancels it: "
                            + d));
                }
            }
            for (int g = 0; g < e.keys().size(); g++) {
                ClaimBase.KeyGroup k = e.keys().get(g);
                for (String t : k.terms()) {
                    if (k.role().required() && t.codePointCount(0, t.length()) == 1) {
                        out.add(new Issue(e.file(), e.line(), e.id(), false, "keys[" + (g + 1) + "]: '" + t
                                + "' is one character and matches inside any word"));
                    }
                }
            }
        }
        // near-duplicates: each one's re-posts match the other, or nearly the same claim sentence
        List<ClaimBase.Entry> all = base.entries();
        for (int i = 0; i < all.size(); i++) {
            ClaimBase.Entry a = all.get(i);
            for (int j = i + 1; j < all.size(); j++) {
                ClaimBase.Entry b = all.get(j);
                boolean mutual = matchedBy.get(a.id()).contains(b.id()) && matchedBy.get(b.id()).contains(a.id());
                double same = jaccard(nz.normalizeTerm(a.claim()), nz.normalizeTerm(b.claim()));
                if (mutual || same >= 0.6) {
                    out.add(new Issue(b.file(), b.line(), b.id(), false, "near-duplicate of " + a.id() + " ("
                            + a.where() + ": " + (mutual ? "each one's re-posts match the other" : "claims "
                            + Math.round(same * 100) + " % alike") + "); one entry with more keys?"));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Issue::file).thenComparingInt(Issue::line));
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        b.stream().filter(x -> !out.contains(x)).forEach(out::add);
        return out;
    }

    private static List<ClaimMatcher.Match> match(ClaimMatcher matcher, Normalizer nz, String text) {
        NormalizedText norm = nz.normalize(text);
        return matcher.match(norm, Sentences.split(norm));
    }

    /** Jaccard similarity of two strings' character bigrams (letters and digits). */
    private static double jaccard(String a, String b) {
        Set<String> x = bigrams(a);
        Set<String> y = bigrams(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        Set<String> both = new LinkedHashSet<>(x);
        both.retainAll(y);
        return (double) both.size() / (x.size() + y.size() - both.size());
    }

    private static Set<String> bigrams(String s) {
        StringBuilder kept = new StringBuilder();
        s.codePoints().filter(Character::isLetterOrDigit).forEach(kept::appendCodePoint);
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i + 2 <= kept.length(); i++) {
            out.add(kept.substring(i, i + 2));
        }
        return out;
    }

    /** Term lists whose hits propose a relation group, and those proposing an effect group; context lists are left out. */
    private static final Set<String> RELATION_LISTS = Set.of("cause_verb", "cure_verb", "transmission",
            "data_trade_verb", "crack_action", "stop_verb");
    private static final Set<String> EFFECT_LISTS = Set.of("disease", "harm", "harm_claim", "outcome", "epidemic",
            "fake_food", "health_myth", "known_rumour", "covert");
    private static final Set<String> IGNORED_LISTS = Set.of("debunk", "correction", "report_frame", "warning",
            "scam_warning", "hedge", "official", "enforcement", "byline", "negation", "question_frame", "claim_label",
            "viral_bait", "fear_alarm", "sales_hook", "channel_hook", "conspiracy", "authority", "absolute_promise",
            "hearsay", "testimonial", "passive", "contains_word", "medical", "medical_advice", "protective", "victim",
            "offer", "tutorial", "modal");
    private static final Set<String> PRIVACY_LISTS = Set.of("camera", "camera_crack", "feed", "spycam_device",
            "personal_data", "data_trade_object", "data_trade_term", "data_trade_verb", "tracking", "phone_control",
            "voyeur", "voyeur_footage", "voyeur_goods", "voyeur_place", "face_swap", "undress", "private_video");

    /**
     * Drafts a knowledge-base entry from a text (a re-post a moderator saw): the term-list hits of the screener's pack
     * propose key groups (things, relations, effects, each with HanLP's Tongyici Cilin synonyms of the term), the rules
     * that fire propose the category and family, and the text becomes the first example re-post. The id, claim,
     * sources, correction and a debunk are left for the editor ({@code TODO}). One JSON line.
     */
    public static String draft(Screener screener, String text) {
        Explanation x = screener.explain(text);
        ScreeningResult r = x.result();
        Map<String, List<String>> byList = new LinkedHashMap<>();
        boolean privacy = false;
        for (Explanation.TermHit h : x.hits()) {
            if (!h.kept() || IGNORED_LISTS.contains(h.list())) {
                continue;
            }
            privacy |= PRIVACY_LISTS.contains(h.list());
            List<String> terms = byList.computeIfAbsent(h.list(), k -> new ArrayList<>());
            if (!terms.contains(h.term())) {
                terms.add(h.term());
            }
        }
        String category = privacy ? Category.PRIVACY_ABUSE : Category.PSEUDO_SCIENCE;
        String family = r.findings().stream().filter(f -> f.weight() > 0 && f.category().equals(category))
                .map(f -> screener.rules().stream().filter(i -> i.id().equals(f.ruleId())).findFirst()
                        .map(RuleInfo::family).orElse(""))
                .filter(ClaimBase.FAMILIES.get(category)::contains).findFirst().orElse("TODO");
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        o.put("id", family + "/TODO-short-latin-slug");
        o.put("claim", "TODO: the false claim as one plain sentence");
        o.put("category", category);
        o.put("family", family);
        ArrayNode keys = o.putArray("keys");
        // each thing its own group (up to 3); relations and effects one group each; terms with their Cilin synonyms
        List<String> things = new ArrayList<>();
        Set<String> relations = new LinkedHashSet<>();
        Set<String> effects = new LinkedHashSet<>();
        for (var e : byList.entrySet()) {
            String list = e.getKey();
            if (RELATION_LISTS.contains(list)) {
                relations.addAll(e.getValue());
            } else if (EFFECT_LISTS.contains(list)) {
                effects.addAll(e.getValue());
            } else {
                e.getValue().stream().filter(t -> !things.contains(t)).forEach(things::add);
            }
        }
        for (String t : things.stream().limit(3).toList()) {
            group(keys, "thing", List.of(t));
        }
        if (things.isEmpty()) {
            group(keys, "thing", List.of("TODO"));
        }
        if (!relations.isEmpty()) {
            group(keys, "relation", relations);
        }
        group(keys, "effect", effects.isEmpty() ? List.of("TODO") : effects);
        ArrayNode sources = o.putArray("sources");
        ObjectNode s = sources.addObject();
        s.put("publisher", "TODO");
        s.put("title", "TODO: the debunk's title as published");
        s.putNull("url");
        s.put("date", "TODO: YYYY-MM-DD");
        o.put("correction", "TODO: what is actually true, in one or two sentences");
        ObjectNode ex = o.putObject("examples");
        ex.putArray("repost").add(text.strip());
        ex.putArray("debunk");
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds a key group: the terms, then their Tongyici Cilin synonyms of two characters or more, 12 at most. */
    private static void group(ArrayNode keys, String role, java.util.Collection<String> terms) {
        ObjectNode g = keys.addObject();
        g.put("role", role);
        Set<String> all = new LinkedHashSet<>(terms);
        for (String t : terms) {
            if (t.codePointCount(0, t.length()) >= 2) {
                io.bianwei.internal.lexicon.Lexicon.synonyms(t).stream()
                        .filter(x -> x.codePointCount(0, x.length()) >= 2).limit(6).forEach(all::add);
            }
        }
        ArrayNode any = g.putArray("any");
        all.stream().limit(12).forEach(any::add);
    }

    /**
     * A folder's store of fingerprints of removed posts ({@code DIR/fingerprints/removed.txt}): a post that comes
     * back with emoji, punctuation and small edits is found by {@link #nearest}. Thread-safe; {@link #save} writes it.
     */
    public static final class FingerprintStore {
        /** The store's file inside its folder. */
        public static final String FILE = "fingerprints/removed.txt";
        /** Similarity (0–1, the share of equal MinHash slots) from which a post is the same post. */
        public static final double THRESHOLD = Fingerprints.THRESHOLD;

        private final Path file;
        private final Fingerprints fingerprints;

        private FingerprintStore(Path file, Fingerprints fingerprints) {
            this.file = file;
            this.fingerprints = fingerprints;
        }

        /**
         * Opens (or starts) the store of a folder.
         *
         * @throws RulePackException when the file has lines that are not fingerprints (file:line)
         */
        public static FingerprintStore open(Path dir) throws IOException {
            Path f = dir.resolve(FILE);
            List<RulePackException.Problem> problems = new ArrayList<>();
            Fingerprints fp = Fingerprints.read(new Normalizer(Simplifier::toSimplified), f, problems);
            if (!problems.isEmpty()) {
                throw new RulePackException(problems);
            }
            return new FingerprintStore(f, fp);
        }

        /** The closest removed post, at or above {@link #THRESHOLD}. */
        public record Near(String decisionId, String date, double similarity) {
        }

        /**
         * Adds the fingerprint of a removed post; false when the text is too short to fingerprint (fewer than 8
         * letters and digits).
         */
        public boolean add(String text, String decisionId, String date) {
            return fingerprints.add(text, decisionId, date);
        }

        /** Removes every fingerprint of a decision; how many. */
        public int forget(String decisionId) {
            return fingerprints.forget(decisionId);
        }

        public Optional<Near> nearest(String text) {
            return fingerprints.nearest(text).map(n -> new Near(n.id(), n.date(), n.similarity()));
        }

        public int size() {
            return fingerprints.size();
        }

        /** The store's file. */
        public Path file() {
            return file;
        }

        /** Writes the store to its file (atomically replaced). */
        public void save() throws IOException {
            fingerprints.write(file);
        }
    }
}
