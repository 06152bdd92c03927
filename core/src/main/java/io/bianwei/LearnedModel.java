package io.bianwei;

import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.lexicon.Simplifier;
import io.bianwei.internal.text.NormalizedText;
import io.bianwei.internal.text.Normalizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A statistical model of one category, learned from labelled texts, that the rules can use as evidence (SpamAssassin's
 * Bayes rules): a Graham/Robinson naive-Bayes token model with Fisher's chi-square combining, as in SpamBayes.
 *
 * <p>Tokens are read from the same normalised text the rules see, from its first {@value #PREFIX} characters (a
 * rumour's voice is in its opening; the rest of a long article adds only what every article shares): every character
 * bigram and trigram of a run of Han characters, and every Latin or digit word. A text's score is computed from its {@value #MAX_CLUES} strongest tokens
 * (those whose probability is furthest from 0.5); the evidence of a score is where those tokens are in the original
 * text. Training is counting, so it is deterministic, and incremental: {@link #learn} adds texts (a text already
 * learned under its id is not counted twice), {@link #forget} removes them.
 *
 * <p>A model is a file of a rule pack ({@code models/<name>.nb}): plain UTF-8, one token per line with its counts,
 * sorted, so it diffs and versions like the rest of the pack. Immutable and thread-safe; {@link #learn} and
 * {@link #forget} return new models.
 */
public final class LearnedModel {
    /** The first line of a model file. */
    public static final String MAGIC = "#bianwei-model 1";
    /** Strongest tokens used per text. */
    public static final int MAX_CLUES = 150;
    /** Tokens whose probability is closer than this to 0.5 are no evidence. */
    public static final double MIN_STRENGTH = 0.1;
    /** Normalised characters read per text. */
    public static final int PREFIX = 150;
    private static final double S = 0.45; // Robinson's strength of the prior
    private static final double X = 0.5; // Robinson's prior probability of an unknown token
    private static final Normalizer NORMALIZER = new Normalizer(Simplifier::toSimplified);

    private final String category;
    private final String provenance;
    private final int flagTexts;
    private final int okTexts;
    private final Map<String, int[]> counts; // token -> [texts of flag holding it, texts of ok holding it]
    private final Map<String, Boolean> seen; // id -> learned as flag?
    private final String version;

    private LearnedModel(String category, String provenance, int flagTexts, int okTexts, Map<String, int[]> counts,
                         Map<String, Boolean> seen) {
        this.category = category;
        this.provenance = provenance;
        this.flagTexts = flagTexts;
        this.okTexts = okTexts;
        this.counts = counts;
        this.seen = seen;
        this.version = digest(format());
    }

    /** A labelled text to learn from. */
    public record Example(String id, String text, boolean flag) {
        public Example {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
        }
    }

    /** An empty model of a category, to {@link #learn} into. */
    public static LearnedModel empty(String category, String provenance) {
        if (!Category.PSEUDO_SCIENCE.equals(category) && !Category.PRIVACY_ABUSE.equals(category)) {
            throw new IllegalArgumentException("unknown category '" + category + "'");
        }
        return new LearnedModel(category, provenance == null ? "" : provenance.replaceAll("[\r\n]+", " "), 0, 0,
                Collections.unmodifiableMap(new TreeMap<>()), Collections.unmodifiableMap(new TreeMap<>()));
    }

    /** Trains a model of {@code category} from examples (a text of another category counts as ok). */
    public static LearnedModel train(String category, Iterable<Example> examples, String provenance) {
        return empty(category, provenance).learn(examples);
    }

    public String category() {
        return category;
    }

    /** Where the training data came from, as the trainer said. */
    public String provenance() {
        return provenance;
    }

    public int flagTexts() {
        return flagTexts;
    }

    public int okTexts() {
        return okTexts;
    }

    /** Distinct tokens known. */
    public int tokens() {
        return counts.size();
    }

    /** A short hash of the model's content. */
    public String version() {
        return version;
    }

    /** Whether a text was learned under this id. */
    public boolean hasSeen(String id) {
        return seen.containsKey(id);
    }

    /** The model with these examples added; an id already learned with the same label is skipped, with the other label relearned. */
    public LearnedModel learn(Iterable<Example> examples) {
        Map<String, int[]> c = copy(counts);
        Map<String, Boolean> s = new TreeMap<>(seen);
        int[] n = {flagTexts, okTexts};
        for (Example e : examples) {
            Boolean before = s.get(e.id());
            if (before != null) {
                if (before == e.flag()) {
                    continue;
                }
                add(c, n, tokens(e.text()), before, -1); // relabelled: forget the old label first
            }
            add(c, n, tokens(e.text()), e.flag(), +1);
            s.put(e.id(), e.flag());
        }
        return new LearnedModel(category, provenance, n[0], n[1], Collections.unmodifiableMap(c),
                Collections.unmodifiableMap(s));
    }

    /** The model without these texts (by id; the text must be the one learned). Unknown ids are ignored. */
    public LearnedModel forget(Iterable<Example> examples) {
        Map<String, int[]> c = copy(counts);
        Map<String, Boolean> s = new TreeMap<>(seen);
        int[] n = {flagTexts, okTexts};
        for (Example e : examples) {
            Boolean before = s.remove(e.id());
            if (before != null) {
                add(c, n, tokens(e.text()), before, -1);
            }
        }
        return new LearnedModel(category, provenance, n[0], n[1], Collections.unmodifiableMap(c),
                Collections.unmodifiableMap(s));
    }

    private static Map<String, int[]> copy(Map<String, int[]> counts) {
        Map<String, int[]> c = new TreeMap<>();
        counts.forEach((k, v) -> c.put(k, v.clone()));
        return c;
    }

    private static void add(Map<String, int[]> c, int[] n, Set<String> tokens, boolean flag, int delta) {
        n[flag ? 0 : 1] += delta;
        for (String t : tokens) {
            int[] v = c.computeIfAbsent(t, k -> new int[2]);
            v[flag ? 0 : 1] += delta;
            if (v[0] <= 0 && v[1] <= 0) {
                c.remove(t);
            }
        }
    }

    // --- tokens --------------------------------------------------------------------------------------------------

    /** A token of the normalised text with where it is there. */
    record Token(String text, int start, int end) {
    }

    /** The distinct tokens of a text. */
    static Set<String> tokens(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (Token t : tokenize(prefix(NORMALIZER.normalize(text).text()))) {
            out.add(t.text());
        }
        return out;
    }

    private static String prefix(String nt) {
        return nt.length() <= PREFIX ? nt : nt.substring(0, PREFIX);
    }

    /** Han bigrams and trigrams, Latin and digit words (lower-cased, as normalised), in text order. */
    static List<Token> tokenize(String nt) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = nt.length();
        while (i < n) {
            char c = nt.charAt(i);
            if (Normalizer.isHan(c)) {
                int j = i;
                while (j < n && Normalizer.isHan(nt.charAt(j))) {
                    j++;
                }
                for (int k = i; k < j; k++) {
                    if (k + 2 <= j) {
                        out.add(new Token(nt.substring(k, k + 2), k, k + 2));
                    }
                    if (k + 3 <= j) {
                        out.add(new Token(nt.substring(k, k + 3), k, k + 3));
                    }
                }
                if (j - i == 1) {
                    out.add(new Token(nt.substring(i, j), i, j));
                }
                i = j;
            } else if (Character.isLetterOrDigit(c)) {
                int j = i;
                while (j < n && Character.isLetterOrDigit(nt.charAt(j)) && !Normalizer.isHan(nt.charAt(j))) {
                    j++;
                }
                if (j - i <= 20) {
                    out.add(new Token(nt.substring(i, j), i, j));
                }
                i = j;
            } else {
                i++;
            }
        }
        return out;
    }

    // --- scoring -------------------------------------------------------------------------------------------------

    /** One token's part in a score. */
    public record Clue(String token, double probability, Span span) {
    }

    /**
     * A text's score.
     *
     * @param probability 0–1: how much the text looks like the category's flag texts (0.5: no evidence)
     * @param clues       the strongest tokens, strongest first, each with its first place in the original text
     */
    public record Score(String category, double probability, List<Clue> clues) {
        public Score {
            clues = List.copyOf(clues);
        }
    }

    /** Robinson's f(w): the token's flag probability, shrunk towards 0.5 by how rarely it was seen. */
    double tokenProbability(int[] c) {
        double fr = flagTexts == 0 ? 0 : (double) c[0] / flagTexts;
        double or = okTexts == 0 ? 0 : (double) c[1] / okTexts;
        double p = fr + or == 0 ? X : fr / (fr + or);
        int seenIn = c[0] + c[1];
        return (S * X + seenIn * p) / (S + seenIn);
    }

    /** Scores a text (already normalised by the caller) and maps its clues to the original. */
    public Score score(String text) {
        return score(NORMALIZER.normalize(text));
    }

    /** Scores normalised text; clue spans are original offsets through the text's offset map. */
    Score score(NormalizedText norm) {
        Map<String, Token> first = new LinkedHashMap<>();
        for (Token t : tokenize(prefix(norm.text()))) {
            first.putIfAbsent(t.text(), t);
        }
        List<Map.Entry<String, Double>> strong = new ArrayList<>();
        for (String tok : first.keySet()) {
            int[] c = counts.get(tok);
            double p = c == null ? X : tokenProbability(c);
            if (Math.abs(p - 0.5) >= MIN_STRENGTH) {
                strong.add(Map.entry(tok, p));
            }
        }
        strong.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -Math.abs(e.getValue() - 0.5))
                .thenComparing(Map.Entry::getKey));
        List<Map.Entry<String, Double>> clues = strong.subList(0, Math.min(MAX_CLUES, strong.size()));
        double prob = fisher(clues.stream().mapToDouble(Map.Entry::getValue).toArray());
        List<Clue> out = new ArrayList<>(clues.size());
        for (var e : clues) {
            Token t = first.get(e.getKey());
            out.add(new Clue(e.getKey(), e.getValue(), norm.toOriginal(t.start(), t.end())));
        }
        return new Score(category, prob, out);
    }

    /** SpamBayes' chi-square combining: (S - H + 1) / 2 from Fisher's method on both tails; 0.5 with no clues. */
    static double fisher(double[] probs) {
        if (probs.length == 0) {
            return 0.5;
        }
        double lnS = 0;
        double lnH = 0;
        for (double p : probs) {
            double q = Math.min(0.99, Math.max(0.01, p));
            lnS += Math.log(1 - q);
            lnH += Math.log(q);
        }
        int n = probs.length;
        double s = 1 - chi2Q(-2 * lnS, 2 * n);
        double h = 1 - chi2Q(-2 * lnH, 2 * n);
        return (s - h + 1) / 2;
    }

    /** The probability that a chi-square variable with {@code v} (even) degrees of freedom exceeds {@code x2}. */
    static double chi2Q(double x2, int v) {
        double m = x2 / 2.0;
        double sum = Math.exp(-m);
        double term = sum;
        for (int i = 1; i < v / 2; i++) {
            term *= m / i;
            sum += term;
        }
        return Math.min(sum, 1.0);
    }

    // --- the file ------------------------------------------------------------------------------------------------

    /** The model as its file's content. */
    public String format() {
        StringBuilder sb = new StringBuilder(counts.size() * 16);
        sb.append(MAGIC).append('\n');
        sb.append("category\t").append(category).append('\n');
        sb.append("provenance\t").append(provenance).append('\n');
        sb.append("texts\t").append(flagTexts).append('\t').append(okTexts).append('\n');
        for (var e : seen.entrySet()) {
            sb.append("seen\t").append(e.getKey().replaceAll("[\t\r\n]", " ")).append('\t')
                    .append(e.getValue() ? "flag" : "ok").append('\n');
        }
        for (var e : counts.entrySet()) {
            sb.append(e.getKey()).append('\t').append(e.getValue()[0]).append('\t').append(e.getValue()[1]).append('\n');
        }
        return sb.toString();
    }

    /** Writes the model file. */
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, format(), StandardCharsets.UTF_8);
    }

    /** Reads a model file. @throws RulePackException naming the file and line of what is wrong */
    public static LearnedModel load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new RulePackException(List.of(new Problem(file.toString(), 0, "cannot read model: " + e)));
        }
    }

    /** Parses a model file's content ({@code name} is used in messages). */
    public static LearnedModel parse(String content, String name) {
        List<Problem> problems = new ArrayList<>();
        LearnedModel m = parse(content, name, problems);
        if (m == null) {
            throw new RulePackException(problems);
        }
        return m;
    }

    /** Parses, adding problems (file and line) instead of throwing; null when it is not a valid model. */
    public static LearnedModel parse(String content, String name, List<Problem> problems) {
        String[] lines = content.split("\n", -1);
        if (lines.length == 0 || !lines[0].strip().equals(MAGIC)) {
            problems.add(new Problem(name, 1, "not a Bianwei model file (the first line must be '" + MAGIC + "')"));
            return null;
        }
        String category = null;
        String provenance = "";
        int flag = -1;
        int ok = -1;
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, Boolean> seen = new TreeMap<>();
        int before = problems.size();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            try {
                switch (f[0]) {
                    case "category" -> category = f[1];
                    case "provenance" -> provenance = f.length > 1 ? f[1] : "";
                    case "texts" -> {
                        flag = Integer.parseInt(f[1]);
                        ok = Integer.parseInt(f[2]);
                    }
                    case "seen" -> seen.put(f[1], f[2].equals("flag"));
                    default -> {
                        if (f.length != 3) {
                            throw new IllegalArgumentException("expected 'token<TAB>flag count<TAB>ok count'");
                        }
                        int a = Integer.parseInt(f[1]);
                        int b = Integer.parseInt(f[2]);
                        if (a < 0 || b < 0) {
                            throw new IllegalArgumentException("counts must not be negative");
                        }
                        counts.put(f[0], new int[]{a, b});
                    }
                }
            } catch (RuntimeException e) {
                problems.add(new Problem(name, i + 1, "bad model line: " + (e.getMessage() == null ? e : e.getMessage())));
                if (problems.size() - before >= 10) {
                    break;
                }
            }
        }
        if (category == null || (!Category.PSEUDO_SCIENCE.equals(category) && !Category.PRIVACY_ABUSE.equals(category))) {
            problems.add(new Problem(name, 0, "model has no valid 'category' line (pseudo_science or privacy_abuse)"));
        }
        if (flag < 0 || ok < 0) {
            problems.add(new Problem(name, 0, "model has no 'texts' line"));
        }
        if (problems.size() > before) {
            return null;
        }
        return new LearnedModel(category, provenance, flag, ok, Collections.unmodifiableMap(counts),
                Collections.unmodifiableMap(seen));
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
