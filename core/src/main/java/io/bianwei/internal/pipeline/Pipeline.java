package io.bianwei.internal.pipeline;

import io.bianwei.Explanation;
import io.bianwei.Finding;
import io.bianwei.RuleInfo;
import io.bianwei.Scoring;
import io.bianwei.ScreenerSettings;
import io.bianwei.ScreeningResult;
import io.bianwei.Span;
import io.bianwei.facts.Hit;
import io.bianwei.facts.Sentence;
import io.bianwei.internal.engine.DroolsEngine;
import io.bianwei.internal.engine.Findings;
import io.bianwei.internal.match.TermMatcher;
import io.bianwei.internal.match.TermMatcher.RawHit;
import io.bianwei.internal.segment.Segmenter;
import io.bianwei.internal.segment.Token;
import io.bianwei.internal.text.NormalizedText;
import io.bianwei.internal.text.Normalizer;
import io.bianwei.internal.text.Sentences;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The screening pipeline, stage by stage: normalise ({@link Normalizer}) → match ({@link TermMatcher}) → fast path
 * ({@link RuleNeeds}) → segment ({@link BoundaryFilter}) → facts ({@link FactBuilder}) → rules ({@link DroolsEngine})
 * → score ({@link Scoring}); long texts go through it in {@link Windows}. Produces one {@link Analysis}. Immutable and
 * thread-safe.
 */
public final class Pipeline {
    /** Term hits kept per window; more is a pathological text, screened on its first hits only. */
    static final int MAX_HITS = 5_000;
    private static final String TIME_NOTE = "rule time budget of %d ms exhausted; result may be incomplete";

    /** What one document may still spend on rules: its budgets hold for the whole text, not per window. */
    private static final class Budget {
        long deadline;
        final int maxFirings;
        int fired;
        boolean outOfTime;
        boolean outOfFirings;

        Budget(ScreenerSettings s) {
            this.deadline = System.nanoTime() + s.maxRuleTime().toNanos();
            this.maxFirings = s.maxRuleFirings();
        }

        long millisLeft() {
            return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        }

        int firingsLeft() {
            return Math.max(1, maxFirings - fired);
        }
    }

    private final Normalizer normalizer;
    private final TermMatcher matcher;
    private final BoundaryFilter boundaries;
    private final RuleNeeds needs;
    private final DroolsEngine engine;
    private final Map<String, RuleInfo> rules;
    private final Predicate<String> enabled;
    private final Scoring scoring;
    private final ScreenerSettings settings;
    private final String version;
    private final Map<String, io.bianwei.LearnedModel> models;
    private final java.util.Set<String> learnedRules;
    private final double learnedGate;

    /**
     * @param requirements per enabled evidence rule, the term-list groups it needs (null: may fire on any text)
     * @param shapes       the rules as the DRL parser read them: whether their needs meet in one sentence, need
     *                     distinct lists, or need a number of hits of a list
     */
    public Pipeline(Normalizer normalizer, TermMatcher matcher, DroolsEngine engine, Map<String, RuleInfo> rules,
                    Map<String, List<java.util.Set<String>>> requirements,
                    Map<String, io.bianwei.internal.pack.DrlModel.Rule> shapes,
                    ScreenerSettings settings, String version,
                    Map<String, io.bianwei.LearnedModel> models, Map<String, Double> learnedRules) {
        this.models = models;
        this.learnedRules = java.util.Set.copyOf(learnedRules.keySet());
        double gate = Double.POSITIVE_INFINITY;
        for (var e : learnedRules.entrySet()) {
            RuleInfo r = rules.get(e.getKey());
            if (r != null && r.enabled()) {
                gate = Math.min(gate, e.getValue());
            }
        }
        this.learnedGate = gate;
        this.normalizer = normalizer;
        this.matcher = matcher;
        this.boundaries = new BoundaryFilter(new Segmenter(matcher.terms()), matcher.terms());
        this.needs = new RuleNeeds(requirements, shapes);
        this.engine = engine;
        this.rules = rules;
        java.util.Set<String> on = new java.util.HashSet<>();
        rules.values().stream().filter(RuleInfo::enabled).forEach(r -> on.add(r.id()));
        this.enabled = on::contains;
        this.scoring = settings.scoring();
        this.settings = settings;
        this.version = version;
    }

