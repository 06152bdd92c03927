package io.bianwei.quality;

import io.bianwei.Verdict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Fits rule weights to labelled firing vectors (SpamAssassin/Rspamd-style score tuning), the arithmetic behind
 * {@code bianwei tune}.
 *
 * <h2>Method</h2>
 * <ol>
 *   <li><b>Split</b>: stratified by (label, category): each group is shuffled with {@code new Random(seed)} and
 *       {@code round(n × holdoutFraction)} of it is held out. The held-out part is only ever measured.</li>
 *   <li><b>Fit</b>, for every candidate of a small grid (cost of an {@code ok} text relative to a {@code flag} text ×
 *       L2 strength): projected gradient descent (Adam, full batch, fixed iteration order) on a class-weighted
 *       logistic loss of the document's points against the REVIEW boundary, plus L2 toward the current weights. The
 *       points are the scorer's (per-category cap, context subtraction) with the floor at zero smoothed so that a
 *       text held at zero by a context rule still pulls on that rule. After each step every weight is projected into
 *       its sign range: evidence rules [1, 100], context rules [−100, −1]. The result is rounded to integers.</li>
 *   <li><b>Choose</b>, on the training part only: every setting is also cross-validated there ({@link #FOLDS}
 *       stratified folds: fit on the others, score each fold exactly with {@link ScoreModel}, pool the counts). Among
 *       the current weights (scored as they are) and the settings, those whose figures meet the constraints — ok
 *       false-positive rate ≤ target, ok BLOCK rate ≤ its limit — compete on the fewest missed flag texts; ties:
 *       fewer false positives, fewer ok BLOCKs, the least change (L1), grid order (the current weights first). If
 *       none meets the constraints, the least violation wins. The chosen setting's weights are its fit on the whole
 *       training part. Cross-validating (rather than scoring the fits on the texts they were fitted to) keeps the
 *       choice from favouring the weakest regularisation.</li>
 *   <li><b>Measure</b> before (current weights) and after (chosen) on both parts. The held-out part <i>improves</i>
 *       when after meets the constraints there and misses fewer flag texts (or as many, with fewer false positives),
 *       or when before did not meet them and after does.</li>
 * </ol>
 * Deterministic: the only randomness is the seeded split; everything else runs in a fixed order.
 *
 * <pre>{@code
 * FiringData.Builder b = new FiringData.Builder(screener.rules());
 * samples.forEach(s -> b.add(s, screener.screen(s.id(), s.text())));
 * Tuner.Result r = Tuner.tune(b.build(), ScoreModel.of(screener.settings()), Tuner.Options.defaults());
 * if (r.improved()) { ... WeightProposal.of(r, WeightOverrides.inForce(settings), screener.rules()) ... }
 * }</pre>
 * Every result type is an immutable record (arrays are copied in and out).
 */
public final class Tuner {
    /** Costs of an ok text relative to a flag text tried by the grid. */
    static final double[] OK_COSTS = {1, 2, 4, 8, 16, 32, 64};
    /** L2 strengths (per point², against a loss averaged per class) tried by the grid. */
    static final double[] L2 = {1e-5, 3e-5, 1e-4, 3e-4, 1e-3};
    /** Logistic temperature in points: a text 5 points past the boundary is fairly sure. */
    static final double TEMPERATURE = 5;
    /** Softness of the zero floor of a category, in points. */
    static final double FLOOR_SOFTNESS = 2;
    static final int ITERATIONS = 800;
    /** Cross-validation folds within the training part, for choosing a setting of the grid. */
    static final int FOLDS = 5;
    static final int MIN_WEIGHT = 1;
    static final int MAX_WEIGHT = 100;

    private Tuner() {
    }

    /**
     * @param holdoutFraction share of each (label, category) group held out, in [0, 1)
     * @param seed            seed of the split
     * @param targetFp        highest acceptable false-positive rate on ok texts (training part)
     * @param maxOkBlock      highest acceptable BLOCK rate on ok texts (training part)
     */
    public record Options(double holdoutFraction, long seed, double targetFp, double maxOkBlock) {
        /** @throws IllegalArgumentException for a fraction outside [0, 1) or a rate outside [0, 1] */
        public Options {
            if (!(holdoutFraction >= 0 && holdoutFraction < 1)) {
                throw new IllegalArgumentException("holdout fraction must be in [0, 1), got " + holdoutFraction);
            }
            if (!(targetFp >= 0 && targetFp <= 1) || !(maxOkBlock >= 0 && maxOkBlock <= 1)) {
                throw new IllegalArgumentException("rates must be in [0, 1]");
            }
        }

        /** {@code bianwei tune}'s defaults: 30 % held out, seed 1, FP on ok ≤ 1 %, BLOCK on ok ≤ 0.5 %. */
        public static Options defaults() {
            return new Options(0.3, 1, 0.01, 0.005);
        }
    }

    /**
     * Counts on one part, flagged = REVIEW or BLOCK; the ratios are NaN where a denominator is zero.
     *
     * @param flag      flag texts
     * @param ok        ok texts
     * @param caught    flag texts flagged
     * @param okFlagged ok texts flagged
     * @param okBlocked ok texts with verdict BLOCK
     */
    public record Figures(int flag, int ok, int caught, int okFlagged, int okBlocked) {
        /** The counts of both parts together. */
        public Figures plus(Figures o) {
            return new Figures(flag + o.flag, ok + o.ok, caught + o.caught, okFlagged + o.okFlagged,
                    okBlocked + o.okBlocked);
        }

        /** Flag texts passed. */
        public int misses() {
            return flag - caught;
        }

        public double precision() {
            return Evaluation.ratio(caught, caught + okFlagged);
        }

        public double recall() {
            return Evaluation.ratio(caught, flag);
        }

        public double f1() {
            return Evaluation.ratio(2 * caught, 2 * caught + okFlagged + misses());
        }

        public double missRate() {
            return Evaluation.ratio(misses(), flag);
        }

        /** False-positive rate on ok texts. */
        public double fpRate() {
            return Evaluation.ratio(okFlagged, ok);
        }

        public double okBlockRate() {
            return Evaluation.ratio(okBlocked, ok);
        }

        /** How far the ok texts are over the limits (0 = within them), in texts. */
        public int violation(Options o) {
            return Math.max(0, okFlagged - allowed(o.targetFp(), ok)) + Math.max(0, okBlocked - allowed(o.maxOkBlock(), ok));
        }

        /** Whether the ok texts are within the limits of the options. */
        public boolean feasible(Options o) {
            return violation(o) == 0;
        }

        private static int allowed(double rate, int n) {
            return (int) Math.floor(rate * n + 1e-9);
        }
    }

    /** The documents of the two parts, each in input order. */
    public record Split(List<FiringData.Doc> train, List<FiringData.Doc> heldOut) {
        public Split {
            train = List.copyOf(train);
            heldOut = List.copyOf(heldOut);
        }
    }

    /**
     * One setting of the grid (okCost 0 = the current weights): the weights fitted on the whole training part, their
     * exact figures there, and the pooled figures of {@link #FOLDS}-fold cross-validation within the training part
     * (for the current weights, which are not fitted, the training figures).
     */
    public record Candidate(double okCost, double l2, int[] weights, Figures train, Figures cv) {
        public Candidate {
            weights = weights.clone();
        }

        /** A copy of the weights, by rule index. */
        @Override
        public int[] weights() {
            return weights.clone();
        }

        /** Whether this is the current weights rather than a fit. */
        public boolean isCurrent() {
            return okCost == 0;
        }
    }

    /**
     * What tuning found.
     *
     * @param data          the firing vectors tuned on
     * @param options       the options used
     * @param model         the scoring used
     * @param split         the training and held-out parts
     * @param before        the current weights, by rule index of {@link #data}
     * @param after         the chosen weights
     * @param chosen        the chosen candidate
     * @param candidates    every candidate, the current weights first, then the grid in order
     * @param trainBefore   the current weights' figures on the training part
     * @param trainAfter    the chosen weights' figures on the training part
     * @param heldOutBefore the current weights' figures on the held-out part
     * @param heldOutAfter  the chosen weights' figures on the held-out part
     * @param improved      whether the held-out part improves (see the class comment); false with nothing held out
     *                      or nothing changed
     */
    public record Result(FiringData data, Options options, ScoreModel model, Split split, int[] before, int[] after,
                         Candidate chosen, List<Candidate> candidates, Figures trainBefore, Figures trainAfter,
                         Figures heldOutBefore, Figures heldOutAfter, boolean improved) {
        public Result {
            before = before.clone();
            after = after.clone();
            candidates = List.copyOf(candidates);
        }

        /** A copy of the current weights, by rule index. */
        @Override
        public int[] before() {
            return before.clone();
        }

        /** A copy of the chosen weights, by rule index. */
        @Override
        public int[] after() {
            return after.clone();
        }

        /** Rules whose weight changed, by rule index, ascending by id. */
        public List<Integer> changed() {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < before.length; i++) {
                if (before[i] != after[i]) {
                    out.add(i);
                }
            }
            return out;
        }

        /** Rule id → chosen weight, for every rule. */
        public Map<String, Integer> weights() {
            Map<String, Integer> out = new TreeMap<>();
            for (int i = 0; i < after.length; i++) {
                out.put(data.rules().get(i), after[i]);
            }
            return out;
        }

        /** Whether anything was held out (and measured). */
        public boolean hasHeldOut() {
            return !split.heldOut().isEmpty();
        }
    }

    /** Splits, fits the grid, chooses and measures, on this thread. */
    public static Result tune(FiringData data, ScoreModel model, Options options) {
        return tune(data, model, options, 1);
    }

    /**
     * Splits, fits the grid (its settings on up to {@code threads} threads: the fits are independent, so the result
     * does not depend on the number), chooses and measures.
     */
    public static Result tune(FiringData data, ScoreModel model, Options options, int threads) {
        Split split = split(data.docs(), options.holdoutFraction(), options.seed());
        int[] before = data.weights();
        List<Candidate> candidates = new ArrayList<>();
        Figures current = measure(split.train(), before, model);
        candidates.add(new Candidate(0, 0, before, current, current));
        List<List<FiringData.Doc>> folds = folds(split.train(), FOLDS, options.seed());
        List<java.util.concurrent.Callable<Candidate>> grid = new ArrayList<>();
        for (double l2 : L2) {
            for (double okCost : OK_COSTS) {
                grid.add(() -> candidate(data, split.train(), folds, model, before, okCost, l2));
            }
        }
        if (threads <= 1) {
            for (var task : grid) {
                try {
                    candidates.add(task.call());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        } else {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads,
                    r -> {
                        Thread t = new Thread(r, "bianwei-tune");
                        t.setDaemon(true);
                        return t;
                    });
            try {
                for (var f : pool.invokeAll(grid)) {
                    candidates.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        Candidate chosen = choose(candidates, before, options);
        int[] after = chosen.weights();
        Figures heldBefore = measure(split.heldOut(), before, model);
        Figures heldAfter = measure(split.heldOut(), after, model);
        boolean improved = !split.heldOut().isEmpty() && !Arrays.equals(before, after)
                && improves(heldBefore, heldAfter, options);
        return new Result(data, options, model, split, before, after, chosen, List.copyOf(candidates),
                candidates.get(0).train(), chosen.train(), heldBefore, heldAfter, improved);
    }

    /** One setting: fitted on the whole training part, and cross-validated on its folds. */
    private static Candidate candidate(FiringData data, List<FiringData.Doc> train, List<List<FiringData.Doc>> folds,
                                       ScoreModel model, int[] before, double okCost, double l2) {
        int[] w = round(fit(data, train, model, before, okCost, l2), data);
        Figures cv = new Figures(0, 0, 0, 0, 0);
        for (int k = 0; k < folds.size(); k++) {
            List<FiringData.Doc> rest = new ArrayList<>();
            for (int j = 0; j < folds.size(); j++) {
                if (j != k) {
                    rest.addAll(folds.get(j));
                }
            }
            int[] wk = round(fit(data, rest, model, before, okCost, l2), data);
            cv = cv.plus(measure(folds.get(k), wk, model));
        }
        return new Candidate(okCost, l2, w, measure(train, w, model), cv);
    }

    /** Whether {@code after} is better than {@code before} in the sense of the class comment. */
    static boolean improves(Figures before, Figures after, Options o) {
        if (!after.feasible(o)) {
            return false;
        }
        if (!before.feasible(o)) {
            return true;
        }
        return after.misses() < before.misses()
                || after.misses() == before.misses() && after.okFlagged() < before.okFlagged();
    }

    /** Stratified by (label, category); see the class comment. Both parts keep input order. */
    static Split split(List<FiringData.Doc> docs, double fraction, long seed) {
        Map<String, List<Integer>> groups = groups(docs);
        Random random = new Random(seed);
        boolean[] held = new boolean[docs.size()];
        for (List<Integer> g : groups.values()) {
            List<Integer> shuffled = new ArrayList<>(g);
            java.util.Collections.shuffle(shuffled, random);
            int k = (int) Math.round(g.size() * fraction);
            for (int j = 0; j < k; j++) {
                held[shuffled.get(j)] = true;
            }
        }
        List<FiringData.Doc> train = new ArrayList<>();
        List<FiringData.Doc> heldOut = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            (held[i] ? heldOut : train).add(docs.get(i));
        }
        return new Split(List.copyOf(train), List.copyOf(heldOut));
    }

    private static Map<String, List<Integer>> groups(List<FiringData.Doc> docs) {
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < docs.size(); i++) {
            FiringData.Doc d = docs.get(i);
            groups.computeIfAbsent(d.label() + "|" + (d.category() == null ? "" : d.category()),
                    k -> new ArrayList<>()).add(i);
        }
        return groups;
    }

    /**
     * {@code k} cross-validation folds of the training part, stratified like the split: each group shuffled with
     * {@code new Random(~seed)} and dealt round-robin. Each fold keeps input order.
     */
    static List<List<FiringData.Doc>> folds(List<FiringData.Doc> docs, int k, long seed) {
        int[] fold = new int[docs.size()];
        Random random = new Random(~seed);
        for (List<Integer> g : groups(docs).values()) {
            List<Integer> shuffled = new ArrayList<>(g);
            java.util.Collections.shuffle(shuffled, random);
            for (int j = 0; j < shuffled.size(); j++) {
                fold[shuffled.get(j)] = j % k;
            }
        }
        List<List<FiringData.Doc>> out = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < docs.size(); i++) {
            out.get(fold[i]).add(docs.get(i));
        }
        return out;
    }

    /** Exact counts of {@code weights} (by rule index) on {@code docs}. */
    public static Figures measure(List<FiringData.Doc> docs, int[] weights, ScoreModel model) {
        int flag = 0;
        int ok = 0;
        int caught = 0;
        int okFlagged = 0;
        int okBlocked = 0;
        for (FiringData.Doc d : docs) {
            Verdict v = model.verdict(model.points(d, weights));
            boolean flagged = v != Verdict.PASS;
            if (d.flag()) {
                flag++;
                caught += flagged ? 1 : 0;
            } else {
                ok++;
                okFlagged += flagged ? 1 : 0;
                okBlocked += v == Verdict.BLOCK ? 1 : 0;
            }
        }
        return new Figures(flag, ok, caught, okFlagged, okBlocked);
    }

    static Candidate choose(List<Candidate> candidates, int[] before, Options o) {
        Comparator<Candidate> order = Comparator.<Candidate>comparingInt(c -> c.cv().violation(o))
                .thenComparingInt(c -> c.cv().misses())
                .thenComparingInt(c -> c.cv().okFlagged())
                .thenComparingInt(c -> c.cv().okBlocked())
                .thenComparingLong(c -> distance(c.weights(), before));
        Candidate best = candidates.get(0);
        for (Candidate c : candidates) {
            if (order.compare(c, best) < 0) {
                best = c; // strict: the earlier one wins a tie
            }
        }
        return best;
    }

    static long distance(int[] a, int[] b) {
        long d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d;
    }

    static int[] round(double[] w, FiringData data) {
        int[] out = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = (int) Math.round(project(w[i], data.isContext(i)));
        }
        return out;
    }

    private static double project(double w, boolean context) {
        return context ? Math.max(-MAX_WEIGHT, Math.min(-MIN_WEIGHT, w)) : Math.max(MIN_WEIGHT, Math.min(MAX_WEIGHT, w));
    }

    /**
     * One fit: the real-valued weights minimising the class-weighted logistic loss plus L2 toward {@code start},
     * projected into the sign ranges. Rules that fire on none of {@code docs} keep their weight.
     */
    static double[] fit(FiringData data, List<FiringData.Doc> docs, ScoreModel model, int[] start, double okCost,
                        double l2) {
        int n = start.length;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = project(start[i], data.isContext(i));
        }
        long flags = docs.stream().filter(FiringData.Doc::flag).count();
        long oks = docs.size() - flags;
        double flagAlpha = flags == 0 ? 0 : 1.0 / flags / (1 + okCost);
        double okAlpha = oks == 0 ? 0 : okCost / oks / (1 + okCost);
        // texts with the same firings and label are one term of the loss, weighted by their number
        Map<String, double[]> multiplicity = new java.util.LinkedHashMap<>();
        Map<String, FiringData.Doc> representative = new java.util.HashMap<>();
        for (FiringData.Doc d : docs) {
            if (d.size() > 0) {
                String key = d.label() + Arrays.toString(d.ruleArray()) + Arrays.toString(d.catArray());
                multiplicity.computeIfAbsent(key, k -> new double[1])[0] += d.flag() ? flagAlpha : okAlpha;
                representative.putIfAbsent(key, d);
            }
        }
        List<FiringData.Doc> active = new ArrayList<>();
        double[] alpha = new double[multiplicity.size()];
        for (var e : multiplicity.entrySet()) {
            alpha[active.size()] = e.getValue()[0];
            active.add(representative.get(e.getKey()));
        }
        boolean[] fires = new boolean[n];
        int cats = data.categories().size();
        for (FiringData.Doc d : active) {
            for (int r : d.ruleArray()) {
                fires[r] = true;
            }
        }
        double boundary = model.reviewPoints() - 0.5;
        double cap = model.cap();
        double[] grad = new double[n];
        double[] m1 = new double[n];
        double[] m2 = new double[n];
        double[] pos = new double[cats];
        double[] neg = new double[cats];
        double[] capGrad = new double[cats];
        double[] floorGrad = new double[cats];
        boolean[] seen = new boolean[cats];
        final double beta1 = 0.9;
        final double beta2 = 0.999;
        for (int t = 1; t <= ITERATIONS; t++) {
            for (int i = 0; i < n; i++) {
                grad[i] = 2 * l2 * (w[i] - start[i]);
            }
            for (int a = 0; a < active.size(); a++) {
                FiringData.Doc d = active.get(a);
                Arrays.fill(pos, 0);
                Arrays.fill(neg, 0);
                Arrays.fill(seen, false);
                int[] rules = d.ruleArray();
                int[] dc = d.catArray();
                for (int i = 0; i < rules.length; i++) {
                    double wr = w[rules[i]];
                    if (wr >= 0) {
                        pos[dc[i]] += wr;
                    } else {
                        neg[dc[i]] += wr;
                    }
                    seen[dc[i]] = true;
                }
                double points = 0;
                for (int c = 0; c < cats; c++) {
                    if (!seen[c]) {
                        continue;
                    }
                    capGrad[c] = pos[c] < cap ? 1 : 0;
                    double x = Math.min(pos[c], cap) + neg[c];
                    if (neg[c] < 0) { // a context rule can pull it below zero: soft floor
                        double z = x / FLOOR_SOFTNESS;
                        points += z > 30 ? x : FLOOR_SOFTNESS * Math.log1p(Math.exp(z));
                        floorGrad[c] = sigmoid(z);
                    } else {
                        points += x;
                        floorGrad[c] = 1;
                    }
                }
                double y = d.flag() ? 1 : -1;
                double margin = y * (points - boundary) / TEMPERATURE;
                double dLossDPoints = -y * sigmoid(-margin) / TEMPERATURE * alpha[a];
                for (int i = 0; i < rules.length; i++) {
                    int r = rules[i];
                    int c = dc[i];
                    double g = w[r] >= 0 ? capGrad[c] * floorGrad[c] : floorGrad[c];
                    grad[r] += dLossDPoints * g;
                }
            }
            double lr = 1.0 * (1 - (double) (t - 1) / ITERATIONS) + 0.02;
            for (int i = 0; i < n; i++) {
                if (!fires[i]) {
                    continue;
                }
                m1[i] = beta1 * m1[i] + (1 - beta1) * grad[i];
                m2[i] = beta2 * m2[i] + (1 - beta2) * grad[i] * grad[i];
                double mHat = m1[i] / (1 - Math.pow(beta1, t));
                double vHat = m2[i] / (1 - Math.pow(beta2, t));
                w[i] = project(w[i] - lr * mHat / (Math.sqrt(vHat) + 1e-12), data.isContext(i));
            }
        }
        return w;
    }

    private static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
