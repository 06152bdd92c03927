package io.bianwei.internal.model;

import io.bianwei.RulePackException;
import io.bianwei.RulePackException.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The learned verdict: per category, an L2-regularised logistic regression over the rule ids that fired (each worth
 * {@link Features#ruleValue()}) and the text's hashed character n-grams ({@link Ngrams}, L2-normalised). A text's
 * probability in a category is {@code sigmoid(bias + Σ rule weights × ruleValue + Σ n-gram weights × value)}; the
 * document's probability is the highest over the categories, and {@link #reviewThreshold()} /
 * {@link #blockThreshold()} are cut-offs on that, chosen so that ordinary texts reach REVIEW / BLOCK at a stated rate
 * ({@link Thresholds}). Immutable and thread-safe.
 *
 * <h2>The file</h2>
 * UTF-8 text, one item a line, fields separated by single spaces; a line starting with {@code #} is a comment; sorted
 * and with fixed number formatting (weights and probabilities rounded to {@value #DECIMALS} decimals, written without
 * exponent or trailing zeros), so training the same data again writes the same bytes. The weights in memory are the
 * rounded ones, so a model scores the same before and after {@link #write}/{@link #read}. Only non-zero weights are
 * written.
 * <pre>
 * bianwei-linear-verdict 1
 * provenance &lt;free text to the end of the line&gt;
 * trained &lt;date&gt; &lt;texts&gt; &lt;flag texts&gt; &lt;ok texts&gt;
 * features &lt;n-gram scheme&gt; &lt;dim bits&gt; &lt;min n&gt; &lt;max n&gt; &lt;max chars, 0 = all&gt; &lt;rule value&gt;
 * thresholds &lt;review&gt; &lt;block&gt; &lt;review rate&gt; &lt;block rate&gt; &lt;review rate met&gt; &lt;block rate met&gt;
 * category &lt;name&gt; &lt;C&gt; &lt;positives&gt; &lt;negatives&gt;     (then, for that category:)
 * bias &lt;weight&gt;
 * rule &lt;rule id&gt; &lt;weight&gt;                         (sorted by id)
 * ngram &lt;index&gt; &lt;weight&gt;                          (ascending)
 * </pre>
 * Categories are sorted by name. {@link #version()} is the first 12 hex digits of the SHA-256 of the file as
 * {@link #format()} writes it (so comments a person adds do not change it).
 */
public final class LinearVerdict {
    /** The first line of a model file. */
    public static final String MAGIC = "bianwei-linear-verdict 1";
    /** Decimals kept of weights, probabilities and rates. */
    public static final int DECIMALS = 6;
    private static final double SCALE = 1e6;

    private final Features features;
    private final Thresholds thresholds;
    private final Provenance provenance;
    private final Map<String, Cat> categories; // sorted by name
    /** Up to this many dim bits, each category keeps its n-gram weights in a dense array. */
    static final int DENSE_BITS = 20;
    private final String text;
    private final String version;

    /**
     * How features are made.
     *
     * @param scheme    which n-grams count and how they hash
     * @param dimBits   n-gram indices are in {@code [0, 2^dimBits)}
     * @param minN      shortest n-gram
     * @param maxN      longest n-gram
     * @param maxChars  only the first maxChars code units of the normalised text; 0 = all of it
     * @param ruleValue the feature value of a rule that fired
     */
    public record Features(Ngrams.Scheme scheme, int dimBits, int minN, int maxN, int maxChars, double ruleValue) {
        public Features {
            Objects.requireNonNull(scheme, "scheme");
            Ngrams.check(dimBits, minN, maxN);
            if (maxChars < 0) {
                throw new IllegalArgumentException("maxChars must not be negative");
            }
            if (!(ruleValue > 0) || Double.isInfinite(ruleValue)) {
                throw new IllegalArgumentException("ruleValue must be positive");
            }
            ruleValue = round(ruleValue);
        }

        /** The settings measured best on real texts: 2^18 dims, 1–3-grams of letters/digits, first 400 chars, rule 3. */
        public static Features defaults() {
            return new Features(Ngrams.DEFAULT_SCHEME, 18, 1, 3, 400, 3.0);
        }

        /** The n-gram vector of a normalised text under these settings. */
        public Ngrams.Vector vector(CharSequence normalized) {
            return Ngrams.of(normalized, scheme, dimBits, minN, maxN, maxChars);
        }
    }

    /**
     * The cut-offs on the document probability (the highest category probability) and what they were chosen for.
     *
     * @param review        probability at which a text goes to REVIEW
     * @param block         probability at which it is BLOCKed (≥ review)
     * @param reviewRate    the share of ok texts meant to reach REVIEW
     * @param blockRate     the share meant to reach BLOCK
     * @param reviewRateMet the share that did on the cross-validation folds
     * @param blockRateMet  likewise for BLOCK
     */
    public record Thresholds(double review, double block, double reviewRate, double blockRate, double reviewRateMet,
                             double blockRateMet) {
        public Thresholds {
            review = round(review);
            block = round(block);
            reviewRate = round(reviewRate);
            blockRate = round(blockRate);
            reviewRateMet = round(reviewRateMet);
            blockRateMet = round(blockRateMet);
            for (double d : new double[]{review, block, reviewRate, blockRate, reviewRateMet, blockRateMet}) {
                if (!(d >= 0 && d <= 1)) {
                    throw new IllegalArgumentException("thresholds and rates must be within 0..1");
                }
            }
            if (block < review) {
                throw new IllegalArgumentException("the block threshold must not be below the review threshold");
            }
        }
    }

    /**
     * What the model was trained on.
     *
     * @param text      where the texts came from, in the trainer's words (one line)
     * @param trained   when (a date, {@code yyyy-mm-dd}, given by the trainer: training again on another day with the
     *                  same date writes the same file)
     * @param texts     texts trained on
     * @param flagTexts of which labelled flag
     * @param okTexts   of which labelled ok
     */
    public record Provenance(String text, String trained, int texts, int flagTexts, int okTexts) {
        public Provenance {
            text = text == null ? "" : text.replaceAll("[\\r\\n]+", " ").strip();
            Objects.requireNonNull(trained, "trained");
            if (!trained.matches("\\S+")) {
                throw new IllegalArgumentException("trained must be one word, e.g. 2026-05-01");
            }
            if (texts < 0 || flagTexts < 0 || okTexts < 0) {
                throw new IllegalArgumentException("counts must not be negative");
            }
        }
    }

    /**
     * One category's weights, as the trainer hands them over (rounded to {@value #DECIMALS} decimals; zeros dropped).
     *
     * @param category  the category name (no spaces)
     * @param c         the regularisation constant it was trained with
     * @param positives texts of the category trained on
     * @param negatives every other text trained on
     * @param bias      the intercept
     * @param rules     weight per rule id (no spaces)
     * @param ngrams    weight per n-gram index
     */
    public record CategoryWeights(String category, double c, int positives, int negatives, double bias,
                                  Map<String, Double> rules, Map<Integer, Double> ngrams) {
        public CategoryWeights {
            Objects.requireNonNull(category, "category");
            if (!category.matches("\\S+")) {
                throw new IllegalArgumentException("a category name is one word, got '" + category + "'");
            }
            rules = Collections.unmodifiableSortedMap(new TreeMap<>(rules));
            ngrams = Collections.unmodifiableSortedMap(new TreeMap<>(ngrams));
            for (String r : rules.keySet()) {
                if (!r.matches("\\S+")) {
                    throw new IllegalArgumentException("a rule id is one word, got '" + r + "'");
                }
            }
        }
    }

    /** A rule's part in a category's logit. */
    public record RuleContribution(String ruleId, double weight, double contribution) {
    }

    /** An n-gram feature's part in a category's logit: its weight × its value in the text's vector. */
    public record NgramContribution(int index, float value, double weight, double contribution) {
    }

    /**
     * A category's score of a text. {@code bias + Σ rules' contributions + Σ n-grams' contributions == logit} (up to
     * floating-point rounding); the lists hold only features with a non-zero weight, the largest |contribution| first.
     */
    public record CategoryScore(String category, double logit, double probability, double bias,
                                List<RuleContribution> rules, List<NgramContribution> ngrams) {
        public CategoryScore {
            rules = List.copyOf(rules);
            ngrams = List.copyOf(ngrams);
        }
    }

    /**
     * A text's score: per category (sorted by name), and the document probability, the highest of them.
     *
     * @param topCategory the category with the highest probability (ties: the first by name); null without categories
     */
    public record Score(Map<String, CategoryScore> categories, double probability, String topCategory) {
        public Score {
            categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        }
    }

    private static final class Cat {
        final String name;
        final double c;
        final int positives;
        final int negatives;
        final double bias;
        final String[] ruleIds; // sorted
        final double[] ruleWeights;
        final Map<String, Double> ruleMap;
        final int[] ngramIdx; // ascending
        final double[] ngramW;
        /**
         * The n-gram weights by feature index, 0 where none (null above {@link #DENSE_BITS}): one array read per
         * n-gram of a text instead of a binary search, the scoring's largest cost (2 MB at the default 2^18).
         */
        final double[] dense;

        Cat(CategoryWeights w, int dimBits) {
            this(w.category(), w.c(), w.positives(), w.negatives(), w.bias(), w.rules(),
                    w.ngrams().keySet().stream().mapToInt(Integer::intValue).toArray(),
                    w.ngrams().values().stream().mapToDouble(Double::doubleValue).toArray(), w.ngrams().size(),
                    dimBits);
        }

        /** From a category's parts; {@code idx} ascending, the first {@code count} of idx and weights are used. */
        Cat(String category, double cValue, int pos, int neg, double biasValue, Map<String, Double> rules, int[] idx,
            double[] weights, int count, int dimBits) {
            name = category;
            c = round(cValue);
            positives = pos;
            negatives = neg;
            bias = round(biasValue);
            List<String> ids = new ArrayList<>();
            List<Double> ws = new ArrayList<>();
            rules.forEach((id, v) -> {
                double r = round(v);
                if (r != 0) {
                    ids.add(id);
                    ws.add(r);
                }
            });
            ruleIds = ids.toArray(new String[0]);
            ruleWeights = ws.stream().mapToDouble(Double::doubleValue).toArray();
            Map<String, Double> rm = new TreeMap<>();
            for (int k = 0; k < ruleIds.length; k++) {
                rm.put(ruleIds[k], ruleWeights[k]);
            }
            ruleMap = Collections.unmodifiableMap(rm);
            int[] ki = new int[count];
            double[] kw = new double[count];
            int k = 0;
            for (int j = 0; j < count; j++) {
                double r = round(weights[j]);
                if (r != 0) {
                    ki[k] = idx[j];
                    kw[k++] = r;
                }
            }
            ngramIdx = k == count ? ki : Arrays.copyOf(ki, k);
            ngramW = k == count ? kw : Arrays.copyOf(kw, k);
            if (dimBits <= DENSE_BITS) {
                dense = new double[1 << dimBits];
                for (int j = 0; j < k; j++) {
                    dense[ngramIdx[j]] = ngramW[j];
                }
            } else {
                dense = null;
            }
        }

        /** The weight of n-gram feature {@code index}, 0 when it has none. */
        double ngramWeight(int index) {
            if (dense != null) {
                return index < dense.length ? dense[index] : 0;
            }
            int j = Arrays.binarySearch(ngramIdx, index);
            return j >= 0 ? ngramW[j] : 0;
        }
    }

    private LinearVerdict(Features features, Thresholds thresholds, Provenance provenance, List<CategoryWeights> cats) {
        this(features, thresholds, provenance, cats(cats, features.dimBits()), 0);
    }

    private static Map<String, Cat> cats(List<CategoryWeights> cats, int dimBits) {
        Map<String, Cat> m = new TreeMap<>();
        for (CategoryWeights w : cats) {
            for (int idx : w.ngrams().keySet()) {
                if (idx < 0 || idx >= (1 << dimBits)) {
                    throw new IllegalArgumentException("n-gram index " + idx + " is outside 2^" + dimBits);
                }
            }
            if (m.put(w.category(), new Cat(w, dimBits)) != null) {
                throw new IllegalArgumentException("category twice: " + w.category());
            }
        }
        return m;
    }

    /** From categories already checked (indices within 2^dimBits, names distinct), sorted by name. */
    private LinearVerdict(Features features, Thresholds thresholds, Provenance provenance, Map<String, Cat> cats,
                          int unused) {
        this.features = Objects.requireNonNull(features, "features");
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        this.categories = Collections.unmodifiableMap(cats);
        this.text = format();
        this.version = digest(text);
    }

    /** A model of these parts (weights are rounded to {@value #DECIMALS} decimals, as the file keeps them). */
    public static LinearVerdict of(Features features, Thresholds thresholds, Provenance provenance,
                                   List<CategoryWeights> categories) {
        return new LinearVerdict(features, thresholds, provenance, categories);
    }

    /** The same weights with other thresholds. */
    public LinearVerdict withThresholds(Thresholds t) {
        return new LinearVerdict(features, t, provenance, weights());
    }

    public Features features() {
        return features;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    /** Document probability at which a text goes to REVIEW. */
    public double reviewThreshold() {
        return thresholds.review();
    }

    /** Document probability at which a text is blocked. */
    public double blockThreshold() {
        return thresholds.block();
    }

    public Provenance provenance() {
        return provenance;
    }

    /** The categories, sorted. */
    public List<String> categories() {
        return List.copyOf(categories.keySet());
    }

    /** The weights, per category, as the file holds them. */
    public List<CategoryWeights> weights() {
        List<CategoryWeights> out = new ArrayList<>();
        for (Cat c : categories.values()) {
            Map<Integer, Double> ng = new TreeMap<>();
            for (int k = 0; k < c.ngramIdx.length; k++) {
                ng.put(c.ngramIdx[k], c.ngramW[k]);
            }
            out.add(new CategoryWeights(c.name, c.c, c.positives, c.negatives, c.bias, c.ruleMap, ng));
        }
        return out;
    }

    /** A short hash of the file's content: fold it into the ruleset version. */
    public String version() {
        return version;
    }

    /** The n-gram vector of a normalised text under the model's settings. */
    public Ngrams.Vector vector(CharSequence normalized) {
        return features.vector(normalized);
    }

    /** Where the n-grams of several feature indices occur in a normalised text, in one pass. */
    public void occurrences(CharSequence normalized, int[] indices, Ngrams.IndexedSink sink) {
        Ngrams.occurrences(normalized, indices, features.scheme(), features.dimBits(), features.minN(),
                features.maxN(), features.maxChars(), sink);
    }

    /** Where the n-grams of a feature index occur in a normalised text, under the model's settings. */
    public void occurrences(CharSequence normalized, int index, Ngrams.Sink sink) {
        Ngrams.occurrences(normalized, index, features.scheme(), features.dimBits(), features.minN(), features.maxN(),
                features.maxChars(), sink);
    }

    // --- scoring ---------------------------------------------------------------------------------------------------

    /** Scores a text: its fired rule ids (rules the model does not know add nothing) and its n-gram vector. */
    public Score score(Set<String> firedRuleIds, Ngrams.Vector v) {
        Map<String, CategoryScore> out = new LinkedHashMap<>();
        double best = 0;
        String top = null;
        for (Cat c : categories.values()) {
            CategoryScore s = score(c, firedRuleIds, v);
            out.put(c.name, s);
            if (top == null || s.probability() > best) {
                best = s.probability();
                top = c.name;
            }
        }
        return new Score(out, best, top);
    }

    /** One category's score of a text, with contributions; null for a category the model does not know. */
    public CategoryScore score(String category, Set<String> firedRuleIds, Ngrams.Vector v) {
        Cat c = categories.get(category);
        return c == null ? null : score(c, firedRuleIds, v);
    }

    /** Only the document probability (the highest over the categories), without contributions: the cheap path. */
    public double probability(Set<String> firedRuleIds, Ngrams.Vector v) {
        double best = 0;
        for (Cat c : categories.values()) {
            best = Math.max(best, sigmoid(logit(c, firedRuleIds, v)));
        }
        return best;
    }

    /** One category's probability, without contributions; NaN for a category the model does not know. */
    public double probability(String category, Set<String> firedRuleIds, Ngrams.Vector v) {
        Cat c = categories.get(category);
        return c == null ? Double.NaN : sigmoid(logit(c, firedRuleIds, v));
    }

    private double logit(Cat c, Set<String> fired, Ngrams.Vector v) {
        double sum = c.bias;
        for (int k = 0; k < c.ruleIds.length; k++) {
            if (fired.contains(c.ruleIds[k])) {
                sum += c.ruleWeights[k] * features.ruleValue();
            }
        }
        for (int k = 0; k < v.size(); k++) {
            double w = c.ngramWeight(v.index(k));
            if (w != 0) {
                sum += w * v.value(k);
            }
        }
        return sum;
    }

    /**
     * One category's log-odds without contributions: exactly {@link CategoryScore#logit()} of {@link #score} (the
     * same sum in the same order), for the texts whose details nobody reads. NaN for a category the model does not
     * know.
     */
    public double logit(String category, Set<String> firedRuleIds, Ngrams.Vector v) {
        Cat c = categories.get(category);
        return c == null ? Double.NaN : logit(c, firedRuleIds, v);
    }

    /**
     * What a fired rule adds to a category's log-odds: exactly its {@link RuleContribution#contribution()}; 0 for a
     * rule or category the model does not know.
     */
    public double ruleContribution(String category, String ruleId) {
        Cat c = categories.get(category);
        Double w = c == null ? null : c.ruleMap.get(ruleId);
        return w == null ? 0 : w * features.ruleValue();
    }

    private CategoryScore score(Cat c, Set<String> fired, Ngrams.Vector v) {
        double sum = c.bias;
        List<RuleContribution> rules = new ArrayList<>();
        for (int k = 0; k < c.ruleIds.length; k++) {
            if (fired.contains(c.ruleIds[k])) {
                double x = c.ruleWeights[k] * features.ruleValue();
                sum += x;
                rules.add(new RuleContribution(c.ruleIds[k], c.ruleWeights[k], x));
            }
        }
        List<NgramContribution> ngrams = new ArrayList<>();
        for (int k = 0; k < v.size(); k++) {
            double w = c.ngramWeight(v.index(k));
            if (w != 0) {
                double x = w * v.value(k);
                sum += x;
                ngrams.add(new NgramContribution(v.index(k), v.value(k), w, x));
            }
        }
        rules.sort(Comparator.comparingDouble((RuleContribution r) -> -Math.abs(r.contribution()))
                .thenComparing(RuleContribution::ruleId));
        ngrams.sort(Comparator.comparingDouble((NgramContribution r) -> -Math.abs(r.contribution()))
                .thenComparingInt(NgramContribution::index));
        return new CategoryScore(c.name, sum, sigmoid(sum), c.bias, rules, ngrams);
    }

    /** The logistic function. */
    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    // --- the file --------------------------------------------------------------------------------------------------

    /** The file's content. */
    public String format() {
        if (text != null) {
            return text;
        }
        StringBuilder sb = new StringBuilder(64 + categories.values().stream().mapToInt(c -> c.ngramIdx.length * 20
                + c.ruleIds.length * 32).sum());
        sb.append(MAGIC).append('\n');
        sb.append("provenance ").append(provenance.text()).append('\n');
        sb.append("trained ").append(provenance.trained()).append(' ').append(provenance.texts()).append(' ')
                .append(provenance.flagTexts()).append(' ').append(provenance.okTexts()).append('\n');
        sb.append("features ").append(features.scheme().id()).append(' ').append(features.dimBits()).append(' ')
                .append(features.minN()).append(' ').append(features.maxN()).append(' ').append(features.maxChars())
                .append(' ').append(num(features.ruleValue())).append('\n');
        sb.append("thresholds ").append(num(thresholds.review())).append(' ').append(num(thresholds.block()))
                .append(' ').append(num(thresholds.reviewRate())).append(' ').append(num(thresholds.blockRate()))
                .append(' ').append(num(thresholds.reviewRateMet())).append(' ')
                .append(num(thresholds.blockRateMet())).append('\n');
        for (Cat c : categories.values()) {
            sb.append("category ").append(c.name).append(' ').append(num(c.c)).append(' ').append(c.positives)
                    .append(' ').append(c.negatives).append('\n');
            sb.append("bias ").append(num(c.bias)).append('\n');
            for (int k = 0; k < c.ruleIds.length; k++) {
                sb.append("rule ").append(c.ruleIds[k]).append(' ').append(num(c.ruleWeights[k])).append('\n');
            }
            for (int k = 0; k < c.ngramIdx.length; k++) {
                sb.append("ngram ").append(c.ngramIdx[k]).append(' ');
                appendNum(sb, c.ngramW[k]);
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** Writes the file (creating its folder). */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Reads a model file. @throws RulePackException naming the file and line of the first problem */
    public static LinearVerdict read(Path file) {
        try {
            return parse(decode(Files.readAllBytes(file), file.toString()), file.toString());
        } catch (IOException | UncheckedIOException e) {
            throw new RulePackException(List.of(new Problem(file.toString(), 0, "cannot read the model file: "
                    + e.getMessage())));
        }
    }

    /** Reads a model from a stream (e.g. a classpath resource) called {@code name} in messages; does not close it. */
    public static LinearVerdict read(InputStream in, String name) {
        try {
            return parse(decode(in.readAllBytes(), name), name);
        } catch (IOException e) {
            throw new RulePackException(List.of(new Problem(name, 0, "cannot read the model: " + e.getMessage())));
        }
    }

    /** {@link #read(InputStream, String)} with the name {@code <stream>}. */
    public static LinearVerdict read(InputStream in) {
        return read(in, "<stream>");
    }

    private static String decode(byte[] bytes, String name) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RulePackException(List.of(new Problem(name, 0, "the model file is not UTF-8 text")));
        }
    }

    /** Parses a model file's content; {@code name} is used in messages. @throws RulePackException at the first problem */
    public static LinearVerdict parse(String content, String name) {
        return new Parser(content, name).parse();
    }

    /**
     * {@code l.split(" +")} without the regular expression (a third of a cold start's model reading): the fields
     * between runs of spaces; {@code l} is stripped, so it neither starts nor ends with one.
     */
    static String[] fields(String l) {
        int n = 1;
        for (int i = 1; i < l.length(); i++) {
            if (l.charAt(i) == ' ' && l.charAt(i - 1) != ' ') {
                n++;
            }
        }
        String[] out = new String[n];
        int k = 0;
        int from = 0;
        for (int i = 0; i <= l.length(); i++) {
            if (i == l.length() || l.charAt(i) == ' ') {
                if (i > from) {
                    out[k++] = l.substring(from, i);
                }
                from = i + 1;
            }
        }
        return k == n ? out : java.util.Arrays.copyOf(out, k);
    }

    private static final class Parser {
        /** Exact powers of ten: {@code m / POW10[k]} is the correctly rounded value of m·10^-k for m below 2^53. */
        private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
                1e13, 1e14, 1e15};
        private final String content;
        private final String name;
        private int pos; // where the next line starts; content.length() + 1 after the last
        private int at; // 1-based number of the line read last
        private String last; // the line read last, as it is in the file
        // the n-grams of the category being read
        private int[] ngramIdx = new int[1024];
        private double[] ngramW = new double[1024];
        private int ngrams;
        private int lastNgram;
        private int limit;

        Parser(String content, String name) {
            this.content = content;
            this.name = name;
        }

        RulePackException fail(int line, String message) {
            return new RulePackException(List.of(new Problem(name, line, message)));
        }

        /** The next line as the file has it (without its '\n'); null after the last. */
        private String line() {
            int n = content.length();
            if (pos > n) {
                return null;
            }
            int nl = content.indexOf('\n', pos);
            String l = nl < 0 ? content.substring(pos) : content.substring(pos, nl);
            pos = nl < 0 ? n + 1 : nl + 1;
            at++;
            last = l;
            return l;
        }

        /** The next line that is not blank or a comment, split on spaces; null at the end. */
        String[] next() {
            String l;
            while ((l = line()) != null) {
                if (l.endsWith("\r")) {
                    l = l.substring(0, l.length() - 1);
                }
                if (l.isBlank() || l.startsWith("#")) {
                    continue;
                }
                return fields(l.strip());
            }
            return null;
        }

        /**
         * Reads the next line when it is an n-gram line exactly as {@link #format()} writes it
         * ({@code ngram <digits> <-?digits[.digits]>}, at most 15 digits in the weight) whose index and weight are
         * valid, without making strings: nine tenths of a model file's lines and most of a cold start's reading.
         * Anything else is left to the general path, which says what is wrong. The weight is the one
         * {@link Double#parseDouble} gives: a whole number below 2^53 divided by an exact power of ten is rounded once.
         */
        private boolean ngramLine() {
            String s = content;
            int n = s.length();
            int p = pos;
            if (!s.startsWith("ngram ", p)) {
                return false;
            }
            p += 6;
            int idx = 0;
            int d = 0;
            for (char ch; p < n && (ch = s.charAt(p)) >= '0' && ch <= '9'; p++) {
                if (++d > 9) {
                    return false;
                }
                idx = idx * 10 + (ch - '0');
            }
            if (d == 0 || p >= n || s.charAt(p) != ' ') {
                return false;
            }
            p++;
            boolean negative = p < n && s.charAt(p) == '-';
            if (negative) {
                p++;
            }
            long m = 0;
            int digits = 0;
            int whole = 0;
            int decimals = -1; // -1: no point yet
            for (; p < n; p++) {
                char ch = s.charAt(p);
                if (ch >= '0' && ch <= '9') {
                    if (++digits > 15) {
                        return false;
                    }
                    m = m * 10 + (ch - '0');
                    if (decimals < 0) {
                        whole++;
                    } else {
                        decimals++;
                    }
                } else if (ch == '.' && decimals < 0) {
                    decimals = 0;
                } else {
                    break;
                }
            }
            if (whole == 0 || decimals == 0) {
                return false;
            }
            if (p < n && s.charAt(p) == '\r') {
                p++;
            }
            if (p < n && s.charAt(p) != '\n') {
                return false;
            }
            double w = m / POW10[Math.max(decimals, 0)];
            if (negative) {
                w = -w;
            }
            if (idx >= limit || idx <= lastNgram || !(w >= -1e9 && w <= 1e9)) {
                return false;
            }
            addNgram(idx, w);
            pos = p + 1; // past the '\n', or content.length() + 1 at the end
            at++;
            last = null;
            return true;
        }

        private void addNgram(int idx, double w) {
            if (ngrams == ngramIdx.length) {
                ngramIdx = Arrays.copyOf(ngramIdx, ngrams * 2);
                ngramW = Arrays.copyOf(ngramW, ngrams * 2);
            }
            ngramIdx[ngrams] = idx;
            ngramW[ngrams++] = w;
            lastNgram = idx;
        }

        String[] expect(String key, int fields, String shape) {
            String[] f = next();
            if (f == null) {
                throw fail(0, "ends early: expected '" + shape + "'");
            }
            if (!f[0].equals(key) || (fields >= 0 && f.length != fields)) {
                throw fail(at, "expected '" + shape + "'");
            }
            return f;
        }

        double number(String s, String what, double min, double max) {
            double d;
            try {
                d = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw fail(at, what + " is not a number: '" + s + "'");
            }
            if (!(d >= min && d <= max)) {
                throw fail(at, what + " must be within " + num(min) + ".." + num(max) + ", got " + s);
            }
            return d;
        }

        int integer(String s, String what, int min, int max) {
            int i;
            try {
                i = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw fail(at, what + " is not a whole number: '" + s + "'");
            }
            if (i < min || i > max) {
                throw fail(at, what + " must be within " + min + ".." + max + ", got " + s);
            }
            return i;
        }

        LinearVerdict parse() {
            String[] f = next();
            if (f == null || !String.join(" ", f).equals(MAGIC) || at != 1) {
                throw fail(1, "not a Bianwei linear verdict model (the first line must be '" + MAGIC + "')");
            }
            String provLine = null;
            f = next();
            if (f == null || !f[0].equals("provenance")) {
                throw fail(f == null ? 0 : at, "expected 'provenance <text>'");
            }
            provLine = last.strip().substring("provenance".length()).strip();
            f = expect("trained", 5, "trained <date> <texts> <flag texts> <ok texts>");
            String date = f[1];
            int texts = integer(f[2], "texts", 0, Integer.MAX_VALUE);
            int flag = integer(f[3], "flag texts", 0, Integer.MAX_VALUE);
            int ok = integer(f[4], "ok texts", 0, Integer.MAX_VALUE);
            f = expect("features", 7, "features <scheme> <dim bits> <min n> <max n> <max chars> <rule value>");
            Ngrams.Scheme scheme;
            try {
                scheme = Ngrams.Scheme.parse(f[1]);
            } catch (IllegalArgumentException e) {
                throw fail(at, e.getMessage());
            }
            int dimBits = integer(f[2], "dim bits", 1, 30);
            int minN = integer(f[3], "min n", 1, 8);
            int maxN = integer(f[4], "max n", minN, 8);
            int maxChars = integer(f[5], "max chars", 0, Integer.MAX_VALUE);
            double ruleValue = number(f[6], "rule value", Double.MIN_VALUE, 1e6);
            Features features = new Features(scheme, dimBits, minN, maxN, maxChars, ruleValue);
            f = expect("thresholds", 7, "thresholds <review> <block> <review rate> <block rate> <review rate met> "
                    + "<block rate met>");
            double review = number(f[1], "review threshold", 0, 1);
            double block = number(f[2], "block threshold", review, 1);
            Thresholds thresholds = new Thresholds(review, block, number(f[3], "review rate", 0, 1),
                    number(f[4], "block rate", 0, 1), number(f[5], "review rate met", 0, 1),
                    number(f[6], "block rate met", 0, 1));
            Map<String, Cat> cats = new TreeMap<>();
            f = next();
            limit = 1 << dimBits;
            while (f != null) {
                if (!f[0].equals("category") || f.length != 5) {
                    throw fail(at, "expected 'category <name> <C> <positives> <negatives>'");
                }
                String cat = f[1];
                if (cats.containsKey(cat)) {
                    throw fail(at, "category '" + cat + "' appears twice");
                }
                if (!oneWord(cat)) {
                    throw fail(at, "a category name is one word, got '" + cat + "'");
                }
                double c = number(f[2], "C", 0, Double.MAX_VALUE);
                int pos = integer(f[3], "positives", 0, Integer.MAX_VALUE);
                int neg = integer(f[4], "negatives", 0, Integer.MAX_VALUE);
                f = expect("bias", 2, "bias <weight>");
                double bias = number(f[1], "bias", -1e9, 1e9);
                SortedMap<String, Double> rules = new TreeMap<>();
                String lastRule = null;
                ngrams = 0;
                lastNgram = -1;
                while (true) {
                    if (ngramLine()) {
                        continue;
                    }
                    f = next();
                    if (f == null || f[0].equals("category")) {
                        break;
                    }
                    if (f[0].equals("rule")) {
                        if (f.length != 3 || ngrams > 0) {
                            throw fail(at, ngrams == 0 ? "expected 'rule <id> <weight>'"
                                    : "rule lines come before the ngram lines of a category");
                        }
                        if (lastRule != null && f[1].compareTo(lastRule) <= 0) {
                            throw fail(at, "rule ids must be sorted and distinct: '" + f[1] + "' after '" + lastRule
                                    + "'");
                        }
                        if (!oneWord(f[1])) {
                            throw fail(at, "a rule id is one word, got '" + f[1] + "'");
                        }
                        lastRule = f[1];
                        rules.put(f[1], number(f[2], "weight", -1e9, 1e9));
                    } else if (f[0].equals("ngram")) {
                        if (f.length != 3) {
                            throw fail(at, "expected 'ngram <index> <weight>'");
                        }
                        int idx = integer(f[1], "n-gram index", 0, limit - 1);
                        if (idx <= lastNgram) {
                            throw fail(at, "n-gram indices must be ascending and distinct: " + idx + " after "
                                    + lastNgram);
                        }
                        addNgram(idx, number(f[2], "weight", -1e9, 1e9));
                    } else {
                        throw fail(at, "expected 'rule <id> <weight>', 'ngram <index> <weight>' or 'category <name> "
                                + "<C> <positives> <negatives>'");
                    }
                }
                cats.put(cat, new Cat(cat, c, pos, neg, bias, rules, ngramIdx, ngramW, ngrams, dimBits));
            }
            if (cats.isEmpty()) {
                throw fail(0, "the model has no category");
            }
            try {
                return new LinearVerdict(features, thresholds, new Provenance(provLine, date, texts, flag, ok), cats, 0);
            } catch (IllegalArgumentException e) {
                throw fail(0, e.getMessage());
            }
        }

        /** What {@code \S+} matches: no ASCII white space (fields are split on spaces, so only the others). */
        private static boolean oneWord(String s) {
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == ' ' || ch == '\t' || ch == '\n' || ch == 0x0B || ch == '\f' || ch == '\r') {
                    return false;
                }
            }
            return !s.isEmpty();
        }
    }

    // --- numbers ---------------------------------------------------------------------------------------------------

    /** Rounds to {@value #DECIMALS} decimals (half away from zero); -0 becomes 0. */
    static double round(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d) || Math.abs(d) >= 9e12) {
            return d;
        }
        double r = Math.round(Math.abs(d) * SCALE) / SCALE;
        return d < 0 && r != 0 ? -r : r;
    }

    /** A rounded number written with fixed formatting: no exponent, no trailing zeros, at most 6 decimals. */
    static String num(double d) {
        StringBuilder sb = new StringBuilder(12);
        appendNum(sb, d);
        return sb.toString();
    }

    private static void appendNum(StringBuilder sb, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d) || Math.abs(d) >= 9e12) {
            sb.append(d);
            return;
        }
        long q = Math.round(Math.abs(d) * SCALE);
        if (d < 0 && q != 0) {
            sb.append('-');
        }
        sb.append(q / 1_000_000L);
        long frac = q % 1_000_000L;
        if (frac != 0) {
            sb.append('.');
            String s = Long.toString(frac + 1_000_000L).substring(1);
            int end = s.length();
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            sb.append(s, 0, end);
        }
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