    /** The engine the rules run on. */
    public DroolsEngine engine() {
        return engine;
    }

    /**
     * The ruleset version results report: the pack's, or, once rules were taken out at run time, the pack's with a
     * {@code -degraded-} suffix naming which (a digest of their ids), so that a degraded pack never passes for the
     * whole one.
     */
    public String version() {
        java.util.Set<String> out = engine.quarantined();
        if (out.isEmpty()) {
            return version;
        }
        return version + "-degraded-" + Integer.toHexString(String.join(",", new java.util.TreeSet<>(out)).hashCode());
    }

    /** One window's part of the analysis. */
    private record Part(List<Finding> findings, List<String> notes, String normalized, List<Explanation.Token> tokens,
                        List<Explanation.TermHit> hits, int sentences, int clauses) {
    }

    /**
     * Screens one text.
     *
     * @param detailed also collect what {@code explain} shows (all sentences segmented, with tags)
     */
    public Analysis analyze(String id, String text, boolean detailed) {
        Objects.requireNonNull(text, "text must not be null (screen an empty string to get PASS)");
        long t0 = System.nanoTime();
        List<String> notes = new ArrayList<>();
        String input = text;
        int max = settings.maxTextLength();
        if (text.length() > max) {
            int cut = max;
            if (Character.isHighSurrogate(text.charAt(cut - 1))) {
                cut--;
            }
            input = text.substring(0, cut);
            notes.add("text of " + text.length() + " chars truncated: only the first " + cut
                    + " were screened (maxTextLength)");
        }
        Windows.Merge merge = new Windows.Merge();
        StringBuilder normalized = new StringBuilder();
        List<Explanation.Token> tokens = new ArrayList<>();
        List<Explanation.TermHit> hits = new ArrayList<>();
        int sentenceBase = 0;
        int clauseBase = 0;
        Budget budget = new Budget(settings);
        List<Windows.Window> windows = Windows.of(input, input.length() > Windows.WINDOW ? frameEnd(input) : 0);
        for (Windows.Window w : windows) {
            if (budget.outOfFirings || budget.outOfTime) {
                notes.add("text screened up to offset " + w.own() + " of " + input.length()
                        + ": the document's rule budget ran out");
                break; // the rest would be screened without rules: said once, and fail-closed below
            }
            Part p = window(id, input, w, detailed, budget);
            merge.add(p.findings());
            for (String n : p.notes()) {
                if (!notes.contains(n)) {
                    notes.add(n);
                }
            }
            if (detailed) {
                normalized.append(p.normalized());
                tokens.addAll(p.tokens());
                for (Explanation.TermHit h : p.hits()) {
                    hits.add(new Explanation.TermHit(h.list(), h.term(), h.span(), h.sentence() + sentenceBase,
                            h.clause() + clauseBase, h.kept(), h.variant()));
                }
                sentenceBase += p.sentences();
                clauseBase += p.clauses();
            }
        }
        List<Finding> sorted = merge.findings();
        sorted.sort(Comparator.comparingInt((Finding f) -> -Math.abs(f.weight())).thenComparing(Finding::ruleId));
        Scoring.Breakdown s = scoring.score(sorted, learnedRules);
        io.bianwei.Verdict verdict = s.verdict();
        int score = s.score();
        if ((budget.outOfTime || budget.outOfFirings) && settings.failClosed() && verdict == io.bianwei.Verdict.PASS) {
            verdict = io.bianwei.Verdict.REVIEW; // fail closed: rules that did not finish cannot vouch for a text
            score = Math.max(score, settings.review());
            notes.add("the rules did not finish: REVIEW (fail-closed; ScreenerSettings.failClosed)");
        }
        ScreeningResult result = new ScreeningResult(id, verdict, score, s.categoryScores(), sorted, version(),
                Duration.ofNanos(System.nanoTime() - t0), notes.isEmpty(), notes);
        List<io.bianwei.LearnedModel.Score> scores = new ArrayList<>();
        if (detailed) {
            for (io.bianwei.LearnedModel m : models.values()) {
                scores.add(m.score(input));
            }
        }
        return new Analysis(result, normalized.toString(), tokens, hits, s, detailed, scores);
    }

