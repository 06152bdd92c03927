package io.bianwei;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything that configures a {@link Screener}, as one immutable, serialisable value: the CLI, the Flink job and the
 * service read their options into it (through {@link ScreenerSpec}, which also writes and reads it as one line of
 * text), and {@link Screener#build(ScreenerSettings)} builds from it. The defaults are written here once
 * ({@link #defaults()}).
 *
 * <p>Rule folders are kept as strings (paths are not serialisable; a Flink TaskManager resolves its own copy).
 *
 * @param defaultRules   include the default rule pack (bianwei-rules on the classpath)
 * @param rules          extra rule folders or files, in loading order (later ones override earlier ones)
 * @param review         score at or above which a text is REVIEW (1–100)
 * @param block          score at or above which a text is BLOCK (review–100)
 * @param categoryCap    the most positive points one category can contribute (≥ 1)
 * @param only           screen only these categories (empty: all); context rules stay on
 * @param disable        rule ids to disable (an unknown id fails the build)
 * @param fastPath       skip segmentation and rules when no evidence rule has the term lists it needs
 * @param maxRuleFirings per-document budget of rule firings
 * @param maxRuleTime    per-document budget of CPU time in rule code (the wall-clock stop, for code that sleeps, is 4x)
 * @param maxTextLength  longest text screened; longer texts are screened on their first part and marked incomplete
 * @param failClosed     a text whose rules ran out of time or firings (or were abandoned) is at least REVIEW
 * @param strict         refuse packs with code that can do more than read facts and emit (see {@link PackWarning.Kind#CODE})
 * @param scoringMode    {@code auto}: the learned verdict when the pack has a model (and does not ask for weights),
 *                       hand weights otherwise; {@code weights}: hand weights always
 * @param thresholdsGiven whether {@code review}/{@code block} were set: with the learned verdict, the model's own
 *                       thresholds (chosen for stated rates of ordinary texts) apply unless they were
 */
public record ScreenerSettings(boolean defaultRules, List<String> rules, int review, int block, int categoryCap,
                               List<String> only, List<String> disable, boolean fastPath, int maxRuleFirings,
                               Duration maxRuleTime, int maxTextLength, boolean failClosed, boolean strict,
                               String scoringMode, boolean thresholdsGiven)
        implements Serializable {
    public static final int DEFAULT_REVIEW = 40;
    public static final int DEFAULT_BLOCK = 70;
    public static final int DEFAULT_CATEGORY_CAP = 100;
    public static final int DEFAULT_MAX_RULE_FIRINGS = 10_000;
    public static final Duration DEFAULT_MAX_RULE_TIME = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_TEXT_LENGTH = 10_000_000;

    private static final ScreenerSettings DEFAULTS = new ScreenerSettings(true, List.of(), DEFAULT_REVIEW,
            DEFAULT_BLOCK, DEFAULT_CATEGORY_CAP, List.of(), List.of(), true, DEFAULT_MAX_RULE_FIRINGS,
            DEFAULT_MAX_RULE_TIME, DEFAULT_MAX_TEXT_LENGTH, true, false, "auto", false);

    public ScreenerSettings {
        rules = List.copyOf(rules);
        only = List.copyOf(only);
        disable = List.copyOf(disable);
        Objects.requireNonNull(maxRuleTime, "maxRuleTime");
        if (review < 1 || block > 100 || review > block) {
            throw new IllegalArgumentException("need 1 <= review <= block <= 100, got review " + review + ", block "
                    + block);
        }
        if (categoryCap < 1) {
            throw new IllegalArgumentException("category cap must be positive, got " + categoryCap);
        }
        for (String c : only) {
            if (!Category.PSEUDO_SCIENCE.equals(c) && !Category.PRIVACY_ABUSE.equals(c)) {
                throw new IllegalArgumentException("unknown category '" + c + "' (use " + Category.PSEUDO_SCIENCE
                        + " or " + Category.PRIVACY_ABUSE + ")");
            }
        }
        if (maxRuleFirings < 1) {
            throw new IllegalArgumentException("maxRuleFirings must be positive");
        }
        if (maxRuleTime.isNegative() || maxRuleTime.isZero()) {
            throw new IllegalArgumentException("maxRuleTime must be positive");
        }
        if (maxTextLength < 1) {
            throw new IllegalArgumentException("maxTextLength must be positive");
        }
        Objects.requireNonNull(scoringMode, "scoringMode");
        if (!scoringMode.equals("auto") && !scoringMode.equals("weights")) {
            throw new IllegalArgumentException("scoring must be 'auto' or 'weights', got '" + scoringMode + "'");
        }
    }

    /** The library's defaults: the default pack, REVIEW 40, BLOCK 70, cap 100, fast path on, 10,000 firings, 5 s of
     * rule CPU time, fail-closed, not strict. */
    public static ScreenerSettings defaults() {
        return DEFAULTS;
    }

    /** The same settings with extra rule folders or files appended. */
    public ScreenerSettings withRules(List<Path> paths) {
        List<String> all = new ArrayList<>(rules);
        paths.forEach(p -> all.add(p.toString()));
        return with(c -> c.rules = all);
    }

    /** The same settings with the given rule folders or files instead of the current ones. */
    public ScreenerSettings withRuleStrings(List<String> paths) {
        return with(c -> c.rules = paths);
    }

    /** The extra rule folders or files as paths. */
    public List<Path> rulePaths() {
        return rules.stream().map(Path::of).toList();
    }

    public ScreenerSettings withDefaultRules(boolean on) {
        return with(c -> c.defaultRules = on);
    }

    public ScreenerSettings withThresholds(int review, int block) {
        return with(c -> {
            c.review = review;
            c.block = block;
            c.thresholdsGiven = true;
        });
    }

    /** {@code auto} (the learned verdict when the pack has a model) or {@code weights} (hand weights always). */
    public ScreenerSettings withScoringMode(String mode) {
        return with(c -> c.scoringMode = mode);
    }

    public ScreenerSettings withCategoryCap(int cap) {
        return with(c -> c.categoryCap = cap);
    }

    public ScreenerSettings withOnly(List<String> categories) {
        return with(c -> c.only = categories);
    }

    public ScreenerSettings withDisabled(List<String> ruleIds) {
        return with(c -> c.disable = ruleIds);
    }

    public ScreenerSettings withFastPath(boolean on) {
        return with(c -> c.fastPath = on);
    }

    public ScreenerSettings withMaxRuleFirings(int max) {
        return with(c -> c.maxRuleFirings = max);
    }

    public ScreenerSettings withMaxRuleTime(Duration max) {
        return with(c -> c.maxRuleTime = max);
    }

    public ScreenerSettings withMaxTextLength(int max) {
        return with(c -> c.maxTextLength = max);
    }

    public ScreenerSettings withFailClosed(boolean on) {
        return with(c -> c.failClosed = on);
    }

    public ScreenerSettings withStrict(boolean on) {
        return with(c -> c.strict = on);
    }

    /** The scoring these settings describe (thresholds and category cap). */
    public Scoring scoring() {
        return new Scoring(review, block, categoryCap);
    }

    /** A copy with some components changed: what every {@code with…} does, written once. */
    private ScreenerSettings with(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** The components as mutable fields, for {@link #with}. */
    private static final class Copy {
        boolean defaultRules;
        List<String> rules;
        int review;
        int block;
        int categoryCap;
        List<String> only;
        List<String> disable;
        boolean fastPath;
        int maxRuleFirings;
        Duration maxRuleTime;
        int maxTextLength;
        boolean failClosed;
        boolean strict;
        String scoringMode;
        boolean thresholdsGiven;

        Copy(ScreenerSettings s) {
            defaultRules = s.defaultRules;
            rules = s.rules;
            review = s.review;
            block = s.block;
            categoryCap = s.categoryCap;
            only = s.only;
            disable = s.disable;
            fastPath = s.fastPath;
            maxRuleFirings = s.maxRuleFirings;
            maxRuleTime = s.maxRuleTime;
            maxTextLength = s.maxTextLength;
            failClosed = s.failClosed;
            strict = s.strict;
            scoringMode = s.scoringMode;
            thresholdsGiven = s.thresholdsGiven;
        }

        ScreenerSettings build() {
            return new ScreenerSettings(defaultRules, rules, review, block, categoryCap, only, disable, fastPath,
                    maxRuleFirings, maxRuleTime, maxTextLength, failClosed, strict, scoringMode, thresholdsGiven);
        }
    }
}
