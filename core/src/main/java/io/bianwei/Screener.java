package io.bianwei;

import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.engine.DroolsEngine;
import io.bianwei.internal.pack.RulePack;
import io.bianwei.internal.pipeline.Pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
 * <p>Pipeline (see {@code internal.pipeline.Pipeline}): normalise (offset-tracked) → match term lists (one
 * Aho-Corasick pass) → fast path: PASS when no evidence rule has the lists it needs → segment (HanLP) and drop short
 * hits that cross word boundaries → Drools rules → score → verdict. {@link #screen} and {@link #explain} are two views
 * of the same analysis.
 */
public final class Screener implements TextScreener {
    private final ScreenerSettings settings;
    private final RulePack pack;
    private final Map<String, RuleInfo> rules;
    private final Pipeline pipeline;
    private final Pack packView = new Pack();

    private Screener(ScreenerSettings settings, RulePack pack, DroolsEngine engine) {
        this.settings = settings;
        this.pack = pack;
        Map<String, RuleInfo> all = infos(settings, pack);
        this.rules = Map.copyOf(all);
        Map<String, List<Set<String>>> needs = new LinkedHashMap<>();
        for (RuleInfo r : all.values()) {
            if (!r.enabled()) {
                continue;
            }
            List<Set<String>> req = pack.requirements().get(r.id());
            if (req == null || !req.equals(List.of(Set.of(io.bianwei.internal.pack.DrlModel.CLAIM)))) {
                needs.put(r.id(), req); // null: the scan cannot bound this rule, so the rules always run
            }
        }
        this.pipeline = new Pipeline(pack.normalizer(), pack.matcher(), engine, rules, needs, pack.ruleModels(), settings,
                pack.version(), settings.scoringMode().equals("weights") || pack.handWeights() ? null : pack.verdict(),
                pack.claimMatcher());
    }

    /** The pack's rules, each enabled unless the settings disable it or screen only other categories. */
    private static Map<String, RuleInfo> infos(ScreenerSettings settings, RulePack pack) {
        Set<String> disabledIds = Set.copyOf(settings.disable());
        Set<String> only = Set.copyOf(settings.only());
        Map<String, RuleInfo> all = new LinkedHashMap<>();
        for (RuleInfo r : pack.rules().values()) {
            boolean on = !disabledIds.contains(r.id())
                    && (only.isEmpty() || r.isContext() || only.contains(r.category()));
            all.put(r.id(), new RuleInfo(r.id(), r.category(), r.family(), r.weight(), r.description(), r.descriptionEn(),
                    r.message(), r.source(), r.examples(), on));
        }
        return all;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The pack this screener was built from (for {@link KnownClaims}'s tools). */
    RulePack rulePack() {
        return pack;
    }

    /**
     * Screens one text.
     *
     * @param id   the caller's id, echoed in the result (may be null)
     * @param text the text; must not be null
     * @throws NullPointerException when {@code text} is null
     */
    @Override
    public ScreeningResult screen(String id, String text) {
        return pipeline.screen(id, text);
    }

    /** Screens and returns every intermediate step (the same analysis as {@link #screen}, in detail). */
    @Override
    public Explanation explain(String text) {
        return pipeline.explain(text);
    }

    /** The rules of the loaded pack, sorted by id, with their effective weight and whether they are enabled. */
    public List<RuleInfo> rules() {
        return rules.values().stream().sorted(Comparator.comparing(RuleInfo::id)).toList();
    }

    /**
     * The version of the learned verdict's model that decides (the one in {@code rulesetVersion}), or null when the
     * rules' hand weights decide (no model, or {@code scoring=weights}).
     */
    public String modelVersion() {
        return settings.scoringMode().equals("weights") || pack.handWeights() || pack.verdict() == null ? null
                : pack.verdict().version();
    }

    /** Score at or above which a text is REVIEW. */
    public int reviewThreshold() {
        return pipeline.reviewThreshold();
    }

    /** Score at or above which a text is BLOCK. */
    public int blockThreshold() {
        return pipeline.blockThreshold();
    }

    /** The most positive points one category can contribute. */
    public int categoryCap() {
        return settings.categoryCap();
    }

    /** The scoring (thresholds, cap) this screener uses. */
    public Scoring scoring() {
        return settings.scoring();
    }

    /**
     * A short hash of the pack's sources, term lists and weights; with a {@code -degraded-…} suffix once rules were
     * taken out at run time (see {@link #quarantined()}).
     */
    @Override
    public String rulesetVersion() {
        return pipeline.version();
    }

    /**
     * Rules taken out of this screener at run time because their own code failed (threw, or did not stop when
     * halted), each with the reason, sorted by id; empty for a whole pack. Also logged at WARN when it happens.
     */
    public Map<String, String> quarantined() {
        return pipeline.engine().quarantineReasons();
    }

    /**
     * The loaded pack, for rule authors and tools: its warnings, overrides and term lists, and its rule examples run
     * against this screener (in the spirit of Caffeine's {@code policy()}: what screening does not need stays off the
     * screener itself).
     */
    public Pack pack() {
        return packView;
    }

    /** See {@link #pack()}. Thread-safe, like its screener. */
    public final class Pack {
        private Pack() {
        }

        /** Whether the rules are classes the build compiled (see {@link Builder#precompiled}). */
        public boolean isPrecompiled() {
            return pipeline.engine().isPrecompiled();
        }

        /**
         * What a rule author should look at, in file order: java.util.regex {@code matches} patterns prone to
         * backtracking, code that may do more than read facts and emit (consequences, evals, functions, from, method
         * calls in conditions), and the style policy ({@link RuleStyle}).
         */
        public List<PackWarning> warnings() {
            List<PackWarning> out = new ArrayList<>(pack.warnings());
            for (RuleInfo r : rules()) {
                String file = r.source().contains(":") ? r.source().substring(0, r.source().lastIndexOf(':')) : r.source();
                int line;
                try {
                    line = Integer.parseInt(r.source().substring(r.source().lastIndexOf(':') + 1));
                } catch (NumberFormatException e) {
                    line = 0;
                }
                for (String m : RuleStyle.problems(r)) {
                    out.add(new PackWarning(file, line, r.id(), PackWarning.Kind.STYLE, m));
                }
            }
            out.sort(Comparator.comparing(PackWarning::file).thenComparingInt(PackWarning::line));
            return out;
        }

        /**
         * Rules of added packs that replace a rule of the same id in the default (or a classpath) pack, sorted by id:
         * id → where the replaced rule was declared ({@code file:line}). Allowed (that is how a pack changes a default
         * rule), but worth a look: {@code rules check} lists them and {@code --strict-ids} refuses them.
         */
        public Map<String, String> overrides() {
            Map<String, String> out = new java.util.TreeMap<>();
            pack.overrides().forEach((id, at) -> out.put(id, at == null ? "?" : at.file() + ":" + at.line()));
            return java.util.Collections.unmodifiableMap(out);
        }

        /** Names of the loaded term lists. */
        public Set<String> termLists() {
            return pack.termLists();
        }

        /**
         * Every term list with its terms as written (words its {@code @cilin}/{@code @pos} classes brought in included),
         * each term followed by its aliases; lists sorted by name. For tools and baselines that need the same vocabulary.
         */
        public Map<String, List<String>> terms() {
            Map<String, List<String>> out = new java.util.TreeMap<>();
            pack.termListMap().forEach((name, list) -> {
                List<String> terms = new ArrayList<>(list.terms().size());
                for (String t : list.terms()) {
                    terms.add(t);
                    terms.addAll(list.aliases().getOrDefault(t, List.of()));
                }
                out.put(name, List.copyOf(terms));
            });
            return java.util.Collections.unmodifiableMap(out);
        }

        /**
         * Runs every example every enabled rule carries (LanguageTool style) and returns the failures; empty means all
         * pass. A rule that is disabled ({@code disableRules}, {@code onlyCategories}) cannot fire, so its examples are
         * not run. See {@link #checkExample}.
         */
        public List<ExampleFailure> checkExamples() {
            List<ExampleFailure> failures = new ArrayList<>();
            for (RuleInfo rule : rules()) {
                if (!rule.enabled()) {
                    continue;
                }
                for (RuleExample ex : rule.examples()) {
                    checkExample(rule, ex).ifPresent(failures::add);
                }
            }
            return failures;
        }

        /**
         * Screens one example of a rule. A HIT example fails when the rule does not fire or its evidence is not exactly the
         * marked spans (overlapping evidence spans count as one region); an OK example fails when the rule fires.
         */
        public java.util.Optional<ExampleFailure> checkExample(RuleInfo rule, RuleExample ex) {
            ScreeningResult r = Screener.this.screen(ex.text());
            List<Span> spans = regions(ex.text(), r.findings().stream().filter(f -> f.ruleId().equals(rule.id()))
                    .flatMap(f -> f.spans().stream()).sorted().toList());
            String reason = null;
            List<String> diagnosis = List.of();
            if (ex.kind() == RuleExample.Kind.HIT) {
                if (spans.isEmpty()) {
                    reason = "rule did not fire";
                    RuleInfo mine = rules.get(rule.id());
                    if (mine != null && !mine.enabled()) {
                        reason += " (it is disabled)";
                    } else if (quarantined().containsKey(rule.id())) {
                        reason += " (it was taken out: " + quarantined().get(rule.id()) + ")";
                    } else {
                        diagnosis = io.bianwei.internal.pack.Diagnosis.whyNot(pack.ruleModels().get(rule.id()),
                                Screener.this.explain(ex.text()));
                    }
                } else if (!spans.equals(ex.marked())) {
                    reason = "rule fired, but its evidence is not exactly the marked spans";
                }
            } else if (!spans.isEmpty()) {
                reason = "rule fired on an OK example";
            }
            return reason == null ? java.util.Optional.empty()
                    : java.util.Optional.of(new ExampleFailure(rule, ex, spans, reason, diagnosis));
        }
    }

    /** Sorted spans with overlapping ones merged (evidence regions, as an author marks them). */
    private static List<Span> regions(String text, List<Span> sorted) {
        List<Span> out = new ArrayList<>(sorted.size());
        for (Span sp : sorted) {
            Span last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && sp.start() < last.end()) {
                out.set(out.size() - 1, Span.of(text, last.start(), Math.max(last.end(), sp.end())));
            } else {
                out.add(sp);
            }
        }
        return out;
    }

    /**
     * A rule example that did not behave as written.
     *
     * @param diagnosis for a HIT example of a rule that did not fire, which of the rule's patterns found nothing (an
     *                  approximation from the rule's patterns and the example's term hits; empty otherwise)
     */
    public record ExampleFailure(RuleInfo rule, RuleExample example, List<Span> actual, String reason,
                                 List<String> diagnosis) {
        public ExampleFailure {
            actual = List.copyOf(actual);
            diagnosis = List.copyOf(diagnosis);
        }

        public ExampleFailure(RuleInfo rule, RuleExample example, List<Span> actual, String reason) {
            this(rule, example, actual, reason, List.of());
        }

        /** The example marked with the spans the rule actually reported. */
        public String actualMarked() {
            return new RuleExample(example.kind(), example.text(), actual).written();
        }

        @Override
        public String toString() {
            return rule.id() + " (" + rule.source() + ") " + example.kind() + " \"" + example.written() + "\": "
                    + reason + (diagnosis.isEmpty() ? "" : ": " + String.join("; ", diagnosis))
                    + (example.kind() == RuleExample.Kind.HIT ? "; actual \"" + actualMarked() + "\"" : "");
        }
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
        private boolean precompiled = true;
        private Duration childTimeLimit;
        private int childHeapMegabytes;
        private final Set<String> set = new HashSet<>();
        /** Options that are not settings: they may be given with {@link #settings}. */
        private static final Set<String> NOT_SETTINGS = Set.of("precompiled", "verifyInChildProcess");

        private record ClasspathPack(ClassLoader loader, String root) {
        }

        private Builder() {
        }

        private void once(String option) {
            boolean setting = !NOT_SETTINGS.contains(option);
            boolean settingsGiven = set.contains("settings");
            boolean othersGiven = set.stream().anyMatch(o -> !NOT_SETTINGS.contains(o));
            if ((setting && settingsGiven) || (option.equals("settings") && othersGiven) || !set.add(option)) {
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

        /** Whether a text whose rules ran out of time or firings is at least REVIEW (default true: fail closed). */
        public Builder failClosed(boolean on) {
            once("failClosed");
            s = s.withFailClosed(on);
            return this;
        }

        /**
         * Refuse packs with code that can do more than read facts and emit findings: consequences beyond one
         * {@code out.emit}, {@code eval}, functions, {@code from} and method calls in conditions (default false).
         */
        public Builder strict(boolean on) {
            once("strict");
            s = s.withStrict(on);
            return this;
        }

        /**
         * Whether to load the rules as the classes the build compiled when the pack is exactly what was precompiled
         * (the default pack, unchanged; default true). False compiles the DRL in this process, as it always does for
         * added or edited rules. Results are the same either way (tested); this only changes start-up time.
         */
        public Builder precompiled(boolean use) {
            once("precompiled");
            precompiled = use;
            return this;
        }

        /**
         * Whether to compile the rule folders given with {@link #addRules} and run every rule's examples in a child
         * JVM before this process loads them (default false: the embedder decides; {@code bianwei serve} turns it on
         * for its {@code --rules}). Pack code that calls {@code System.exit}, never returns or exhausts memory then
         * ends, hangs or exhausts the child, and {@link #build()} throws a {@link RulePackException} saying what
         * happened, instead of taking this process with it. Costs one JVM start, a compile and the examples (a few
         * seconds; see the README). Uses {@link io.bianwei.internal.pack.ChildCheck#DEFAULT_TIME_LIMIT 120 s} and a
         * 1 GB heap as the child's limits. The child runs on this JVM's class path; it is a tripwire, not a sandbox
         * (pack code can tell that it is being checked): {@link #strict} is what keeps code out of a pack.
         */
        public Builder verifyInChildProcess(boolean on) {
            return verifyInChildProcess(on ? io.bianwei.internal.pack.ChildCheck.DEFAULT_TIME_LIMIT : null,
                    io.bianwei.internal.pack.ChildCheck.DEFAULT_HEAP_MB);
        }

        /**
         * As {@link #verifyInChildProcess(boolean) verifyInChildProcess(true)}, with the child's time limit and heap
         * limit; a null time limit turns the check off.
         */
        public Builder verifyInChildProcess(Duration timeLimit, int maxHeapMegabytes) {
            once("verifyInChildProcess");
            if (timeLimit != null && (timeLimit.isNegative() || timeLimit.isZero() || maxHeapMegabytes < 64)) {
                throw new IllegalArgumentException("the child check needs a positive time limit and at least 64 MB");
            }
            childTimeLimit = timeLimit;
            childHeapMegabytes = maxHeapMegabytes;
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

        /**
         * Per-document budget of CPU time in rule code (default 5 s), over all its windows; a result that hits it is
         * incomplete (and fail-closed). CPU time, not wall-clock time, so a busy machine does not change verdicts; the
         * wall-clock stop, for code that sleeps or waits, is 4x this. No ordinary text comes near it: what a text can
         * make the engine do is bounded by its facts (see README, Reliability).
         */
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

        /** A {@code disableRules} id the pack does not have is a configuration problem. */
        private void unknownDisabled(RulePack pack, List<Problem> problems) {
            for (String id : s.disable()) {
                if (pack != null && !pack.rules().containsKey(id)) {
                    problems.add(new Problem("(configuration)", 0, "cannot disable unknown rule " + id));
                }
            }
        }

        /**
         * The rules this configuration loads, without building a screener: the DRL is read with Drools' parser but
         * not compiled, the term matcher is not built and HanLP's dictionaries are not loaded, so a listing costs a
         * fraction of {@link #build()}. The same checks of metadata, ids, weights and term-list references apply;
         * errors only the compiler finds (a consequence that does not compile, an unknown field) are left to build().
         *
         * @throws RulePackException as {@link #build()} for the problems it can see
         */
        public RuleCatalog catalog() {
            List<Problem> problems = new ArrayList<>();
            RulePack pack = RulePack.load(s.defaultRules(), classpathPacks.stream()
                    .map(c -> Map.entry(c.loader(), c.root())).toList(), s.rulePaths(), problems, false);
            if (pack != null && problems.isEmpty()) {
                pack = pack.withMetadata(pack.parsedMetadata(), problems);
            }
            unknownDisabled(pack, problems);
            if (!problems.isEmpty() || pack == null) {
                throw new RulePackException(problems);
            }
            List<RuleInfo> sorted = infos(s, pack).values().stream().sorted(Comparator.comparing(RuleInfo::id)).toList();
            return new RuleCatalog(sorted, pack.version());
        }

        /**
         * Compiles everything.
         *
         * @throws RulePackException naming file:line for broken DRL, duplicate ids, bad metadata, bad term lists
         */
        public Screener build() {
            List<Problem> problems = new ArrayList<>();
            // the build's compiled rule base is made on another thread as soon as the rule files are known (it runs
            // only our classes, and only when the files are exactly the ones they were compiled from)
            ClassLoader loader = RulePack.class.getClassLoader();
            java.util.concurrent.atomic.AtomicReference<io.bianwei.internal.pack.Background<DroolsEngine.Precompiled>>
                    base = new java.util.concurrent.atomic.AtomicReference<>();
            RulePack pack = RulePack.load(s.defaultRules(), classpathPacks.stream()
                            .map(c -> Map.entry(c.loader(), c.root())).toList(), s.rulePaths(), problems, true, precompiled,
                    precompiled ? drl -> base.set(io.bianwei.internal.pack.Background.start("bianwei-pack-engine",
                            () -> DroolsEngine.precompiledBase(loader, drl))) : null);
            if (pack != null && s.strict() && problems.isEmpty()) {
                // before anything is compiled: compiling runs code too (annotation values are evaluated)
                for (PackWarning w : pack.warnings()) {
                    if (w.kind() == PackWarning.Kind.CODE) {
                        problems.add(new Problem(w.file(), w.line(), "strict: " + (w.ruleId() == null ? ""
                                : w.ruleId() + ": ") + w.message()));
                    }
                }
                if (!problems.isEmpty()) {
                    throw new RulePackException(problems);
                }
            }
            if (pack != null && problems.isEmpty() && childTimeLimit != null && !s.rulePaths().isEmpty()) {
                var outcome = io.bianwei.internal.pack.ChildCheck.run(new io.bianwei.internal.pack.ChildCheck.Request(
                        s, classpathPacks.stream().map(ClasspathPack::root).toList(), precompiled, childTimeLimit,
                        childHeapMegabytes), classpathPacks.stream().map(ClasspathPack::loader).toList());
                org.slf4j.LoggerFactory.getLogger(Screener.class).debug("child check of {}: {} in {} ms",
                        s.rules(), outcome.problems().isEmpty() ? "passed" : "refused", outcome.millis());
                if (!outcome.problems().isEmpty()) {
                    throw new RulePackException(outcome.problems());
                }
            }
            RulePack loaded = pack;
            java.util.function.BiFunction<List<io.bianwei.internal.text.Source>, Set<String>,
                    List<io.bianwei.internal.text.Source>> without = (sources, broken) -> loaded.drlWithout(broken);
            DroolsEngine engine = null;
            if (pack != null && precompiled && problems.isEmpty()) {
                engine = base.get() != null
                        ? DroolsEngine.precompiled(base.get().join(), pack.drl(), problems, without)
                        : DroolsEngine.precompiled(loader, pack.drl(), problems, without);
            }
            if (pack != null && engine == null) {
                List<Problem> compiler = new ArrayList<>();
                engine = DroolsEngine.compile(pack.drl(), compiler, without);
                problems.addAll(pack.explainCompileErrors(compiler));
            }
            if (engine != null) {
                pack = pack.withMetadata(engine.metadata(), problems);
            }
            unknownDisabled(pack, problems);
            if (!problems.isEmpty() || pack == null || engine == null) {
                throw new RulePackException(problems);
            }
            return new Screener(s, pack, engine);
        }
    }
}