    /** Where the frame of a long text ends (its first sentence and a 【title】 among the first three), in its offsets. */
    private int frameEnd(String text) {
        NormalizedText head = normalizer.normalize(text.substring(0, Math.min(text.length(), 2 * Windows.MAX_FRAME)));
        int end = 0;
        for (Sentence s : Sentences.split(head)) {
            if (s.isFrame()) {
                end = Math.max(end, s.getOriginalEnd());
            }
        }
        return end;
    }

    /** Screens one window of {@code fullText}; spans are offsets into {@code fullText}. */
    private Part window(String id, String fullText, Windows.Window w, boolean detailed, Budget budget) {
        String text = w.screened(fullText);
        int own = w.ownInScreened(); // explain shows what this window adds to the text, once
        List<String> notes = new ArrayList<>(0);
        NormalizedText norm = normalizer.normalize(text);
        String nt = norm.text();
        List<RawHit> raw = matcher.match(nt);
        List<io.bianwei.facts.Learned> learned = learned(text);
        boolean learnedUp = learned.stream().anyMatch(l -> l.getProbability() >= learnedGate);
        boolean fastPath = settings.fastPath();
        if (fastPath && raw.isEmpty() && !learnedUp) {
            return new Part(List.of(), notes, detailed ? ownText(norm, own) : "", List.of(), List.of(), 0, 0);
        }
        List<Sentence> sentences = Sentences.split(norm);
        int[] sentenceOf = sentenceOf(raw, sentences); // a prefix of it still fits raw once cut to MAX_HITS
        if (fastPath && !detailed && !needs.mayFire(raw, null, learnedUp, sentenceOf)) {
            // no evidence rule has what it needs (in one sentence, for the rules that need that): one pass
            return new Part(List.of(), notes, "", List.of(), List.of(), 0, 0);
        }
        if (raw.size() > MAX_HITS) {
            raw = raw.subList(0, MAX_HITS);
            notes.add("more than " + MAX_HITS + " term hits in a window; only the first were used");
        }
        List<Token> tokens = boundaries.segment(nt, sentences, raw, detailed);
        boolean[] kept = boundaries.kept(raw, tokens);
        List<Hit> hitFacts = FactBuilder.hits(norm, sentences, raw, kept, sentenceOf);
        List<Explanation.TermHit> traced = List.of();
        List<Explanation.Token> tracedTokens = List.of();
        int before = 0; // sentences of the frame and the overlap, shown with an earlier window
        while (before < sentences.size() && sentences.get(before).getOriginalStart() < own) {
            before++;
        }
        int shownSentences = sentences.size() - before;
        int shownClauses = 0;
        if (detailed) {
            int[] clauseStarts = Sentences.clauseStarts(nt); // as FactBuilder numbers them, from the shown part on
            int clausesBefore = before < sentences.size()
                    ? Sentences.clauseOf(clauseStarts, sentences.get(before).getStart()) : clauseStarts.length;
            shownClauses = clauseStarts.length - clausesBefore;
            traced = new ArrayList<>(raw.size());
            for (int i = 0; i < raw.size(); i++) {
                RawHit h = raw.get(i);
                Span local = norm.toOriginal(h.start(), h.end());
                if (local.start() < own) {
                    continue;
                }
                traced.add(new Explanation.TermHit(h.list(), h.term(), Windows.shift(local, w, fullText),
                        sentenceOf[i] - before, Sentences.clauseOf(clauseStarts, h.start()) - clausesBefore, kept[i],
                        h.via() == null ? "literal" : h.via()));
            }
            List<Explanation.Token> shown = new ArrayList<>(tokens.size());
            for (Token t : tokens) {
                Span local = norm.toOriginal(t.start(), t.end());
                if (local.start() >= own) {
                    shown.add(new Explanation.Token(t.word(), t.pos(), Windows.shift(local, w, fullText)));
                }
            }
            tracedTokens = shown;
        }
        String shownText = detailed ? ownText(norm, own) : "";
        if (fastPath && ((hitFacts.isEmpty() && !learnedUp)
                || (!detailed && !needs.mayFire(raw, kept, learnedUp, sentenceOf)))) {
            // the hits that survived the boundary check satisfy no evidence rule: no session
            return new Part(List.of(), notes, shownText, tracedTokens, traced, shownSentences, shownClauses);
        }
        List<Object> facts = FactBuilder.facts(id, nt, sentences, hitFacts);
        facts.addAll(learned);
        long left = budget.millisLeft();
        if (left <= 0) {
            budget.outOfTime = true;
            notes.add(TIME_NOTE.formatted(settings.maxRuleTime().toMillis()));
            return new Part(List.of(), notes, shownText, tracedTokens, traced, shownSentences, shownClauses);
        }
        DroolsEngine.Run run = engine.run(facts, () -> new Findings(rules, text), enabled, budget.firingsLeft(), left);
        Findings out = (Findings) run.out();
        budget.fired += run.fired();
        budget.deadline += run.rebuildNanos();
        if (run.outOfFirings()) {
            budget.outOfFirings = true;
            notes.add("rule budget of " + settings.maxRuleFirings() + " firings exhausted; result may be incomplete");
        }
        if (run.outOfTime()) {
            budget.outOfTime = true;
            notes.add(TIME_NOTE.formatted(settings.maxRuleTime().toMillis()));
        }
        notes.addAll(run.failures());
        notes.addAll(out.failures());
        return new Part(Windows.shift(out.findings(), w, fullText), notes, shownText, tracedTokens, traced,
                shownSentences, shownClauses);
    }

