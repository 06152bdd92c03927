package io.bianwei.cli;

import io.bianwei.Category;
import io.bianwei.Finding;
import io.bianwei.RuleInfo;
import io.bianwei.ScreeningResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
 * ignores it whatever its weight.
 */
final class FiringData {
    private final List<String> rules;
    private final List<String> ruleCategories;
    private final boolean[] context;
    private final int[] weights;
    private final List<String> categories;
    private final List<Doc> docs;

    /**
     * One labelled document.
     *
     * @param rules indexes of the rules that fired, one entry per (rule, category) pair
     * @param cats  the category index of each entry
     */
    record Doc(String id, Evaluation.Label label, String category, int[] rules, int[] cats) {
        Doc {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(label, "label");
            if (rules.length != cats.length) {
                throw new IllegalArgumentException("rules and cats differ in length");
            }
        }

        boolean flag() {
            return label == Evaluation.Label.FLAG;
        }

        /** Distinct rule indexes, ascending. */
        int[] distinctRules() {
            return Arrays.stream(rules).distinct().sorted().toArray();
        }
    }

    FiringData(List<String> rules, List<String> ruleCategories, int[] weights, List<String> categories,
               List<Doc> docs) {
        this.rules = List.copyOf(rules);
        this.ruleCategories = List.copyOf(ruleCategories);
        this.weights = weights.clone();
        this.context = new boolean[rules.size()];
        for (int i = 0; i < context.length; i++) {
            context[i] = Category.CONTEXT.equals(ruleCategories.get(i));
        }
        this.categories = List.copyOf(categories);
        this.docs = List.copyOf(docs);
        if (ruleCategories.size() != rules.size() || weights.length != rules.size()) {
            throw new IllegalArgumentException("rules, categories and weights differ in length");
        }
    }

    List<String> rules() {
        return rules;
    }

    String ruleCategory(int rule) {
        return ruleCategories.get(rule);
    }

    boolean isContext(int rule) {
        return context[rule];
    }

    /** The effective weights the documents were screened with, by rule index. */
    int[] weights() {
        return weights.clone();
    }

    /** Category names, by category index. */
    List<String> categories() {
        return categories;
    }

    List<Doc> docs() {
        return docs;
    }

    int index(String rule) {
        int i = rules.indexOf(rule);
        if (i < 0) {
            throw new IllegalArgumentException("unknown rule " + rule);
        }
        return i;
    }

    /** The same rules and categories with other documents (a split). */
    FiringData with(List<Doc> subset) {
        return new FiringData(rules, ruleCategories, weights, categories, subset);
    }

    /** Collects documents screened with a screener whose (enabled) rules are {@code rules}. */
    static final class Builder {
        private final List<String> ids = new ArrayList<>();
        private final List<String> cats = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();
        private final int[] weights;
        private final Map<String, Integer> categories = new java.util.LinkedHashMap<>();
        private final List<Doc> docs = new ArrayList<>();

        Builder(List<RuleInfo> rules) {
            List<RuleInfo> on = rules.stream().filter(RuleInfo::enabled)
                    .sorted(java.util.Comparator.comparing(RuleInfo::id)).toList();
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

        Builder add(Evaluation.Sample sample, ScreeningResult result) {
            return add(sample.id(), sample.label(), sample.category(), result.findings());
        }

        Builder add(String id, Evaluation.Label label, String category, List<Finding> findings) {
            List<int[]> pairs = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>();
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
            pairs.sort(java.util.Comparator.<int[]>comparingInt(p -> p[0]).thenComparingInt(p -> p[1]));
            docs.add(new Doc(id, label, category, pairs.stream().mapToInt(p -> p[0]).toArray(),
                    pairs.stream().mapToInt(p -> p[1]).toArray()));
            return this;
        }

        FiringData build() {
            return new FiringData(ids, cats, weights, List.copyOf(categories.keySet()), docs);
        }
    }
}
