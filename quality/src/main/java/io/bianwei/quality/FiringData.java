package io.bianwei.quality;

import io.bianwei.Category;
import io.bianwei.Finding;
import io.bianwei.RuleInfo;
import io.bianwei.ScreeningResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Labelled documents as firing vectors: for each, the (rule, category) pairs that fired. Which rules fire does not
 * depend on the weights (weights only enter the score), so a corpus is screened once and every weight vector after
 * that is arithmetic ({@link ScoreModel}).
 *
 * <p>Rules are indexed in id order; {@link #weights()} are the effective weights of the screener the documents were
 * screened with. A context finding that qualified no claim (category {@code context}) is left out: the scorer
 * ignores it whatever its weight. Immutable (arrays are copied in and out); build one with {@link Builder}.
 */
public final class FiringData {
    private final List<String> rules;
    private final List<String> ruleCategories;
    private final boolean[] context;
    private final int[] weights;
    private final List<String> categories;
    private final List<Doc> docs;

    /**
     * One labelled document.
     *
     * @param id       the document's id
     * @param label    its label
     * @param category its labelled category, or null
     * @param rules    indexes of the rules that fired, one entry per (rule, category) pair, ascending
     * @param cats     the category index of each entry
     */
    public record Doc(String id, Label label, String category, int[] rules, int[] cats) {
        public Doc {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(label, "label");
            if (rules.length != cats.length) {
                throw new IllegalArgumentException("rules and cats differ in length");
            }
            rules = rules.clone();
            cats = cats.clone();
        }

        /** A copy of the rule indexes. */
        @Override
        public int[] rules() {
            return rules.clone();
        }

        /** A copy of the category indexes. */
        @Override
        public int[] cats() {
            return cats.clone();
        }

        /** The rule indexes themselves, for the arithmetic's inner loops (never written to). */
        int[] ruleArray() {
            return rules;
        }

        /** The category indexes themselves, for the arithmetic's inner loops (never written to). */
        int[] catArray() {
            return cats;
        }

        /** How many (rule, category) pairs fired. */
        public int size() {
            return rules.length;
        }

        /** Whether the document is labelled flag. */
        public boolean flag() {
            return label == Label.FLAG;
        }

        /** Distinct rule indexes, ascending. */
        public int[] distinctRules() {
            return Arrays.stream(rules).distinct().sorted().toArray();
        }
    }

    /**
     * @param rules          rule ids, by rule index
     * @param ruleCategories each rule's category ({@code context} for context rules)
     * @param weights        each rule's weight in the screener the documents were screened with
     * @param categories     category names, by the category index the documents use
     * @param docs           the documents
     */
    public FiringData(List<String> rules, List<String> ruleCategories, int[] weights, List<String> categories,
                      List<Doc> docs) {
        this.rules = List.copyOf(rules);
        this.ruleCategories = List.copyOf(ruleCategories);
        this.weights = weights.clone();
        if (ruleCategories.size() != rules.size() || weights.length != rules.size()) {
            throw new IllegalArgumentException("rules, categories and weights differ in length");
        }
        this.context = new boolean[rules.size()];
        for (int i = 0; i < context.length; i++) {
            context[i] = Category.CONTEXT.equals(ruleCategories.get(i));
        }
        this.categories = List.copyOf(categories);
        this.docs = List.copyOf(docs);
    }

    /** Rule ids, by rule index (ascending). */
    public List<String> rules() {
        return rules;
    }

    /** The category of a rule. */
    public String ruleCategory(int rule) {
        return ruleCategories.get(rule);
    }

    /** Whether a rule is a context rule (its weight is negative). */
    public boolean isContext(int rule) {
        return context[rule];
    }

    /** The effective weights the documents were screened with, by rule index. */
    public int[] weights() {
        return weights.clone();
    }

    /** Category names, by category index. */
    public List<String> categories() {
        return categories;
    }

    public List<Doc> docs() {
        return docs;
    }

    /** The index of a rule. */
    public int index(String rule) {
        int i = rules.indexOf(rule);
        if (i < 0) {
            throw new IllegalArgumentException("unknown rule " + rule);
        }
        return i;
    }

    /** The same rules and categories with other documents (a split). */
    public FiringData with(List<Doc> subset) {
        return new FiringData(rules, ruleCategories, weights, categories, subset);
    }

    /** How many of {@code docs} have the label. */
    public static int count(List<Doc> docs, Label label) {
        int n = 0;
        for (Doc d : docs) {
            n += d.label() == label ? 1 : 0;
        }
        return n;
    }

    /** Per rule index: {@code [flag texts, ok texts]} of {@code docs} the rule fired on (a fresh array). */
    public int[][] hits(List<Doc> docs) {
        int[][] h = new int[rules.size()][2];
        for (Doc d : docs) {
            for (int r : d.distinctRules()) {
                h[r][d.flag() ? 0 : 1]++;
            }
        }
        return h;
    }

    /** Collects documents screened with a screener whose (enabled) rules are {@code rules}. Not thread-safe. */
    public static final class Builder {
        private final List<String> ids = new ArrayList<>();
        private final List<String> cats = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();
        private final int[] weights;
        private final Map<String, Integer> categories = new LinkedHashMap<>();
        private final List<Doc> docs = new ArrayList<>();

        /** @param rules the screener's rules ({@code Screener.rules()}); disabled ones are left out */
        public Builder(List<RuleInfo> rules) {
            List<RuleInfo> on = rules.stream().filter(RuleInfo::enabled)
                    .sorted(Comparator.comparing(RuleInfo::id)).toList();
            weights = new int[on.size()];
            for (RuleInfo r : on) {
                index.put(r.id(), ids.size());
                weights[ids.size()] = r.weight();
                ids.add(r.id());
                cats.add(r.category());
            }
            categories.put(Category.PSEUDO_SCIENCE, 0);
            categories.put(Category.PRIVACY_ABUSE, 1);
        }

        /** A sample and the screener's result for it. */
        public Builder add(Sample sample, ScreeningResult result) {
            return add(sample.id(), sample.label(), sample.category(), result.findings());
        }

        /**
         * A document and its findings.
         *
         * @throws IllegalArgumentException for a finding of a rule that is unknown or disabled
         */
        public Builder add(String id, Label label, String category, List<Finding> findings) {
            List<int[]> pairs = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Finding f : findings) {
                if (Category.CONTEXT.equals(f.category()) || !seen.add(f.ruleId() + "|" + f.category())) {
                    continue;
                }
                Integer r = index.get(f.ruleId());
                if (r == null) {
                    throw new IllegalArgumentException("finding of unknown or disabled rule " + f.ruleId());
                }
                int c = categories.computeIfAbsent(f.category(), k -> categories.size());
                pairs.add(new int[]{r, c});
            }
            pairs.sort(Comparator.<int[]>comparingInt(p -> p[0]).thenComparingInt(p -> p[1]));
            docs.add(new Doc(id, label, category, pairs.stream().mapToInt(p -> p[0]).toArray(),
                    pairs.stream().mapToInt(p -> p[1]).toArray()));
            return this;
        }

        /** The documents added so far. */
        public FiringData build() {
            return new FiringData(ids, cats, weights, List.copyOf(categories.keySet()), docs);
        }
    }
}
