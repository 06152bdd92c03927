package io.bianwei;

import io.bianwei.RulePackException.Problem;
import io.bianwei.engine.DroolsEngine;
import io.bianwei.facts.Doc;
import io.bianwei.facts.Hit;
import io.bianwei.facts.Out;
import io.bianwei.facts.Sentence;
import io.bianwei.internal.match.TermMatcher;
import io.bianwei.internal.match.TermMatcher.RawHit;
import io.bianwei.internal.pack.RulePack;
import io.bianwei.internal.segment.Segmenter;
import io.bianwei.internal.segment.Token;
import io.bianwei.internal.text.NormalizedText;
import io.bianwei.internal.text.Normalizer;
import io.bianwei.internal.text.Sentences;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The facade. Build once (the expensive part: compiles the rule pack), then call {@link #screen(String)} from any
 * number of threads.
 *
 * <pre>{@code
 * Screener screener = Screener.builder().build();
 * ScreeningResult r = screener.screen("祖传秘方，三天根治糖尿病！");
 * if (r.verdict() != Verdict.PASS) { ... r.findings() ... }
 * }</pre>
 *
 * <p>Pipeline: normalise (offset-tracked) → match term lists (one Aho-Corasick pass) → if nothing matched, PASS
 * (fast path) → segment (HanLP) and drop short hits that cross word boundaries → Drools rules → score → verdict.
 */
public final class Screener {
    private final RulePack pack;
    private final Normalizer normalizer;
    private final TermMatcher matcher;
    private final Segmenter segmenter;
    private final Set<String> termSet;
    private final DroolsEngine engine;
    private final ScreenerSettings settings;
    private final Scoring scoring;
    private final Predicate<String> enabled;
    private final List<List<Set<String>>> anchors;
    private final boolean unboundedRules;
    private final Map<String, RuleInfo> rules;
    private final boolean fastPath;
    private final int maxFirings;
    private final long maxRuleMillis;
    private final int maxTextLength;

    private Screener(ScreenerSettings b, RulePack pack, DroolsEngine engine) {
        this.settings = b;
        this.pack = pack;
        this.normalizer = pack.normalizer();
        this.matcher = pack.matcher();
        this.segmenter = new Segmenter(matcher.terms());
        this.termSet = Set.copyOf(matcher.terms());
        this.engine = engine;
        this.scoring = b.scoring();
        this.fastPath = b.fastPath();
        this.maxFirings = b.maxRuleFirings();
        this.maxRuleMillis = b.maxRuleTime().toMillis();
        this.maxTextLength = b.maxTextLength();
        Set<String> disabledIds = Set.copyOf(b.disable());
        Set<String> only = Set.copyOf(b.only());
        Map<String, RuleInfo> all = new java.util.LinkedHashMap<>();
        for (RuleInfo r : pack.rules().values()) {
            boolean on = !disabledIds.contains(r.id())
                    && (only.isEmpty() || r.isContext() || only.contains(r.category()));
            all.put(r.id(), new RuleInfo(r.id(), r.category(), r.weight(), r.description(), r.descriptionEn(),
                    r.message(), r.source(), r.examples(), on));
        }
        this.rules = Map.copyOf(all);
        Set<String> enabledIds = new HashSet<>();
        all.values().stream().filter(RuleInfo::enabled).forEach(r -> enabledIds.add(r.id()));
        this.enabled = enabledIds::contains;
        List<List<Set<String>>> need = new ArrayList<>();
        boolean unbounded = false;
        for (RuleInfo r : all.values()) {
            if (!r.enabled()) {
                continue;
            }
            List<Set<String>> req = pack.requirements().get(r.id());
            if (req == null) {
                unbounded = true; // the scan cannot bound this rule: never skip the rules
            } else if (!req.equals(List.of(Set.of(io.bianwei.internal.pack.DrlScanner.CLAIM)))) {
                need.add(req);
            }
        }
        this.anchors = List.copyOf(need);
        this.unboundedRules = unbounded;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Screens a text with no id. */
    public ScreeningResult screen(String text) {
        return screen(null, text);
    }

    /**
     * Screens one text.
     *
     * @param id   the caller's id, echoed in the result (may be null)
     * @param text the text; must not be null
     * @throws NullPointerException when {@code text} is null
     */
    public ScreeningResult screen(String id, String text) {
        return run(id, text, null);
    }

    /** Screens and returns every intermediate step. */
    public Explanation explain(String text) {
        Trace trace = new Trace();
        ScreeningResult r = run(null, text, trace);
        return new Explanation(trace.normalized, trace.tokens, trace.hits, trace.scoring, r);
    }

    /** The rules of the loaded pack, sorted by id, with their effective weight and whether they are enabled. */
    public List<RuleInfo> rules() {
        return rules.values().stream().sorted(Comparator.comparing(RuleInfo::id)).toList();
    }

    /** Score at or above which a text is REVIEW. */
    public int reviewThreshold() {
        return scoring.review();
    }

    /** Score at or above which a text is BLOCK. */
    public int blockThreshold() {
        return scoring.block();
    }

    /** The most positive points one category can contribute. */
    public int categoryCap() {
        return scoring.categoryCap();
    }

    /** A short hash of the pack's sources, term lists and weights. */
    public String rulesetVersion() {
        return pack.version();
    }

    /**
     * Lint warnings of the loaded pack, as {@code file:line: message}: java.util.regex {@code matches} patterns
     * prone to backtracking, and consequences that do more than emit findings.
     */
    public List<String> warnings() {
        return pack.warnings().stream().map(w -> w.file() + ":" + w.line() + ": " + w.message()).toList();
    }

    /** Names of the loaded term lists. */
    public Set<String> termLists() {
        return pack.termLists();
    }

    /**
     * Runs every example every rule carries (LanguageTool style) and returns the failures; empty means all pass.
     * A HIT example fails when the rule does not fire or none of its spans equals the marked span; an OK example
     * fails when the rule fires.
     */
    public List<ExampleFailure> checkExamples() {
        List<ExampleFailure> failures = new ArrayList<>();
        for (RuleInfo rule : rules()) {
            for (RuleExample ex : rule.examples()) {
                ScreeningResult r = screen(ex.text());
                List<Span> spans = r.findings().stream().filter(f -> f.ruleId().equals(rule.id()))
                        .flatMap(f -> f.spans().stream()).distinct().sorted().toList();
                if (ex.kind() == RuleExample.Kind.HIT) {
                    if (spans.isEmpty()) {
                        failures.add(new ExampleFailure(rule, ex, spans, "rule did not fire"));
                    } else if (ex.expected() != null && !spans.contains(ex.expected())) {
                        failures.add(new ExampleFailure(rule, ex, spans, "rule fired but not on the marked span"));
                    }
                } else if (!spans.isEmpty()) {
                    failures.add(new ExampleFailure(rule, ex, spans, "rule fired on an OK example"));
                }
            }
        }
        return failures;
    }

    /** A rule example that did not behave as written. */
    public record ExampleFailure(RuleInfo rule, RuleExample example, List<Span> actual, String reason) {
        @Override
        public String toString() {
            return rule.id() + " (" + rule.source() + ") " + example.kind() + " \"" + example.text() + "\": " + reason
                    + "; expected " + (example.expected() == null ? "-" : "[" + example.expected().start() + ","
                    + example.expected().end() + ") " + example.expected().text()) + ", actual "
                    + actual.stream().map(s -> "[" + s.start() + "," + s.end() + ") " + s.text()).toList();
        }
    }

    // --- the pipeline ----------------------------------------------------------------------------------------

    private static final class Trace {
        String normalized = "";
        List<Explanation.Token> tokens = List.of();
        List<Explanation.TermHit> hits = List.of();
        Scoring.Breakdown scoring;
    }

    /** Texts longer than this are screened in windows cut at sentence ends (spans stay exact). */
    static final int WINDOW = 20_000;
    /** Term hits kept per window; more is a pathological text, screened on its first hits only. */
    static final int MAX_HITS = 5_000;

    private record Partial(List<Finding> findings, List<String> notes) {
    }

    private ScreeningResult run(String id, String text, Trace trace) {
        Objects.requireNonNull(text, "text must not be null (screen an empty string to get PASS)");
        long t0 = System.nanoTime();
        List<String> notes = new ArrayList<>();
        String input = text;
        if (text.length() > maxTextLength) {
            int cut = maxTextLength;
            if (Character.isHighSurrogate(text.charAt(cut - 1))) {
                cut--;
            }
            input = text.substring(0, cut);
            notes.add("text of " + text.length() + " chars truncated: only the first " + cut
                    + " were screened (maxTextLength)");
        }
        if (trace != null || input.length() <= WINDOW) {
            Partial p = runWindow(id, input, 0, input.length(), trace);
            notes.addAll(p.notes());
            return finish(id, p.findings(), t0, trace, notes);
        }
        Map<String, Finding> merged = new java.util.LinkedHashMap<>();
        int pos = 0;
        while (pos < input.length()) {
            int end = windowEnd(input, pos);
            Partial p = runWindow(id, input, pos, end, null);
            for (Finding f : p.findings()) {
                merged.merge(f.ruleId() + "|" + f.category(), f, (a, b) -> {
                    java.util.TreeSet<Span> spans = new java.util.TreeSet<>(a.spans());
                    for (Span sp : b.spans()) {
                        if (spans.size() < Out.MAX_SPANS) {
                            spans.add(sp);
                        }
                    }
                    return new Finding(a.ruleId(), a.category(), a.weight(), a.message(), List.copyOf(spans));
                });
            }
            for (String n : p.notes()) {
                if (!notes.contains(n)) {
                    notes.add(n);
                }
            }
            pos = end;
        }
        return finish(id, new ArrayList<>(merged.values()), t0, null, notes);
    }

    /** End of the window starting at {@code pos}: the last sentence end before the limit, never inside a pair. */
    static int windowEnd(String text, int pos) {
        int limit = Math.min(text.length(), pos + WINDOW);
        if (limit == text.length()) {
            return limit;
        }
        for (int i = limit - 1; i > limit - 2_000 && i > pos; i--) {
            char c = text.charAt(i);
            if (c == '。' || c == '！' || c == '？' || c == '!' || c == '?' || c == '\n' || c == ';' || c == '；') {
                return i + 1;
            }
        }
        return Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
    }

    /**
     * Whether any enabled evidence rule could fire on these hits: each of its positive {@code Hit} patterns must find
     * one of its lists among them. Context and amplifier rules need a claim, so they never fire alone.
     */
    private boolean mayFire(List<RawHit> raw) {
        if (unboundedRules) {
            return true;
        }
        Set<String> lists = new HashSet<>();
        for (RawHit h : raw) {
            lists.add(h.list());
        }
        for (List<Set<String>> need : anchors) {
            boolean all = true;
            for (Set<String> group : need) {
                if (group.isEmpty() ? lists.isEmpty() : java.util.Collections.disjoint(group, lists)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** Screens {@code text[from,to)}; spans are offsets into {@code text}. */
    private Partial runWindow(String id, String fullText, int from, int to, Trace trace) {
        String text = from == 0 && to == fullText.length() ? fullText : fullText.substring(from, to);
        List<String> notes = new ArrayList<>(0);
        NormalizedText norm = normalizer.normalize(text);
        String nt = norm.text();
        List<RawHit> raw = matcher.match(nt);
        if (trace != null) {
            trace.normalized = nt;
        }
        if (raw.isEmpty() && fastPath) {
            return new Partial(List.of(), notes);
        }
        if (fastPath && trace == null && !mayFire(raw)) {
            return new Partial(List.of(), notes); // no evidence rule has what it needs: benign text costs one pass
        }
        if (raw.size() > MAX_HITS) {
            raw = raw.subList(0, MAX_HITS);
            notes.add("more than " + MAX_HITS + " term hits in a window; only the first were used");
        }
        List<Sentence> sentences = Sentences.split(norm);
        // segmentation decides only whether short (strict) hits sit on word boundaries: segment just the sentences
        // that hold one (all of them for explain)
        List<Token> tokens;
        if (trace != null) {
            tokens = segmenter.segmentTagged(nt);
        } else {
            java.util.BitSet need = new java.util.BitSet();
            for (RawHit h : raw) {
                if (h.strict()) {
                    need.set(Sentences.indexOf(sentences, h.start()));
                }
            }
            tokens = new ArrayList<>();
            for (int si = need.nextSetBit(0); si >= 0; si = need.nextSetBit(si + 1)) {
                Sentence sent = sentences.get(si);
                int segFrom = si == 0 ? 0 : sent.getStart();
                int segTo = si + 1 < sentences.size() ? sentences.get(si + 1).getStart() : nt.length();
                for (Token t : segmenter.segment(nt.substring(segFrom, segTo))) {
                    tokens.add(new Token(t.word(), t.start() + segFrom, t.end() + segFrom, t.pos()));
                }
            }
        }
        Set<Integer> starts = new HashSet<>();
        Set<Integer> ends = new HashSet<>();
        List<Token> termTokens = new ArrayList<>();
        for (Token t : tokens) {
            starts.add(t.start());
            ends.add(t.end());
            if (termSet.contains(t.word())) {
                termTokens.add(t); // a rule term kept whole by the dictionary may hold shorter terms
            }
        }
        List<Object> facts = new ArrayList<>(raw.size() + sentences.size() + 1);
        Map<String, Integer> counts = new HashMap<>();
        List<Explanation.TermHit> traced = trace == null ? null : new ArrayList<>();
        for (RawHit h : raw) {
            boolean kept = !h.strict() || (starts.contains(h.start()) && ends.contains(h.end()))
                    || termTokens.stream().anyMatch(t -> t.start() <= h.start() && h.end() <= t.end());
            int si = Sentences.indexOf(sentences, h.start());
            Span span = norm.toOriginal(h.start(), h.end());
            if (traced != null) {
                traced.add(new Explanation.TermHit(h.list(), h.term(), span, si, kept,
                        h.via() == null ? "literal" : h.via()));
            }
            if (kept) {
                facts.add(new Hit(h.list(), h.term(), h.start(), h.end(), si, sentences.get(si).isFrame(),
                        h.via() != null, span.start(), span.end()));
                counts.merge(h.list(), 1, Integer::sum);
            }
        }
        if (trace != null) {
            trace.hits = traced;
            trace.tokens = tokens.stream().map(t -> new Explanation.Token(t.word(), t.pos(),
                    norm.toOriginal(t.start(), t.end()))).toList();
        }
        if (facts.isEmpty() && fastPath) {
            return new Partial(List.of(), notes);
        }
        facts.addAll(sentences);
        facts.add(new Doc(id, nt.length(), sentences.size(), counts));
        Out out = new Out(rules, text);
        DroolsEngine.Run run = engine.run(facts, out, enabled, maxFirings, maxRuleMillis);
        if (run.outOfFirings()) {
            notes.add("rule budget of " + maxFirings + " firings exhausted; result may be incomplete");
        }
        if (run.outOfTime()) {
            notes.add("rule time budget of " + maxRuleMillis + " ms exhausted; result may be incomplete");
        }
        notes.addAll(out.failures());
        List<Finding> findings = out.findings();
        if (from != 0) {
            findings = findings.stream().map(f -> new Finding(f.ruleId(), f.category(), f.weight(), f.message(),
                    f.spans().stream().map(sp -> new Span(sp.start() + from, sp.end() + from, sp.text())).toList()))
                    .toList();
        }
        return new Partial(findings, notes);
    }

    private ScreeningResult finish(String id, List<Finding> findings, long t0, Trace trace, List<String> notes) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparingInt((Finding f) -> -Math.abs(f.weight())).thenComparing(Finding::ruleId));
        Scoring.Breakdown s = scoring.score(sorted);
        if (trace != null) {
            trace.scoring = s;
        }
        return new ScreeningResult(id, s.verdict(), s.score(), s.categoryScores(), sorted, pack.version(),
                Duration.ofNanos(System.nanoTime() - t0), notes.isEmpty(), notes);
    }

    // --- configuration -----------------------------------------------------------------------------------------

    /** Builds a screener from settings (the same as {@code builder().settings(settings).build()}). */
    public static Screener build(ScreenerSettings settings) {
        return builder().settings(settings).build();
    }

    /** The settings this screener was built with. */
    public ScreenerSettings settings() {
        return settings;
    }

    /**
     * Configuration for a {@link Screener}; each option may be set once. The options are those of
     * {@link ScreenerSettings}, which holds their defaults; {@link #settings} sets them all at once.
     */
    public static final class Builder {
        private ScreenerSettings s = ScreenerSettings.defaults();
        private final List<ClasspathPack> classpathPacks = new ArrayList<>();
        private final Set<String> set = new HashSet<>();

        private record ClasspathPack(ClassLoader loader, String root) {
        }

        private Builder() {
        }

        private void once(String option) {
            if (set.contains("settings") || (option.equals("settings") && !set.isEmpty()) || !set.add(option)) {
                throw new IllegalStateException(option.equals("settings") || set.contains("settings")
                        ? "settings(...) sets every option: use it alone or not at all"
                        : option + " was already set");
            }
        }

        /** Every option at once (rule folders included); no other option may be set on this builder. */
        public Builder settings(ScreenerSettings settings) {
            once("settings");
            this.s = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Leave out the default rule pack (bianwei-rules on the classpath). */
        public Builder withoutDefaultRules() {
            once("withoutDefaultRules");
            s = s.withDefaultRules(false);
            return this;
        }

        /**
         * Adds rules from a folder (recursively: {@code *.drl}, {@code terms/*.txt}, {@code weights.txt}) or a
         * single file. A rule whose id is already in the default pack replaces it; term lists of the same name are
         * merged.
         */
        public Builder addRules(Path path) {
            if (set.contains("settings")) {
                throw new IllegalStateException("settings(...) sets every option: use it alone or not at all");
            }
            s = s.withRules(List.of(Objects.requireNonNull(path, "path")));
            return this;
        }

        /** Adds a pack found on the classpath under {@code root} (a folder with an {@code index.txt}). */
        public Builder addClasspathRules(ClassLoader loader, String root) {
            classpathPacks.add(new ClasspathPack(loader, root.endsWith("/") ? root : root + "/"));
            return this;
        }

        /** Score thresholds: REVIEW at {@code review} or more, BLOCK at {@code block} or more (defaults 40, 70). */
        public Builder thresholds(int review, int block) {
            once("thresholds");
            s = s.withThresholds(review, block);
            return this;
        }

        /** The most positive points one category can contribute (default 100). */
        public Builder categoryCap(int cap) {
            once("categoryCap");
            s = s.withCategoryCap(cap);
            return this;
        }

        /** Screen only these categories (context rules stay on). */
        public Builder onlyCategories(Collection<String> categories) {
            once("onlyCategories");
            s = s.withOnly(List.copyOf(categories));
            return this;
        }

        /** Disables rules by id; an unknown id fails the build. */
        public Builder disableRules(Collection<String> ruleIds) {
            once("disableRules");
            s = s.withDisabled(List.copyOf(ruleIds));
            return this;
        }

        /** Whether a text with no term-list hit skips segmentation and rules (default true). */
        public Builder fastPath(boolean on) {
            once("fastPath");
            s = s.withFastPath(on);
            return this;
        }

        /** Per-document budget of rule firings, against rule sets that loop (default 10,000). */
        public Builder maxRuleFirings(int max) {
            once("maxRuleFirings");
            s = s.withMaxRuleFirings(max);
            return this;
        }

        /** Per-document (per-window) time budget for the rules (default 2 s); a result that hits it is incomplete. */
        public Builder maxRuleTime(Duration max) {
            once("maxRuleTime");
            s = s.withMaxRuleTime(max);
            return this;
        }

        /**
         * Longest text screened (default 10,000,000 chars). Longer texts are screened on their first
         * {@code max} chars and the result is marked incomplete with a note; texts above 20,000 chars are screened
         * in windows cut at sentence ends, so memory stays bounded and spans stay exact.
         */
        public Builder maxTextLength(int max) {
            once("maxTextLength");
            s = s.withMaxTextLength(max);
            return this;
        }

        /**
         * Compiles everything.
         *
         * @throws RulePackException naming file:line for broken DRL, duplicate ids, bad metadata, bad term lists
         */
        public Screener build() {
            List<Problem> problems = new ArrayList<>();
            RulePack pack = RulePack.load(s.defaultRules(), classpathPacks.stream()
                            .map(c -> Map.entry(c.loader(), c.root())).toList(), s.rulePaths(), problems);
            DroolsEngine engine = pack == null ? null : DroolsEngine.compile(pack.drl(), problems);
            if (engine != null) {
                pack = pack.withMetadata(engine.metadata(), problems);
            }
            for (String id : s.disable()) {
                if (pack != null && !pack.rules().containsKey(id)) {
                    problems.add(new Problem("(configuration)", 0, "cannot disable unknown rule " + id));
                }
            }
            if (!problems.isEmpty() || pack == null || engine == null) {
                throw new RulePackException(problems);
            }
            return new Screener(s, pack, engine);
        }
    }
}
