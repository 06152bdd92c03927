package io.bianwei.quality;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import io.bianwei.Explanation;
import io.bianwei.Finding;
import io.bianwei.Screener;
import io.bianwei.internal.model.LinearVerdict;
import io.bianwei.internal.model.Ngrams;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains the learned verdict ({@link LinearVerdict}) from labelled, screened texts: the arithmetic behind
 * {@code bianwei learn}.
 *
 * <p>One binary L2-regularised logistic regression per category (LIBLINEAR's {@code L2R_LR}, bias not regularised):
 * positive = flag texts of that category, negative = every other text. Features: each rule id that fired (value
 * {@link LinearVerdict.Features#ruleValue()}) and the hashed character n-grams of the normalised text (L2-normalised).
 *
 * <ol>
 *   <li>Folds: stratified by (label, category), k folds, texts ordered by id then shuffled with the seed inside each
 *       stratum and dealt round-robin: the same texts and seed give the same folds whatever the input order.</li>
 *   <li>C: per category, from {@link Options#cGrid()}, the one with the best cross-validated mean recall at 0.5, 1, 2
 *       and 5 % of ok texts flagged (by that category's probability; ties: the smaller C).</li>
 *   <li>Thresholds: the cross-validated document probability of a text is the highest of its categories'
 *       probabilities (each at its chosen C); REVIEW and BLOCK are cut where at most {@link Options#reviewRate()} and
 *       {@link Options#blockRate()} of the ok texts reach them (midway between the last ok text let in and the first
 *       kept out).</li>
 *   <li>The model: trained on all texts with each category's chosen C.</li>
 * </ol>
 * Deterministic: LIBLINEAR's Newton solver for {@code L2R_LR} uses no random numbers, and every sum is taken in a
 * fixed order, so the same examples, options and date give a byte-identical model file.
 */
public final class VerdictTrainer {
    /** The shares of ok texts flagged that reports give recall at. */
    public static final double[] RATES = {0.005, 0.01, 0.02, 0.05};

    private VerdictTrainer() {
    }

    /**
     * A screened, labelled text.
     *
     * @param id           unique within a training set
     * @param firedRuleIds ids of the rules that fired on it (evidence and context rules alike)
     * @param normalized   the pipeline's normalised text
     * @param label        {@code flag} or {@code ok}
     * @param category     a flag text's category (required); an ok text's is kept but not used
     */
    public record Example(String id, Set<String> firedRuleIds, String normalized, String label, String category) {
        public Example {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(normalized, "normalized");
            firedRuleIds = Collections.unmodifiableSet(new TreeSet<>(firedRuleIds));
            label = Label.parse(label).lowerCase();
            category = category == null || category.isBlank() ? null : category.strip();
            boolean flag = label.equals("flag");
            if (flag && category == null) {
                throw new IllegalArgumentException("flag text '" + id + "' has no category: the model learns one "
                        + "per category");
            }
            if (flag && !category.matches("\\S+")) {
                throw new IllegalArgumentException("flag text '" + id + "': a category is one word, got '" + category
                        + "'");
            }
        }

        public boolean flag() {
            return label.equals("flag");
        }
    }

    /** The pack's rule ids per screener (findings with other ids, such as a model's text features, are not rules). */
    private static final java.util.Map<Screener, Set<String>> RULE_IDS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * Screens a labelled text and keeps what training needs: the rules that fired (every finding of a rule of the
     * pack, context rules included; not the findings a model of its own adds, such as its text features) and the
     * normalised text.
     */
    public static Example screen(Screener screener, Sample sample) {
        Explanation e = screener.explain(sample.text());
        Set<String> rules = RULE_IDS.computeIfAbsent(screener, sc -> sc.rules().stream().map(r -> r.id())
                .collect(java.util.stream.Collectors.toUnmodifiableSet()));
        Set<String> fired = new TreeSet<>();
        for (Finding f : e.result().findings()) {
            if (rules.contains(f.ruleId())) {
                fired.add(f.ruleId());
            }
        }
        return new Example(sample.id(), fired, e.normalized(), sample.label().lowerCase(), sample.category());
    }

    /**
     * How to train.
     *
     * @param features    n-gram settings and the rule value
     * @param useRules    whether fired rules are features
     * @param useNgrams   whether n-grams are features
     * @param cGrid       the C values to choose from (ascending)
     * @param folds       cross-validation folds (≥ 2)
     * @param seed        the fold shuffle's seed
     * @param reviewRate  share of ok texts meant to reach REVIEW
     * @param blockRate   share meant to reach BLOCK (≤ reviewRate)
     * @param balanced    weight each category's positives by negatives/positives (class weights)
     * @param eps         LIBLINEAR's stopping tolerance
     * @param minWeight   n-gram weights smaller than this in magnitude are left out of the model (measured: 0.01
     *                    shrinks the file 3× and moves no probability by more than 0.003)
     * @param threads     training threads
     * @param provenance  where the texts come from (one line, written into the model)
     * @param trained     the date written into the model ({@code yyyy-mm-dd})
     */
    public record Options(LinearVerdict.Features features, boolean useRules, boolean useNgrams, double[] cGrid,
                          int folds, long seed, double reviewRate, double blockRate, boolean balanced, double eps,
                          double minWeight, int threads, String provenance, String trained) {
        public Options {
            Objects.requireNonNull(features, "features");
            cGrid = cGrid.clone();
            Arrays.sort(cGrid);
            if (cGrid.length == 0 || cGrid[0] <= 0) {
                throw new IllegalArgumentException("C values must be positive");
            }
            if (folds < 2) {
                throw new IllegalArgumentException("need at least 2 folds");
            }
            if (!(reviewRate > 0 && reviewRate < 1) || !(blockRate > 0 && blockRate <= reviewRate)) {
                throw new IllegalArgumentException("need 0 < block rate <= review rate < 1");
            }
            if (!useRules && !useNgrams) {
                throw new IllegalArgumentException("use rules, n-grams or both");
            }
            if (!(minWeight >= 0)) {
                throw new IllegalArgumentException("minWeight must not be negative");
            }
            threads = Math.max(1, threads);
            provenance = provenance == null ? "" : provenance;
            Objects.requireNonNull(trained, "trained");
        }

        @Override
        public double[] cGrid() {
            return cGrid.clone();
        }

        /** The defaults: {@link LinearVerdict.Features#defaults()}, rules and n-grams, C from 30/100/300, 5 folds,
         * seed 1, REVIEW 2 %, BLOCK 0.5 %, no class weights, eps 0.01, n-gram weights below 0.01 left out,
         * 2 threads. */
        public static Options defaults(String provenance, String trained) {
            return new Options(LinearVerdict.Features.defaults(), true, true, new double[]{30, 100, 300}, 5, 1,
                    0.02, 0.005, false, 0.01, 0.01, 2, provenance, trained);
        }

        public Options withMinWeight(double w) {
            return new Options(features, useRules, useNgrams, cGrid, folds, seed, reviewRate, blockRate, balanced, eps,
                    w, threads, provenance, trained);
        }

        public Options withFeatures(LinearVerdict.Features f) {
            return new Options(f, useRules, useNgrams, cGrid, folds, seed, reviewRate, blockRate, balanced, eps,
                    minWeight, threads, provenance, trained);
        }

        public Options withFeatureSets(boolean rules, boolean ngrams) {
            return new Options(features, rules, ngrams, cGrid, folds, seed, reviewRate, blockRate, balanced, eps,
                    minWeight, threads, provenance, trained);
        }

        public Options withCGrid(double... grid) {
            return new Options(features, useRules, useNgrams, grid, folds, seed, reviewRate, blockRate, balanced, eps,
                    minWeight, threads, provenance, trained);
        }

        public Options withFolds(int k, long seed) {
            return new Options(features, useRules, useNgrams, cGrid, k, seed, reviewRate, blockRate, balanced, eps,
                    minWeight, threads, provenance, trained);
        }

        public Options withRates(double review, double block) {
            return new Options(features, useRules, useNgrams, cGrid, folds, seed, review, block, balanced, eps,
                    minWeight, threads, provenance, trained);
        }

        public Options withBalanced(boolean on) {
            return new Options(features, useRules, useNgrams, cGrid, folds, seed, reviewRate, blockRate, on, eps,
                    minWeight, threads, provenance, trained);
        }

        public Options withThreads(int n) {
            return new Options(features, useRules, useNgrams, cGrid, folds, seed, reviewRate, blockRate, balanced, eps,
                    minWeight, n, provenance, trained);
        }
    }

    /**
     * Recall at a share of ok texts flagged.
     *
     * @param rate      the share of ok texts allowed to be flagged
     * @param threshold the probability cut that allows it
     * @param okRate    the share of ok texts actually at or above it (≤ rate)
     * @param caught    flag texts of the category at or above it
     * @param flag      flag texts of the category
     */
    public record AtRate(double rate, double threshold, double okRate, int caught, int flag) {
        public double recall() {
            return flag == 0 ? Double.NaN : (double) caught / flag;
        }
    }

    /**
     * One category's cross-validated figures.
     *
     * @param c         the C chosen
     * @param byC       the selection criterion (mean recall at {@link #RATES}, by the category's probability) per C
     * @param atRates   recall at {@link #RATES} by the document probability (what the verdict uses)
     * @param atReview  recall at the REVIEW threshold
     * @param atBlock   recall at the BLOCK threshold
     */
    public record CategoryReport(String category, int positives, int negatives, double c, Map<Double, Double> byC,
                                 List<AtRate> atRates, AtRate atReview, AtRate atBlock) {
        public CategoryReport {
            byC = Collections.unmodifiableMap(new LinkedHashMap<>(byC));
            atRates = List.copyOf(atRates);
        }
    }

    /**
     * What training reports.
     *
     * @param texts         texts trained on
     * @param flag          of which flag
     * @param ok            of which ok
     * @param folds         cross-validation folds
     * @param categories    per category, by name
     * @param thresholds    the thresholds chosen, with the rates met on the folds
     * @param trainMillis   wall time of cross-validation and final training (features included)
     */
    public record Report(int texts, int flag, int ok, int folds, List<CategoryReport> categories,
                         LinearVerdict.Thresholds thresholds, long trainMillis) {
        public Report {
            categories = List.copyOf(categories);
        }
    }

    /** A trained model and its report. */
    public record Result(LinearVerdict model, Report report) {
    }

    /** The cross-validated probabilities: per category (its chosen C) and per document (the highest), by example. */
    public record CrossValidation(List<Example> examples, Map<String, double[]> categoryProbabilities,
                                  double[] documentProbabilities) {
    }

    // --- training ----------------------------------------------------------------------------------------------------

    /**
     * Cross-validates, chooses C and the thresholds, and trains the final model on every example.
     *
     * @throws IllegalArgumentException with no flag or no ok texts, duplicate ids, or too few texts for the folds
     */
    public static Result train(List<Example> examples, Options options) {
        long t0 = System.nanoTime();
        Data d = new Data(examples, options);
        Chosen chosen = crossValidate(d, options);
        LinearVerdict.Thresholds thresholds = thresholds(d, chosen.docProb, options);
        List<LinearVerdict.CategoryWeights> weights = new ArrayList<>();
        List<Future<LinearVerdict.CategoryWeights>> futures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.threads(), d.categories.size()));
        try {
            for (String cat : d.categories) {
                double c = chosen.c.get(cat);
                futures.add(pool.submit(() -> weights(d, cat, c, trainOne(d, cat, all(d.n), c, null, options),
                        options.minWeight())));
            }
            for (Future<LinearVerdict.CategoryWeights> f : futures) {
                weights.add(get(f));
            }
        } finally {
            pool.shutdownNow();
        }
        int flag = (int) d.examples.stream().filter(Example::flag).count();
        LinearVerdict model = LinearVerdict.of(options.features(), thresholds,
                new LinearVerdict.Provenance(options.provenance(), options.trained(), d.n, flag, d.n - flag), weights);
        List<CategoryReport> reports = new ArrayList<>();
        for (String cat : d.categories) {
            List<AtRate> at = new ArrayList<>();
            for (double r : RATES) {
                at.add(atRate(d, chosen.docProb, cat, r));
            }
            reports.add(new CategoryReport(cat, d.positives(cat), d.n - d.positives(cat), chosen.c.get(cat),
                    chosen.criteria.get(cat), at, recallAt(d, chosen.docProb, cat, options.reviewRate(), thresholds.review()),
                    recallAt(d, chosen.docProb, cat, options.blockRate(), thresholds.block())));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new Result(model, new Report(d.n, flag, d.n - flag, options.folds(), reports, thresholds, ms));
    }

    /** Only the cross-validation (C chosen per category as {@link #train} does): for measuring feature choices. */
    public static CrossValidation crossValidate(List<Example> examples, Options options) {
        Data d = new Data(examples, options);
        Chosen chosen = crossValidate(d, options);
        Map<String, double[]> perCat = new TreeMap<>();
        chosen.catProb.forEach((k, v) -> perCat.put(k, v.clone()));
        return new CrossValidation(d.examples, perCat, chosen.docProb.clone());
    }

    /**
     * Recall of the flag texts of {@code category} at a share of ok texts flagged, ranking by {@code scores} (one per
     * example, higher = more suspect).
     */
    public static AtRate recallAtRate(List<Example> examples, double[] scores, String category, double rate) {
        List<Double> ok = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (!examples.get(i).flag()) {
                ok.add(scores[i]);
            }
        }
        double[] okScores = ok.stream().mapToDouble(Double::doubleValue).toArray();
        double t = threshold(okScores, rate);
        int caught = 0;
        int flag = 0;
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            if (e.flag() && e.category().equals(category)) {
                flag++;
                if (scores[i] >= t) {
                    caught++;
                }
            }
        }
        return new AtRate(rate, t, okRate(okScores, t), caught, flag);
    }

    // --- internals ---------------------------------------------------------------------------------------------------

    /** The examples as LIBLINEAR rows (shared by every category, fold and C), with the folds. */
    private static final class Data {
        final List<Example> examples; // sorted by id
        final int n;
        final Feature[][] x;
        final int dims;
        final List<String> rules; // rule feature k has LIBLINEAR index dims + 1 + k
        final int features; // LIBLINEAR n, bias included
        final List<String> categories;
        final int[] fold;

        Data(List<Example> input, Options o) {
            List<Example> sorted = new ArrayList<>(input);
            sorted.sort(Comparator.comparing(Example::id));
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                    throw new IllegalArgumentException("id '" + sorted.get(i).id() + "' appears twice");
                }
            }
            examples = List.copyOf(sorted);
            n = examples.size();
            categories = examples.stream().filter(Example::flag).map(Example::category).distinct().sorted().toList();
            if (categories.isEmpty()) {
                throw new IllegalArgumentException("no flag texts to learn from");
            }
            if (examples.stream().allMatch(Example::flag)) {
                throw new IllegalArgumentException("no ok texts to learn from");
            }
            dims = 1 << o.features().dimBits();
            Set<String> ruleSet = new TreeSet<>();
            if (o.useRules()) {
                examples.forEach(e -> ruleSet.addAll(e.firedRuleIds()));
            }
            rules = List.copyOf(ruleSet);
            features = dims + rules.size() + 1;
            x = new Feature[n][];
            for (int i = 0; i < n; i++) {
                x[i] = row(examples.get(i), o);
            }
            fold = folds(examples, o.folds(), o.seed());
        }

        private Feature[] row(Example e, Options o) {
            Ngrams.Vector v = o.useNgrams() ? o.features().vector(e.normalized()) : Ngrams.Vector.empty();
            List<String> fired = new ArrayList<>();
            if (o.useRules()) {
                for (String r : e.firedRuleIds()) {
                    if (Collections.binarySearch(rules, r) >= 0) {
                        fired.add(r);
                    }
                }
            }
            Feature[] row = new Feature[v.size() + fired.size() + 1];
            int k = 0;
            for (; k < v.size(); k++) {
                row[k] = new FeatureNode(v.index(k) + 1, v.value(k));
            }
            for (String r : fired) { // sorted, so indices ascend
                row[k++] = new FeatureNode(dims + 1 + Collections.binarySearch(rules, r), o.features().ruleValue());
            }
            row[k] = new FeatureNode(features, 1.0); // the bias
            return row;
        }

        int positives(String cat) {
            int p = 0;
            for (Example e : examples) {
                if (e.flag() && e.category().equals(cat)) {
                    p++;
                }
            }
            return p;
        }
    }

    /** Stratified folds: per (label, category) stratum, in id order, shuffled by the seed, dealt round-robin. */
    static int[] folds(List<Example> sortedById, int k, long seed) {
        Map<String, List<Integer>> strata = new TreeMap<>();
        for (int i = 0; i < sortedById.size(); i++) {
            Example e = sortedById.get(i);
            strata.computeIfAbsent(e.flag() ? "flag\t" + e.category() : "ok", s -> new ArrayList<>()).add(i);
        }
        int[] fold = new int[sortedById.size()];
        Random random = new Random(seed);
        int next = 0;
        for (List<Integer> members : strata.values()) {
            Collections.shuffle(members, random);
            for (int i : members) {
                fold[i] = next;
                next = (next + 1) % k; // continue the deal across strata: fold sizes differ by at most one
            }
        }
        return fold;
    }

    private static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Trains one binary model on the given rows; returns LIBLINEAR's weights oriented so that positive = category. */
    private static double[] trainOne(Data d, String cat, int[] rows, double c, double[] init, Options o) {
        Problem p = new Problem();
        p.l = rows.length;
        p.n = d.features;
        p.bias = 1;
        p.x = new Feature[rows.length][];
        p.y = new double[rows.length];
        int pos = 0;
        for (int i = 0; i < rows.length; i++) {
            Example e = d.examples.get(rows[i]);
            p.x[i] = d.x[rows[i]];
            boolean positive = e.flag() && e.category().equals(cat);
            p.y[i] = positive ? 1 : -1;
            if (positive) {
                if (pos == 0 && i > 0) { // LIBLINEAR orders labels by first occurrence: make +1 its first class
                    Feature[] x0 = p.x[0];
                    p.x[0] = p.x[i];
                    p.x[i] = x0;
                    p.y[i] = p.y[0];
                    p.y[0] = 1;
                }
                pos++;
            }
        }
        if (pos == 0 || pos == rows.length) {
            double[] w = new double[d.features];
            w[d.features - 1] = pos == 0 ? -10 : 10; // one class only: a constant model
            return w;
        }
        Parameter param = new Parameter(SolverType.L2R_LR, c, o.eps());
        param.setRegularizeBias(false);
        if (o.balanced()) {
            param.setWeights(new double[]{(double) (rows.length - pos) / pos, 1.0}, new int[]{1, -1});
        }
        if (init != null) {
            param.setInitSol(init);
        }
        Model m = Linear.train(p, param);
        if (m.getLabels()[0] != 1) {
            throw new IllegalStateException("LIBLINEAR did not take +1 as its first class");
        }
        return m.getFeatureWeights().clone();
    }

    private static LinearVerdict.CategoryWeights weights(Data d, String cat, double c, double[] w, double minWeight) {
        Map<String, Double> rules = new TreeMap<>();
        for (int k = 0; k < d.rules.size(); k++) {
            if (w[d.dims + k] != 0) {
                rules.put(d.rules.get(k), w[d.dims + k]);
            }
        }
        Map<Integer, Double> ngrams = new TreeMap<>();
        for (int k = 0; k < d.dims; k++) {
            if (w[k] != 0 && Math.abs(w[k]) >= minWeight) {
                ngrams.put(k, w[k]);
            }
        }
        int pos = d.positives(cat);
        return new LinearVerdict.CategoryWeights(cat, c, pos, d.n - pos, w[d.features - 1], rules, ngrams);
    }

    /** w·x for a row (LIBLINEAR's decision value). */
    private static double decision(double[] w, Feature[] row) {
        double s = 0;
        for (Feature f : row) {
            s += w[f.getIndex() - 1] * f.getValue();
        }
        return s;
    }

    private record Chosen(Map<String, Double> c, Map<String, Map<Double, Double>> criteria,
                          Map<String, double[]> catProb, double[] docProb) {
    }

    private static Chosen crossValidate(Data d, Options o) {
        for (int k = 0; k < o.folds(); k++) {
            int size = 0;
            for (int f : d.fold) {
                if (f == k) {
                    size++;
                }
            }
            if (size == 0) {
                throw new IllegalArgumentException("too few texts (" + d.n + ") for " + o.folds() + " folds");
            }
        }
        Linear.disableDebugOutput();
        double[] grid = o.cGrid();
        // prob[category][C index][example]: each example scored by the model of the fold that left it out
        Map<String, double[][]> prob = new TreeMap<>();
        for (String cat : d.categories) {
            prob.put(cat, new double[grid.length][d.n]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(o.threads());
        List<Future<?>> tasks = new ArrayList<>();
        try {
            for (String cat : d.categories) {
                for (int k = 0; k < o.folds(); k++) {
                    int fk = k;
                    tasks.add(pool.submit(() -> {
                        List<Integer> train = new ArrayList<>();
                        List<Integer> test = new ArrayList<>();
                        for (int i = 0; i < d.n; i++) {
                            (d.fold[i] == fk ? test : train).add(i);
                        }
                        int[] rows = train.stream().mapToInt(Integer::intValue).toArray();
                        double[] w = null;
                        for (int g = 0; g < grid.length; g++) { // ascending C, each warm-started from the last
                            w = trainOne(d, cat, rows, grid[g], w, o);
                            double[][] out = prob.get(cat);
                            for (int i : test) {
                                out[g][i] = LinearVerdict.sigmoid(decision(w, d.x[i]));
                            }
                        }
                    }));
                }
            }
            for (Future<?> f : tasks) {
                get(f);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Double> chosenC = new TreeMap<>();
        Map<String, Map<Double, Double>> criteria = new TreeMap<>();
        Map<String, double[]> catProb = new TreeMap<>();
        for (String cat : d.categories) {
            Map<Double, Double> byC = new LinkedHashMap<>();
            int best = 0;
            double bestValue = -1;
            for (int g = 0; g < grid.length; g++) {
                double sum = 0;
                for (double r : RATES) {
                    double rec = recallAtRate(d.examples, prob.get(cat)[g], cat, r).recall();
                    sum += Double.isNaN(rec) ? 0 : rec;
                }
                double v = sum / RATES.length;
                byC.put(grid[g], v);
                if (v > bestValue + 1e-12) {
                    bestValue = v;
                    best = g;
                }
            }
            chosenC.put(cat, grid[best]);
            criteria.put(cat, byC);
            catProb.put(cat, prob.get(cat)[best]);
        }
        double[] doc = new double[d.n];
        for (double[] p : catProb.values()) {
            for (int i = 0; i < d.n; i++) {
                doc[i] = Math.max(doc[i], p[i]);
            }
        }
        return new Chosen(chosenC, criteria, catProb, doc);
    }

    private static LinearVerdict.Thresholds thresholds(Data d, double[] docProb, Options o) {
        double[] ok = okScores(d.examples, docProb);
        double review = Math.min(1.0, threshold(ok, o.reviewRate()));
        double block = Math.max(review, Math.min(1.0, threshold(ok, o.blockRate())));
        return new LinearVerdict.Thresholds(review, block, o.reviewRate(), o.blockRate(), okRate(ok, review),
                okRate(ok, block));
    }

    private static double[] okScores(List<Example> examples, double[] scores) {
        double[] ok = new double[(int) examples.stream().filter(e -> !e.flag()).count()];
        int j = 0;
        for (int i = 0; i < examples.size(); i++) {
            if (!examples.get(i).flag()) {
                ok[j++] = scores[i];
            }
        }
        return ok;
    }

    /**
     * The lowest cut (a number of at most 6 decimals, as model files keep it) at which at most {@code rate} of the ok
     * scores are at or above it: midway between the last ok score let in and the first kept out (1 when none is let
     * in); just above the first kept out when they tie.
     */
    static double threshold(double[] okScores, double rate) {
        return threshold(okScores, rate, 1.0);
    }

    /**
     * As {@link #threshold(double[], double)} for scores of any range: with no ok text let in, midway between the
     * highest ok score and {@code ceiling}, or just above it when the ceiling is NaN.
     */
    static double threshold(double[] okScores, double rate, double ceiling) {
        double[] s = okScores.clone();
        Arrays.sort(s); // ascending
        int n = s.length;
        int allowed = (int) Math.floor(rate * n + 1e-9);
        if (n == 0 || allowed >= n) {
            return 0;
        }
        double out = s[n - 1 - allowed]; // the highest ok score that must stay below the cut
        double in = allowed > 0 ? s[n - allowed] : Double.isNaN(ceiling) ? out : ceiling; // the lowest let in
        double t = Math.round((out + in) / 2 * 1e6) / 1e6;
        if (t <= out) {
            t = (Math.floor(out * 1e6) + 1) / 1e6;
        }
        return t;
    }

    static double okRate(double[] okScores, double t) {
        if (okScores.length == 0) {
            return 0;
        }
        int above = 0;
        for (double s : okScores) {
            if (s >= t) {
                above++;
            }
        }
        return (double) above / okScores.length;
    }

    private static AtRate atRate(Data d, double[] docProb, String cat, double rate) {
        return recallAtRate(d.examples, docProb, cat, rate);
    }

    private static AtRate recallAt(Data d, double[] docProb, String cat, double rate, double t) {
        double[] ok = okScores(d.examples, docProb);
        int caught = 0;
        int flag = 0;
        for (int i = 0; i < d.n; i++) {
            Example e = d.examples.get(i);
            if (e.flag() && e.category().equals(cat)) {
                flag++;
                if (docProb[i] >= t) {
                    caught++;
                }
            }
        }
        return new AtRate(rate, t, okRate(ok, t), caught, flag);
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    /** The ids of a list of examples (for callers that keep a training set). */
    static Set<String> ids(List<Example> examples) {
        Set<String> out = new HashSet<>();
        examples.forEach(e -> out.add(e.id()));
        return out;
    }
}
