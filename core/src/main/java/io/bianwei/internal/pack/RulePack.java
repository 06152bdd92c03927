package io.bianwei.internal.pack;

import io.bianwei.internal.text.Source;
import io.bianwei.Category;
import io.bianwei.RuleExample;
import io.bianwei.RuleInfo;
import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.match.TermMatcher;
import io.bianwei.internal.pack.DrlModel.Located;
import io.bianwei.internal.match.TermList;
import io.bianwei.internal.lexicon.Simplifier;
import io.bianwei.internal.text.Normalizer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A loaded rule pack before and after compilation: DRL sources (with overridden default rules cut out), term lists,
 * weights, the term matcher, and — once {@link #withMetadata} has validated what Drools parsed — the rules.
 */
public final class RulePack {
    private static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9_]*");

    private final List<DrlModel.FileModel> models;
    private final io.bianwei.internal.model.LinearVerdict verdict;
    private final boolean handWeights;
    private final Map<String, TermList> termLists;
    private final Map<String, Integer> weights;
    private final Map<String, Located> declared;
    private final Map<String, Located> weightsAt;
    private final String version;
    private final Normalizer normalizer;
    private final TermMatcher matcher;
    private final Map<String, RuleInfo> rules;
    private final List<io.bianwei.PackWarning> warnings;
    private final Map<String, List<Set<String>>> requirements;
    /** Rules of an added pack that replace a rule of the same id in the base pack: id → the replaced declaration. */
    private Map<String, Located> overrides = Map.of();
    private final io.bianwei.internal.claims.ClaimBase claims;
    private final io.bianwei.internal.claims.ClaimMatcher claimMatcher;

    private RulePack(List<DrlModel.FileModel> models, Map<String, TermList> termLists, Map<String, Integer> weights,
                     Map<String, Located> declared, Map<String, Located> weightsAt, String version,
                     Normalizer normalizer, TermMatcher matcher, Map<String, RuleInfo> rules,
                     List<io.bianwei.PackWarning> warnings, io.bianwei.internal.model.LinearVerdict verdict,
                     boolean handWeights, io.bianwei.internal.claims.ClaimBase claims,
                     io.bianwei.internal.claims.ClaimMatcher claimMatcher) {
        this.verdict = verdict;
        this.handWeights = handWeights;
        this.claims = claims;
        this.claimMatcher = claimMatcher;
        this.models = models;
        this.termLists = termLists;
        this.weights = weights;
        this.declared = declared;
        this.weightsAt = weightsAt;
        this.version = version;
        this.normalizer = normalizer;
        this.matcher = matcher;
        this.rules = rules;
        this.warnings = warnings;
        Map<String, List<Set<String>>> req = new java.util.HashMap<>();
        for (DrlModel.FileModel f : models) {
            for (DrlModel.Rule r : f.rules()) {
                req.put(r.name(), r.requirements());
            }
        }
        this.requirements = req;
    }

    /**
     * Reads the default pack (when asked), classpath packs and extra paths; checks term lists, duplicate rule ids
     * within a pack and references to unknown lists. Returns null when {@code problems} got anything.
     */
    public static RulePack load(boolean includeDefault, List<Map.Entry<ClassLoader, String>> classpathPacks,
                                List<Path> extra, List<Problem> problems) {
        return load(includeDefault, classpathPacks, extra, problems, true);
    }

    /**
     * As {@link #load(boolean, List, List, List)}; without {@code matcher} the term matcher is not built (a pack to
     * list, not to screen with: {@link #matcher()} is then null).
     */
    public static RulePack load(boolean includeDefault, List<Map.Entry<ClassLoader, String>> classpathPacks,
                                List<Path> extra, List<Problem> problems, boolean matcher) {
        return load(includeDefault, classpathPacks, extra, problems, matcher, true, null);
    }

    /**
     * As {@link #load(boolean, List, List, List, boolean)}; {@code drlKnown}, when given, is handed the rule files
     * (what {@link #drl()} will return) as soon as they are known, before the rest is checked, so that the caller can
     * start work that needs only them. Without {@code useBuilt}, the default pack's files are parsed even when the
     * build left what it made of them ({@link DrlSnapshot}).
     */
    public static RulePack load(boolean includeDefault, List<Map.Entry<ClassLoader, String>> classpathPacks,
                                List<Path> extra, List<Problem> problems, boolean matcher, boolean useBuilt,
                                java.util.function.Consumer<List<Source>> drlKnown) {
        PackFiles base = new PackFiles();
        if (includeDefault) {
            base.addClasspath(RulePack.class.getClassLoader(), PackFiles.DEFAULT_ROOT);
        }
        for (var cp : classpathPacks) {
            base.addClasspath(cp.getKey(), cp.getValue());
        }
        PackFiles more = new PackFiles();
        for (Path p : extra) {
            more.addPath(p);
        }
        problems.addAll(base.problems);
        problems.addAll(more.problems);

        // What does not depend on the rule files is read and built on other threads while this one reads them (a
        // cold start's largest parts): the term lists, variant tables and known claims on one, which starts the term
        // matcher on another, and the model on a third. Each keeps its problems apart; they are added below at the
        // place they always had, so a broken pack gets the same messages in the same order, and the work is dropped
        // when an earlier problem ends the load.
        List<Source> termSources = new ArrayList<>(base.terms);
        termSources.addAll(more.terms);
        List<Source> variantSources = new ArrayList<>(base.variants);
        variantSources.addAll(more.variants);
        // the known-claims base (claims/*.jsonl): every file adds its entries; ids are unique across all of them
        List<Source> claimSources = new ArrayList<>(base.claims);
        claimSources.addAll(more.claims);
        Background<Terms> terms = Background.start("bianwei-pack-terms", () -> Terms.build(termSources,
                variantSources, claimSources, matcher));
        // the learned verdict: the last model given (an added pack's over the default's); the default model only
        // with the default pack, when no added pack brings a model or rules of its own
        List<Source> modelSources = new ArrayList<>(base.models);
        modelSources.addAll(more.models);
        // the default model was trained on the default pack's rules: a pack that adds rules of its own (and no model)
        // is scored by hand weights, so that its rules count, until a model is learned for it
        boolean shippedModel = includeDefault && modelSources.isEmpty() && more.drl.isEmpty();
        Background<Object> model = Background.start("bianwei-pack-model", () -> {
            if (shippedModel) {
                PackFiles shipped = new PackFiles();
                shipped.addDefaultModel(RulePack.class.getClassLoader());
                modelSources.addAll(shipped.models);
            }
            if (modelSources.isEmpty()) {
                return null;
            }
            Source m = modelSources.get(modelSources.size() - 1);
            try {
                return io.bianwei.internal.model.LinearVerdict.parse(m.content(), m.name());
            } catch (io.bianwei.RulePackException e) {
                return e;
            }
        });

        // the default pack's files as the build parsed them, when they are exactly those (DrlSnapshot)
        List<DrlModel.FileModel> snapshot = includeDefault && useBuilt
                ? DrlSnapshot.read(RulePack.class.getClassLoader(), base.drl) : null;
        List<DrlModel.FileModel> baseModels = snapshot != null ? snapshot : parse(base.drl, problems);
        List<DrlModel.FileModel> extraModels = parse(more.drl, problems);
        Map<String, Located> baseRules = declarations(baseModels, problems);
        Map<String, Located> extraRules = declarations(extraModels, problems);
        Set<String> overridden = new HashSet<>(baseRules.keySet());
        overridden.retainAll(extraRules.keySet());
        List<DrlModel.FileModel> models = new ArrayList<>();
        for (DrlModel.FileModel f : baseModels) {
            boolean cut = f.rules().stream().anyMatch(r -> overridden.contains(r.name()));
            models.add(cut ? DrlModel.parse(DrlModel.cut(f, overridden)) : f);
        }
        models.addAll(extraModels);
        List<Source> drl = models.stream().map(DrlModel.FileModel::source).toList();
        if (drlKnown != null) {
            drlKnown.accept(drl);
        }
        Map<String, Located> declared = new LinkedHashMap<>(baseRules);
        declared.putAll(extraRules);

        Terms built = terms.join();
        problems.addAll(built.listProblems);
        Map<String, TermList> lists = built.lists;
        for (DrlModel.FileModel f : models) {
            for (Located ref : f.listReferences()) {
                if (!lists.containsKey(ref.name()) && !base.unreadableLists.contains(ref.name())
                        && !more.unreadableLists.contains(ref.name())) {
                    problems.add(new Problem(ref.file(), ref.line(), "unknown term list '" + ref.name() + "'"));
                }
            }
        }
        List<io.bianwei.PackWarning> warnings = new ArrayList<>();
        for (DrlModel.FileModel f : models) {
            warnings.addAll(f.warnings());
            for (Located re : f.rePatterns()) {
                try {
                    com.google.re2j.Pattern.compile(re.name());
                } catch (RuntimeException e) {
                    problems.add(new Problem(re.file(), re.line(), "invalid Re pattern \"" + re.name() + "\": "
                            + e.getMessage()));
                }
            }
        }
        List<Source> weightSources = new ArrayList<>(base.weights);
        weightSources.addAll(more.weights);
        Map<String, Located> weightsAt = new java.util.HashMap<>();
        Map<String, Integer> weights = parseWeights(weightSources, weightsAt, problems);
        if (drl.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem("(configuration)", 0, "no rule files (.drl) were given"));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        Normalizer normalizer = built.normalizer;
        problems.addAll(built.tableProblems);
        if (!problems.isEmpty()) {
            return null;
        }
        io.bianwei.internal.model.LinearVerdict verdict = null;
        Object m = model.join();
        if (m instanceof io.bianwei.RulePackException e) {
            problems.addAll(e.problems());
        } else {
            verdict = (io.bianwei.internal.model.LinearVerdict) m;
        }
        List<Source> settingSources = new ArrayList<>(base.settings);
        settingSources.addAll(more.settings);
        boolean handWeights = handWeights(settingSources, problems);
        if (!problems.isEmpty()) {
            return null;
        }
        Claims known = built.claims;
        problems.addAll(known.problems);
        warnings.addAll(known.warnings);
        if (!problems.isEmpty()) {
            return null;
        }
        io.bianwei.internal.claims.ClaimBase claims = known.base;
        io.bianwei.internal.claims.ClaimMatcher claimMatcher = known.matcher;
        TermMatcher termMatcher = built.matcher == null ? null : built.matcher.join();
        List<Source> hashed = new ArrayList<>(termSources);
        hashed.addAll(variantSources);
        if (verdict != null) {
            hashed.add(new Source("model", verdict.version()));
        }
        hashed.addAll(settingSources);
        hashed.addAll(claimSources);
        String version = version(drl, hashed, weightSources);
        RulePack out = new RulePack(List.copyOf(models), lists, weights, declared, Map.copyOf(weightsAt), version,
                normalizer, termMatcher, Map.of(), List.copyOf(warnings), verdict, handWeights, claims, claimMatcher);
        Map<String, Located> replaced = new TreeMap<>();
        for (String id : overridden) {
            replaced.put(id, baseRules.get(id));
        }
        out.overrides = java.util.Collections.unmodifiableMap(replaced);
        return out;
    }

    /** The term lists and variant tables of a pack, and (when both are sound and asked for) its term matcher. */
    private static final class Terms {
        final List<Problem> listProblems = new ArrayList<>();
        final List<Problem> tableProblems = new ArrayList<>();
        Map<String, TermList> lists;
        io.bianwei.internal.match.VariantTables tables;
        Normalizer normalizer;
        /** Built on a thread of its own: the largest single part of a cold start. */
        Background<TermMatcher> matcher;
        /** Read (and matched against, when asked) on this thread once the lists are known. */
        Claims claims;

        static Terms build(List<Source> termSources, List<Source> variantSources, List<Source> claimSources,
                           boolean matcher) {
            Terms t = new Terms();
            t.lists = TermLists.parse(termSources, t.listProblems);
            t.normalizer = new Normalizer(Simplifier::toSimplified);
            t.tables = io.bianwei.internal.match.VariantTables.parse(variantSources, t.tableProblems);
            if (t.listProblems.isEmpty() && t.tableProblems.isEmpty()) {
                Map<String, TermList> lists = t.lists;
                Normalizer normalizer = t.normalizer;
                io.bianwei.internal.match.VariantTables tables = t.tables;
                if (matcher) {
                    t.matcher = Background.start("bianwei-pack-matcher", () -> new TermMatcher(lists.values(),
                            normalizer, tables));
                }
                t.claims = Claims.build(claimSources, lists, normalizer, tables, matcher);
            }
            return t;
        }
    }

    /** The known-claims base, what reading it found wrong, and its matcher (when asked and the base is sound). */
    private record Claims(io.bianwei.internal.claims.ClaimBase base, List<Problem> problems,
                          List<io.bianwei.PackWarning> warnings, io.bianwei.internal.claims.ClaimMatcher matcher) {
        static Claims build(List<Source> sources, Map<String, TermList> lists, Normalizer normalizer,
                            io.bianwei.internal.match.VariantTables tables, boolean matcher) {
            List<Problem> problems = new ArrayList<>();
            List<io.bianwei.PackWarning> warnings = new ArrayList<>();
            io.bianwei.internal.claims.ClaimBase base = io.bianwei.internal.claims.ClaimBase.load(sources, lists,
                    problems, warnings);
            io.bianwei.internal.claims.ClaimMatcher m = matcher && problems.isEmpty() && !base.isEmpty()
                    ? new io.bianwei.internal.claims.ClaimMatcher(base, normalizer, tables) : null;
            return new Claims(base, problems, warnings, m);
        }
    }

    private static List<DrlModel.FileModel> parse(List<Source> sources, List<Problem> problems) {
        List<DrlModel.FileModel> out = new ArrayList<>();
        for (Source s : sources) {
            DrlModel.FileModel f = DrlModel.parse(s);
            problems.addAll(f.errors());
            out.add(f);
        }
        return out;
    }

    private static Map<String, Located> declarations(List<DrlModel.FileModel> models, List<Problem> problems) {
        Map<String, Located> out = new LinkedHashMap<>();
        for (DrlModel.FileModel f : models) {
            for (DrlModel.Rule r : f.rules()) {
                Located at = new Located(r.name(), r.file(), r.line());
                Located prev = out.putIfAbsent(r.name(), at);
                if (prev != null) {
                    problems.add(new Problem(r.file(), r.line(), "duplicate rule id " + r.name()
                            + " (first declared at " + prev.file() + ":" + prev.line() + ")"));
                }
            }
        }
        return out;
    }

    private static Map<String, Integer> parseWeights(List<Source> sources, Map<String, Located> where,
                                                     List<Problem> problems) {
        Map<String, Integer> out = new TreeMap<>();
        for (Source s : sources) {
            for (io.bianwei.WeightsFile.Entry e : io.bianwei.WeightsFile.parse(s.content(), s.name(), problems)) {
                out.put(e.ruleId(), e.weight());
                where.put(e.ruleId(), new Located(e.ruleId(), e.file(), e.line()));
            }
        }
        return out;
    }

    private static String version(List<Source> drl, List<Source> terms, List<Source> weights) {
        List<Source> all = new ArrayList<>(drl);
        all.addAll(terms);
        all.addAll(weights);
        return Source.digest(all);
    }

    /** Validates the metadata Drools parsed and returns the pack with its rules. */
    public RulePack withMetadata(Map<String, Map<String, Object>> metadata, List<Problem> problems) {
        Map<String, RuleInfo> out = new TreeMap<>();
        Map<String, String> packages = new java.util.HashMap<>();
        for (DrlModel.FileModel f : models) {
            for (DrlModel.Rule r : f.rules()) {
                packages.put(r.name(), f.packageName());
            }
        }
        for (var e : metadata.entrySet()) {
            String id = e.getKey();
            Located at = declared.get(id);
            String file = at == null ? "?" : at.file();
            int line = at == null ? 0 : at.line();
            String where = file + ":" + line;
            Map<String, Object> m = e.getValue();
            int before = problems.size();
            if (!ID.matcher(id).matches()) {
                problems.add(new Problem(file, line, "rule id '" + id + "' must be UPPER_SNAKE_CASE, e.g. PS_CURE_CLAIM"));
            }
            // the package gives the category (bianwei.pseudo_science → pseudo_science); @category may say it too
            String declaredCategory = str(m.get("category"));
            String fromPackage = packageCategory(packages.get(id));
            String category = declaredCategory != null ? declaredCategory : fromPackage;
            if (category == null || !Category.ALL.contains(category)) {
                problems.add(new Problem(file, line, id + ": @category must be one of " + new java.util.TreeSet<>(
                        Category.ALL) + ", got " + category + " (or put the rule in a package named after its"
                        + " category, e.g. package bianwei.pseudo_science)"));
            } else if (fromPackage != null && !fromPackage.equals(category)) {
                problems.add(new Problem(file, line, id + ": @category(\"" + category + "\") contradicts its package "
                        + packages.get(id)));
            }
            Integer weight = weights.containsKey(id) ? weights.get(id) : integer(m.get("weight"));
            if (weight == null && !m.containsKey("weight")) {
                problems.add(new Problem(file, line, id + ": @weight is missing: give the rule a weight after its"
                        + " name, e.g. @weight(40) (positive for evidence, negative for context), or a line"
                        + " '" + id + " 40' in weights.txt"));
            } else if (weight == null) {
                problems.add(new Problem(file, line, id + ": @weight must be an integer, got @weight("
                        + m.get("weight") + ")"));
            } else if (weight == 0 || Math.abs(weight) > 100) {
                problems.add(new Problem(file, line, id + ": weight must be non-zero and within ±100, got " + weight));
            } else if (category != null && Category.CONTEXT.equals(category) != (weight < 0)) {
                problems.add(new Problem(file, line, id + ": context rules need a negative weight, evidence rules a"
                        + " positive one (got " + weight + " for " + category + ")"));
            }
            // Drools files @description under the name of its own annotation type
            String description = str(m.getOrDefault("description", m.get("org.kie.api.definition.type.Description")));
            if (description == null || description.isBlank()) {
                problems.add(new Problem(file, line, id + ": @description is missing"));
            }
            List<RuleExample> examples = new ArrayList<>();
            for (var kv : new TreeMap<>(m).entrySet()) {
                RuleExample.Kind kind = kv.getKey().matches("hit\\d*") ? RuleExample.Kind.HIT
                        : kv.getKey().matches("ok\\d*") ? RuleExample.Kind.OK : null;
                if (kind != null) {
                    try {
                        RuleExample ex = RuleExample.parse(kind, str(kv.getValue()));
                        if (kind == RuleExample.Kind.OK && !ex.marked().isEmpty()) {
                            throw new IllegalArgumentException("an @ok example marks no evidence (remove the «»)");
                        }
                        examples.add(ex);
                    } catch (IllegalArgumentException ex) {
                        problems.add(new Problem(file, line, id + ": @" + kv.getKey() + ": " + ex.getMessage()));
                    }
                }
            }
            if (examples.stream().noneMatch(x -> x.kind() == RuleExample.Kind.HIT)
                    || examples.stream().noneMatch(x -> x.kind() == RuleExample.Kind.OK)) {
                problems.add(new Problem(file, line, id + ": needs at least one @hit and one @ok example"));
            }
            if (problems.size() == before) {
                String message = str(m.get("message"));
                String en = str(m.get("description_en"));
                String family = str(m.get("family"));
                out.put(id, new RuleInfo(id, category, family == null ? "" : family.strip(), weight, description, en == null ? "" : en,
                        message == null || message.isBlank() ? description : message, where, examples, true));
            }
        }
        for (String id : weights.keySet()) {
            if (!metadata.containsKey(id)) {
                Located at = weightsAt.get(id);
                problems.add(new Problem(at == null ? "weights.txt" : at.file(), at == null ? 0 : at.line(),
                        "weight given for unknown rule " + id));
            }
        }
        RulePack withRules = new RulePack(models, termLists, weights, declared, weightsAt, version, normalizer, matcher,
                java.util.Collections.unmodifiableMap(out), warnings, verdict, handWeights, claims, claimMatcher);
        withRules.overrides = overrides;
        return withRules;
    }

    /** The category a package names by its last segment ({@code bianwei.privacy_abuse}), or null. */
    static String packageCategory(String pkg) {
        if (pkg == null) {
            return null;
        }
        String last = pkg.substring(pkg.lastIndexOf('.') + 1);
        return Category.ALL.contains(last) ? last : null;
    }

    private static String str(Object o) {
        if (o == null) {
            return null;
        }
        String s = o.toString();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static Integer integer(Object o) {
        if (o instanceof Number n) {
            return n.intValue() == n.doubleValue() ? n.intValue() : null;
        }
        try {
            return o == null ? null : Integer.valueOf(str(o).strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public List<Source> drl() {
        return models.stream().map(DrlModel.FileModel::source).toList();
    }

    /** The DRL sources with the given rules cut out (line numbers kept), for rebuilding without a broken rule. */
    public List<Source> drlWithout(Set<String> rules) {
        List<Source> out = new ArrayList<>(models.size());
        for (DrlModel.FileModel f : models) {
            boolean has = f.rules().stream().anyMatch(r -> rules.contains(r.name()));
            out.add(has ? DrlModel.cut(f, rules) : f.source());
        }
        return out;
    }

    /**
     * Rules of the added packs ({@code addRules}) whose id is also a base pack's rule, which they replace: id → where
     * the replaced rule was declared.
     */
    public Map<String, Located> overrides() {
        return overrides;
    }

    /**
     * The compiler's problems with this pack in the author's terms: each at the line of its expression, a misspelt
     * field said as one, one message per mistake.
     */
    public List<Problem> explainCompileErrors(List<Problem> problems) {
        return ErrorMessages.compileErrors(problems, drl());
    }

    /** The parsed DRL files, in loading order. */
    public List<DrlModel.FileModel> models() {
        return models;
    }

    /**
     * Per rule, the term-list groups it needs (see {@link DrlModel.Rule#requirements}); a rule absent from the map or
     * mapped to null may fire on any text.
     */
    /** The learned verdict's model ({@code models/verdict.model}, or the default one), or null when there is none. */
    public io.bianwei.internal.model.LinearVerdict verdict() {
        return verdict;
    }

    /** Whether the pack asks for hand-weighted scoring even when a model is present ({@code scoring=weights}). */
    public boolean handWeights() {
        return handWeights;
    }

    /** {@code scoring=weights|model} of the packs' {@code pack.properties}, the last one given winning. */
    private static boolean handWeights(List<Source> settings, List<Problem> problems) {
        boolean weights = false;
        for (Source s : settings) {
            java.util.Properties p = new java.util.Properties();
            try {
                p.load(new java.io.StringReader(s.content()));
            } catch (java.io.IOException | IllegalArgumentException e) {
                problems.add(new Problem(s.name(), 0, "not a properties file: " + e.getMessage()));
                continue;
            }
            for (String key : p.stringPropertyNames()) {
                if (!key.equals("scoring")) {
                    problems.add(new Problem(s.name(), 0, "unknown setting '" + key + "' (known: scoring)"));
                }
            }
            String scoring = p.getProperty("scoring");
            if (scoring != null) {
                switch (scoring.strip()) {
                    case "weights" -> weights = true;
                    case "model" -> weights = false;
                    default -> problems.add(new Problem(s.name(), 0, "scoring must be 'weights' or 'model', got '"
                            + scoring.strip() + "'"));
                }
            }
        }
        return weights;
    }

    public Map<String, List<Set<String>>> requirements() {
        return requirements;
    }

    /**
     * Lint warnings: backtracking-prone {@code matches}, and every place the pack holds code beyond reading facts and
     * emitting findings ({@link io.bianwei.PackWarning.Kind#CODE}, what strict mode refuses; worked out on the first
     * call).
     */
    public List<io.bianwei.PackWarning> warnings() {
        List<io.bianwei.PackWarning> all = withCode;
        if (all == null) {
            List<io.bianwei.PackWarning> out = new ArrayList<>(warnings);
            for (DrlModel.FileModel f : models) {
                out.addAll(f.codeWarnings());
            }
            all = List.copyOf(out);
            withCode = all;
        }
        return all;
    }

    private volatile List<io.bianwei.PackWarning> withCode;

    public Map<String, RuleInfo> rules() {
        return rules;
    }

    public Set<String> termLists() {
        return termLists.keySet();
    }

    /** The term lists by name. */
    public Map<String, TermList> termListMap() {
        return termLists;
    }

    public String version() {
        return version;
    }

    public Normalizer normalizer() {
        return normalizer;
    }

    /** Each rule as the DRL parser read it (its needs' shape: one sentence, distinct lists, document counts). */
    public Map<String, DrlModel.Rule> ruleModels() {
        Map<String, DrlModel.Rule> out = new java.util.HashMap<>();
        for (DrlModel.FileModel f : models) {
            for (DrlModel.Rule r : f.rules()) {
                out.put(r.name(), r);
            }
        }
        return out;
    }

    /** Every rule's annotations as read by the DRL parser, in the form Drools' compiler gives them. */
    public Map<String, Map<String, Object>> parsedMetadata() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (DrlModel.FileModel f : models) {
            for (DrlModel.Rule r : f.rules()) {
                out.put(r.name(), r.metadata());
            }
        }
        return out;
    }

    public TermMatcher matcher() {
        return matcher;
    }

    /** The pack's known-claims base ({@code claims/*.jsonl}); empty when it has none. */
    public io.bianwei.internal.claims.ClaimBase claims() {
        return claims;
    }

    /** The matcher over {@link #claims()}, or null when the pack has no claims or was loaded without matchers. */
    public io.bianwei.internal.claims.ClaimMatcher claimMatcher() {
        return claimMatcher;
    }
}
