package io.bianwei.internal.pack;

import io.bianwei.Category;
import io.bianwei.RuleExample;
import io.bianwei.RuleInfo;
import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.match.TermMatcher;
import io.bianwei.internal.pack.DrlModel.Located;
import io.bianwei.internal.pack.TermLists.TermList;
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
    private final Map<String, io.bianwei.LearnedModel> learned;
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
    private final io.bianwei.internal.claims.ClaimBase claims;
    private final io.bianwei.internal.claims.ClaimMatcher claimMatcher;

    private RulePack(List<DrlModel.FileModel> models, Map<String, TermList> termLists, Map<String, Integer> weights,
                     Map<String, Located> declared, Map<String, Located> weightsAt, String version,
                     Normalizer normalizer, TermMatcher matcher, Map<String, RuleInfo> rules,
                     List<io.bianwei.PackWarning> warnings, Map<String, io.bianwei.LearnedModel> learned,
                     io.bianwei.internal.claims.ClaimBase claims,
                     io.bianwei.internal.claims.ClaimMatcher claimMatcher) {
        this.claims = claims;
        this.claimMatcher = claimMatcher;
        this.learned = learned;
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

        List<DrlModel.FileModel> baseModels = parse(base.drl, problems);
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
        Map<String, Located> declared = new LinkedHashMap<>(baseRules);
        declared.putAll(extraRules);

        List<Source> termSources = new ArrayList<>(base.terms);
        termSources.addAll(more.terms);
        Map<String, TermList> lists = TermLists.parse(termSources, problems);
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
        Normalizer normalizer = new Normalizer(Simplifier::toSimplified);
        List<Source> variantSources = new ArrayList<>(base.variants);
        variantSources.addAll(more.variants);
        io.bianwei.internal.match.VariantTables tables = io.bianwei.internal.match.VariantTables.parse(variantSources,
                problems);
        if (!problems.isEmpty()) {
            return null;
        }
        Map<String, io.bianwei.LearnedModel> learned = new TreeMap<>();
        List<Source> modelSources = new ArrayList<>(base.models);
        modelSources.addAll(more.models);
        for (Source m : modelSources) {
            io.bianwei.LearnedModel model = io.bianwei.LearnedModel.parse(m.content(), m.name(), problems);
            if (model != null) {
                learned.put(baseName(m.name()).replaceFirst("\\.nb$", ""), model); // a later pack's model of the same name wins
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        // the known-claims base (claims/*.jsonl): every file adds its entries; ids are unique across all of them
        List<Source> claimSources = new ArrayList<>(base.claims);
        claimSources.addAll(more.claims);
        io.bianwei.internal.claims.ClaimBase claims = io.bianwei.internal.claims.ClaimBase.load(claimSources, lists,
                problems, warnings);
        if (!problems.isEmpty()) {
            return null;
        }
        TermMatcher termMatcher = matcher ? new TermMatcher(lists.values(), normalizer, tables) : null;
        io.bianwei.internal.claims.ClaimMatcher claimMatcher = matcher && !claims.isEmpty()
                ? new io.bianwei.internal.claims.ClaimMatcher(claims, normalizer, tables) : null;
        List<Source> hashed = new ArrayList<>(termSources);
        hashed.addAll(variantSources);
        hashed.addAll(modelSources);
        hashed.addAll(claimSources);
        String version = version(drl, hashed, weightSources);
        return new RulePack(List.copyOf(models), lists, weights, declared, Map.copyOf(weightsAt), version,
                normalizer, termMatcher, Map.of(), List.copyOf(warnings), java.util.Collections.unmodifiableMap(learned),
                claims, claimMatcher);
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
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<Source> all = new ArrayList<>(drl);
            all.addAll(terms);
            all.addAll(weights);
            all.sort(Comparator.comparing((Source s) -> baseName(s.name())).thenComparing(Source::content));
            for (Source s : all) {
                md.update(baseName(s.name()).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(s.content().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String baseName(String name) {
        String n = name.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
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
            if (weight == null) {
                problems.add(new Problem(file, line, id + ": @weight must be an integer"));
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
        return new RulePack(models, termLists, weights, declared, weightsAt, version, normalizer, matcher,
                java.util.Collections.unmodifiableMap(out), warnings, learned, claims, claimMatcher);
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

    /** The parsed DRL files, in loading order. */
    public List<DrlModel.FileModel> models() {
        return models;
    }

    /**
     * Per rule, the term-list groups it needs (see {@link DrlModel.Rule#requirements}); a rule absent from the map or
     * mapped to null may fire on any text.
     */
    /** The pack's learned models by name ({@code models/<name>.nb}). */
    public Map<String, io.bianwei.LearnedModel> learned() {
        return learned;
    }

    /** Rules that match a {@code Learned} fact, with the lowest probability each needs. */
    public Map<String, Double> learnedRules() {
        Map<String, Double> out = new TreeMap<>();
        for (DrlModel.FileModel f : models) {
            for (DrlModel.Rule r : f.rules()) {
                if (r.learned()) {
                    out.put(r.name(), r.learnedGate());
                }
            }
        }
        return out;
    }

    public Map<String, List<Set<String>>> requirements() {
        return requirements;
    }

    /** Lint warnings: backtracking-prone {@code matches}, consequences that do more than emit. */
    public List<io.bianwei.PackWarning> warnings() {
        return warnings;
    }

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
