package io.bianwei.cli;

import io.bianwei.Screener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the common options say about the screener to build; a value (tests cache screeners by it).
 *
 * @param defaultRules include the default pack (bianwei-rules)
 * @param rules        extra rule folders/files, in order
 * @param review       REVIEW threshold, or null for the library default
 * @param block        BLOCK threshold, or null for the library default
 * @param only         categories to screen (empty = all)
 * @param disable      rule ids to disable
 */
public record ScreenerConfig(boolean defaultRules, List<Path> rules, Integer review, Integer block,
                             List<String> only, List<String> disable) {
    /** The library's thresholds when none are given (Screener.Builder documents 40 / 70). */
    public static final int DEFAULT_REVIEW = 40;
    public static final int DEFAULT_BLOCK = 70;

    private static final Logger LOG = LoggerFactory.getLogger(ScreenerConfig.class);

    public ScreenerConfig {
        rules = List.copyOf(rules);
        only = List.copyOf(only);
        disable = List.copyOf(disable);
    }

    /** The default pack, nothing else changed. */
    public static ScreenerConfig defaults() {
        return new ScreenerConfig(true, List.of(), null, null, List.of(), List.of());
    }

    public int effectiveReview() {
        return review == null ? DEFAULT_REVIEW : review;
    }

    public int effectiveBlock() {
        return block == null ? DEFAULT_BLOCK : block;
    }

    /**
     * Compiles the screener.
     *
     * @throws io.bianwei.RulePackException when the pack does not compile
     * @throws IllegalArgumentException     for an unknown category or bad thresholds
     */
    public Screener build() {
        long t0 = System.nanoTime();
        Screener.Builder b = Screener.builder();
        if (!defaultRules) {
            b.withoutDefaultRules();
        }
        rules.forEach(b::addRules);
        if (review != null || block != null) {
            b.thresholds(effectiveReview(), effectiveBlock());
        }
        if (!only.isEmpty()) {
            b.onlyCategories(only);
        }
        if (!disable.isEmpty()) {
            b.disableRules(disable);
        }
        Screener s = b.build();
        LOG.debug("built screener {} ({} rules, ruleset {}) in {} ms", this, s.rules().size(), s.rulesetVersion(),
                (System.nanoTime() - t0) / 1_000_000);
        return s;
    }
}