    /** The sentence each hit starts in, as its {@code Hit} fact will say. */
    private static int[] sentenceOf(List<RawHit> raw, List<Sentence> sentences) {
        int[] out = new int[raw.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Sentences.indexOf(sentences, raw.get(i).start());
        }
        return out;
    }

    /** The normalised text of the window's own part (what explain shows of it). */
    private static String ownText(NormalizedText norm, int own) {
        if (own == 0) {
            return norm.text();
        }
        String nt = norm.text();
        for (int i = 0; i < nt.length(); i++) {
            if (norm.toOriginal(i, i + 1).start() >= own) {
                return nt.substring(i);
            }
        }
        return "";
    }

    /** Each model's score of the window, evidence in the window's offsets (shifted like every span at the end). */
    private List<io.bianwei.facts.Learned> learned(String text) {
        if (models.isEmpty()) {
            return List.of();
        }
        List<io.bianwei.facts.Learned> out = new ArrayList<>(models.size());
        for (var e : models.entrySet()) {
            io.bianwei.LearnedModel.Score score = e.getValue().score(text);
            List<Span> evidence = score.clues().stream().filter(c -> c.probability() > 0.5).limit(5)
                    .map(io.bianwei.LearnedModel.Clue::span).sorted().toList();
            if (evidence.isEmpty() && !score.clues().isEmpty()) {
                evidence = List.of(score.clues().get(0).span());
            }
            if (!evidence.isEmpty()) {
                out.add(new io.bianwei.facts.Learned(e.getKey(), score.category(), score.probability(), evidence));
            }
        }
        return out;
    }
}
