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
    /**
     * Term hits one window may hold: a denser stretch of text ends its window early (at a sentence end before the hit
     * that would exceed it) and goes on in the next. Context rules join claims with hits a few sentences away, work
     * that grows with the square of a window's hits; this keeps a window's square small, so the cost of a text is
     * linear in its length whatever it is made of. The most hits in any of 3,900 labelled texts is 380, so ordinary
     * text is windowed by length only, as before.
     */
    static final int MAX_WINDOW_HITS = 600;
    /** A window cut short for its hits still screens at least this much text of its own, so screening goes on. */
    static final int MIN_ADVANCE = 64;
    /** Hits one sentence may hold before it is cut into pieces (see {@link Sentences#bound}). */
    static final int MAX_SENTENCE_HITS = 128;
    private static final String TIME_NOTE = "rule time budget of %d ms CPU exhausted; result may be incomplete";

    /**
     * What one document may still spend on rules: its budgets hold for the whole text, not per window. Firings are
     * counted; time is the CPU time of rule code (what a machine's load does not change), with a wall-clock stop at
     * {@link #WALL_FACTOR} times that as the last resort for code that sleeps or waits.
     */
    private static final class Budget {
        long wallDeadline;
        long cpuLeft;
        final int maxFirings;
        int fired;
        boolean outOfTime;
        boolean outOfFirings;

        Budget(ScreenerSettings s) {
            this.cpuLeft = s.maxRuleTime().toNanos();
            this.wallDeadline = System.nanoTime() + WALL_FACTOR * s.maxRuleTime().toNanos();
            this.maxFirings = s.maxRuleFirings();
        }

        boolean spent() {
            return cpuLeft <= 0 || wallDeadline - System.nanoTime() <= 0;
        }

        int firingsLeft() {
            return Math.max(1, maxFirings - fired);
        }
    }

    /** The wall-clock stop for a document's rules, in multiples of its CPU budget. */
    static final int WALL_FACTOR = 4;

    private final Normalizer normalizer;
    private final TermMatcher matcher;
    private final BoundaryFilter boundaries;
    private final RuleNeeds needs;
    private final DroolsEngine engine;
    private final Map<String, RuleInfo> rules;
    private final Predicate<String> enabled;
    private final ScreenerSettings settings;
    private final String version;
    private final Judge judge;
    /** The pack's known-claims matcher; null when the pack has no claims base. */
    private final io.bianwei.internal.claims.ClaimMatcher claims;

    /**
     * @param requirements per enabled evidence rule, the term-list groups it needs (null: may fire on any text)
     * @param shapes       the rules as the DRL parser read them: whether their needs meet in one sentence, need
     *                     distinct lists, or need a number of hits of a list
     */
    public Pipeline(Normalizer normalizer, TermMatcher matcher, DroolsEngine engine, Map<String, RuleInfo> rules,
                    Map<String, List<java.util.Set<String>>> requirements,
                    Map<String, io.bianwei.internal.pack.DrlModel.Rule> shapes,
                    ScreenerSettings settings, String version, io.bianwei.internal.model.LinearVerdict model,
                    io.bianwei.internal.claims.ClaimMatcher claims) {
        this.claims = claims;
        this.normalizer = normalizer;
        this.matcher = matcher;
        this.boundaries = new BoundaryFilter(new Segmenter(matcher.terms()), matcher.terms());
        this.needs = new RuleNeeds(requirements, shapes);
        this.engine = engine;
        this.rules = rules;
        java.util.Set<String> on = new java.util.HashSet<>();
        rules.values().stream().filter(RuleInfo::enabled).forEach(r -> on.add(r.id()));
        this.enabled = on::contains;
        this.settings = settings;
        this.version = version;
        if (model == null) {
            this.judge = new Judge.HandWeights(settings.scoring(), settings.failClosed());
        } else {
            int[] t = settings.thresholdsGiven() ? new int[]{settings.review(), settings.block()}
                    : new int[]{Judge.Learned.REVIEW_AT, Judge.Learned.BLOCK_AT};
            this.judge = new Judge.Learned(model, t[0], t[1], settings.failClosed());
        }
    }

    /** Score at or above which a text is REVIEW (the model's own threshold under the learned verdict). */
    public int reviewThreshold() {
        return judge.review();
    }

    /** Score at or above which a text is BLOCK. */
    public int blockThreshold() {
        return judge.block();
    }

    /** Whether a learned model decides verdicts (rather than the rules' hand weights). */
    public boolean learned() {
        return judge instanceof Judge.Learned;
    }

    /** Screens one text ({@code Screener.screen}). */
    public ScreeningResult screen(String id, String text) {
        return analyze(id, text, Trace.NONE).result();
    }

    /** Screens one text and records every step ({@code Screener.explain}). */
    public Explanation explain(String text) {
        Trace.Recorder trace = new Trace.Recorder();
        return analyze(null, text, trace).explanation(trace);
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

    /** What one window adds to the result: its findings and notes, or that it must end earlier ({@code cutAt > 0}). */
    private record Part(List<Finding> findings, List<String> notes, int cutAt, NormalizedText normalized,
                        List<KnownClaimMatch> claims) {
        static Part of(List<Finding> findings, List<String> notes, NormalizedText normalized) {
            return new Part(findings, notes, 0, normalized, List.of());
        }

        Part withClaims(List<KnownClaimMatch> matched) {
            return new Part(findings, notes, cutAt, normalized, matched);
        }

        /** Not screened: the window holds too many hits and must end at {@code end} (an offset of the text). */
        static Part cut(int end) {
            return new Part(List.of(), List.of(), end, null, List.of());
        }
    }

    /**
     * Screens one text: its windows one after another, then the verdict, computed once ({@link Scoring#score(List,
     * java.util.Set, boolean, boolean)}: points, thresholds and fail-closed), which the result and the explanation
     * both show.
     *
     * @param trace what explain records ({@link Trace#NONE} for screen)
     */
    Analysis analyze(String id, String text, Trace trace) {
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
        Budget budget = new Budget(settings);
        int frame = -1; // where the text's frame ends, once a second window needs it
        boolean dense = false;
        NormalizedText first = null; // the start of the text, whose n-grams the learned verdict reads
        java.util.Map<String, io.bianwei.ClaimMatch> claimed = new java.util.LinkedHashMap<>();
        for (Windows.Window w = Windows.first(input); ; ) {
            if (budget.outOfFirings || budget.outOfTime) {
                notes.add("text screened up to offset " + w.own() + " of " + input.length()
                        + ": the document's rule budget ran out");
                break; // the rest would be screened without rules: said once, and fail-closed below
            }
            Part p = window(id, input, w, trace, budget);
            if (p.cutAt() > 0) {
                w = w.endingAt(p.cutAt()); // too many hits for one window: screen less of the text in this one
                dense = true;
                continue;
            }
            merge.add(p.findings());
            for (KnownClaimMatch k : p.claims()) {
                if (k.own()) {
                    claimed.merge(k.match().id(), k.match(), (a, b) -> b.similarity() > a.similarity() ? b : a);
                }
            }
            if (first == null) {
                first = p.normalized();
            }
            for (String n : p.notes()) {
                if (!notes.contains(n)) {
                    notes.add(n);
                }
            }
            if (w.to() >= input.length()) {
                break;
            }
            if (frame < 0) {
                frame = frameEnd(input);
            }
            w = Windows.after(input, w.to(), frame, dense);
        }
        boolean cut = budget.outOfTime || budget.outOfFirings;
        Judge.Judgement j = judge.judge(merge.findings(), first, cut, trace.detailed());
        if (j.failedClosed()) {
            notes.add("the rules did not finish: REVIEW (fail-closed; ScreenerSettings.failClosed)");
        }
        ScreeningResult result = new ScreeningResult(id, j.verdict(), j.score(), j.categoryScores(), j.findings(),
                version(), Duration.ofNanos(System.nanoTime() - t0), notes.isEmpty(), notes,
                claimsShown(claimed, j));
        return new Analysis(result, j.weights(), j.learned());
    }

    /**
     * The known claims a result lists: those matched in a text that is not PASS, whose re-post rule fired and whose
     * own context rules (the claim quoted in a debunk or a warning) did not; strongest match first.
     */
    private static List<io.bianwei.ClaimMatch> claimsShown(java.util.Map<String, io.bianwei.ClaimMatch> claimed,
                                                           Judge.Judgement j) {
        if (claimed.isEmpty() || j.verdict() == io.bianwei.Verdict.PASS) {
            return List.of();
        }
        boolean reposted = false;
        for (Finding f : j.findings()) {
            if (f.ruleId().startsWith("CTX_KNOWN_CLAIM")) {
                return List.of();
            }
            reposted |= io.bianwei.KnownClaims.RULES.contains(f.ruleId());
        }
        if (!reposted) {
            return List.of();
        }
        return claimed.values().stream()
                .sorted(Comparator.comparingDouble((io.bianwei.ClaimMatch c) -> -c.similarity())
                        .thenComparing(io.bianwei.ClaimMatch::id))
                .toList();
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
    private Part window(String id, String fullText, Windows.Window w, Trace trace, Budget budget) {
        String text = w.screened(fullText);
        int own = w.ownInScreened(); // explain shows what this window adds to the text, once
        List<String> notes = new ArrayList<>(0);
        NormalizedText norm = normalizer.normalize(text);
        String nt = norm.text();
        List<RawHit> raw = matcher.match(nt);
        if (raw.size() > MAX_WINDOW_HITS) {
            int at = w.toText(norm.toOriginal(raw.get(MAX_WINDOW_HITS).start(), raw.get(MAX_WINDOW_HITS).end()).start());
            int cut = Windows.cut(fullText, w.own() + MIN_ADVANCE, at);
            if (cut < w.to()) {
                return Part.cut(cut);
            }
        }
        boolean detailed = trace.detailed();
        boolean fastPath = settings.fastPath();
        if (fastPath && raw.isEmpty() && claims == null) {
            trace.window(ownText(norm, own, detailed), List.of(), List.of(), 0, 0);
            return Part.of(List.of(), notes, norm);
        }
        List<Sentence> sentences = Sentences.bound(norm, Sentences.split(norm), starts(raw), MAX_SENTENCE_HITS);
        // re-posts of known claims, as facts: a text with one goes on to the rules, whatever its term hits
        List<io.bianwei.internal.claims.ClaimMatcher.Match> matches = claims == null ? List.of()
                : claims.match(norm, sentences);
        List<io.bianwei.facts.KnownClaim> known = new ArrayList<>(matches.size());
        List<KnownClaimMatch> matched = new ArrayList<>(matches.size());
        for (io.bianwei.internal.claims.ClaimMatcher.Match m : matches) {
            known.add(m.fact());
            matched.add(new KnownClaimMatch(m, w, fullText, own));
        }
        if (fastPath && raw.isEmpty() && known.isEmpty()) {
            trace.window(ownText(norm, own, detailed), List.of(), List.of(), 0, 0);
            return Part.of(List.of(), notes, norm);
        }
        int[] sentenceOf = sentenceOf(raw, sentences); // a prefix of it still fits raw once cut to MAX_HITS
        if (fastPath && !detailed && known.isEmpty() && !needs.mayFire(raw, null, sentenceOf)) {
            // no evidence rule has what it needs (in one sentence, for the rules that need that): one pass
            return Part.of(List.of(), notes, norm);
        }
        if (raw.size() > MAX_HITS) {
            raw = raw.subList(0, MAX_HITS);
            notes.add("more than " + MAX_HITS + " term hits in a window; only the first were used");
        }
        List<Token> tokens = boundaries.segment(nt, sentences, raw, detailed);
        boolean[] kept = boundaries.kept(raw, tokens);
        FactBuilder.Hits built = FactBuilder.hits(norm, sentences, raw, kept, sentenceOf);
        List<Hit> hitFacts = built.facts();
        if (detailed) {
            traceWindow(trace, fullText, w, norm, own, sentences, raw, sentenceOf, kept, tokens);
        }
        if (fastPath && known.isEmpty()
                && (hitFacts.isEmpty() || (!detailed && !needs.mayFire(raw, kept, sentenceOf)))) {
            // the hits that survived the boundary check satisfy no evidence rule: no session
            return Part.of(List.of(), notes, norm);
        }
        List<Object> facts = FactBuilder.facts(id, nt, sentences, hitFacts, built.counts());
        facts.addAll(known);
        if (budget.spent()) {
            budget.outOfTime = true;
            notes.add(TIME_NOTE.formatted(settings.maxRuleTime().toMillis()));
            return Part.of(List.of(), notes, norm);
        }
        DroolsEngine.Run run = engine.run(facts, () -> new Findings(rules, text), enabled,
                new DroolsEngine.Limits(budget.firingsLeft(), budget.cpuLeft, budget.wallDeadline));
        Findings out = (Findings) run.out();
        budget.fired += run.fired();
        budget.cpuLeft -= run.cpuNanos();
        budget.wallDeadline += run.rebuildNanos();
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
        return Part.of(Windows.shift(out.findings(), w, fullText), notes, norm).withClaims(matched);
    }

    /**
     * Tells the trace what this window adds to the text: its own part's normalised text, tokens and hits (the frame
     * and the overlap were shown with an earlier window), sentences numbered from its first own sentence.
     */
    private static void traceWindow(Trace trace, String fullText, Windows.Window w, NormalizedText norm, int own,
                                    List<Sentence> sentences, List<RawHit> raw, int[] sentenceOf, boolean[] kept,
                                    List<Token> tokens) {
        int before = 0;
        while (before < sentences.size() && sentences.get(before).getOriginalStart() < own) {
            before++;
        }
        int[] clauseStarts = Sentences.clauseStarts(norm.text()); // as FactBuilder numbers them, from the shown part on
        int clausesBefore = before < sentences.size()
                ? Sentences.clauseOf(clauseStarts, sentences.get(before).getStart()) : clauseStarts.length;
        List<Explanation.TermHit> traced = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            RawHit h = raw.get(i);
            Span local = norm.toOriginal(h.start(), h.end());
            if (local.start() >= own) {
                traced.add(new Explanation.TermHit(h.list(), h.term(), Windows.shift(local, w, fullText),
                        sentenceOf[i] - before, Sentences.clauseOf(clauseStarts, h.start()) - clausesBefore, kept[i],
                        h.via() == null ? "literal" : h.via()));
            }
        }
        List<Explanation.Token> shown = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            Span local = norm.toOriginal(t.start(), t.end());
            if (local.start() >= own) {
                shown.add(new Explanation.Token(t.word(), t.pos(), Windows.shift(local, w, fullText)));
            }
        }
        trace.window(ownText(norm, own, true), shown, traced, sentences.size() - before,
                clauseStarts.length - clausesBefore);
    }

    /** Where each hit starts, in order. */
    private static int[] starts(List<RawHit> raw) {
        int[] out = new int[raw.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = raw.get(i).start();
        }
        return out;
    }

    /** The sentence each hit starts in, as its {@code Hit} fact will say. */
    private static int[] sentenceOf(List<RawHit> raw, List<Sentence> sentences) {
        int[] out = new int[raw.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Sentences.indexOf(sentences, raw.get(i).start());
        }
        return out;
    }

    /** The normalised text of the window's own part (what explain shows of it); empty when not {@code wanted}. */
    private static String ownText(NormalizedText norm, int own, boolean wanted) {
        if (!wanted) {
            return "";
        }
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

}
