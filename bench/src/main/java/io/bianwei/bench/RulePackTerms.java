package io.bianwei.bench;

import io.bianwei.Screener;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The vocabulary of the default rule pack as the screener loads it ({@link Screener.Pack#terms()}: every list's terms,
 * class words and aliases), so the baselines are loaded with exactly the words Bianwei matches. Computed once per JVM
 * (building the screener is not part of any baseline's measurement).
 */
public final class RulePackTerms {
    private static List<String> terms;

    private RulePackTerms() {
    }

    /** Every distinct term of every list of the default pack. */
    public static synchronized List<String> load() {
        if (terms == null) {
            Set<String> all = new LinkedHashSet<>();
            Screener.builder().build().pack().terms().values().forEach(all::addAll);
            if (all.isEmpty()) {
                throw new IllegalStateException("the default pack has no terms");
            }
            terms = List.copyOf(new ArrayList<>(all));
        }
        return terms;
    }
}
