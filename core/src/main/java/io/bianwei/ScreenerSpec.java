package io.bianwei;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link ScreenerSettings} written as one line of text, in the spirit of Caffeine's {@code CaffeineSpec}: comma-separated
 * {@code key=value} pairs, list values separated by {@code ;}. The CLI, the service and the Flink job read their
 * screener options through this class ({@code --screener SPEC} and the single options alike), so a setting is spelt,
 * checked and worded the same way everywhere, and a log line or a config file can carry the whole configuration:
 * <pre>
 * review=30,block=60,scoring=weights,only=pseudo_science,disable=PS_A;PS_B,rules=my-rules;more.drl,default=false
 * </pre>
 * Keys: {@code review}, {@code block} (1–100; either may be left out), {@code scoring} ({@code auto}|{@code weights}),
 * {@code only} (categories), {@code disable} (rule ids), {@code rules} (folders or files, appended), {@code default}
 * (the default pack, {@code true}|{@code false}), {@code cap} (category cap), {@code firings} (per-document rule
 * firings), {@code ruleTime} ({@code 5s}, {@code 500ms} or ISO-8601 {@code PT5S}), {@code maxText} (characters),
 * {@code failClosed}, {@code strict}, {@code fastPath} ({@code true}|{@code false}). Later pairs override earlier ones;
 * {@code only}, {@code disable} and {@code rules} add up. Errors name the key and say what is wrong.
 * {@link #format} writes the settings that differ from {@link ScreenerSettings#defaults()}, so that
 * {@code parse(format(s)).equals(s)}.
 */
public final class ScreenerSpec {
    private ScreenerSpec() {
    }

    /** The defaults with {@code spec} applied. @throws IllegalArgumentException naming the key at fault */
    public static ScreenerSettings parse(String spec) {
        return parse(ScreenerSettings.defaults(), spec);
    }

    /** {@code base} with {@code spec} applied. @throws IllegalArgumentException naming the key at fault */
    public static ScreenerSettings parse(ScreenerSettings base, String spec) {
        ScreenerSettings s = base;
        Integer review = null;
        Integer block = null;
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got '" + part.strip() + "'");
            }
            String key = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            try {
                switch (key) {
                    case "review" -> review = threshold(key, value);
                    case "block" -> block = threshold(key, value);
                    default -> s = set(s, key, value);
                }
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(key) ? e : new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
        return review == null && block == null ? s : thresholds(s, review, block);
    }

    /**
     * The thresholds of {@code review=N,block=M} (either key may be left out, keeping the current value; {@code :}
     * also separates), as the CLI's and the job's {@code --threshold} take them.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ScreenerSettings thresholds(ScreenerSettings base, String spec) {
        Integer review = null;
        Integer block = null;
        for (String part : spec.split(",")) {
            String[] kv = part.strip().split("[=:]", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected review=N,block=M, got '" + spec + "'");
            }
            String key = kv[0].strip().toLowerCase(Locale.ROOT);
            switch (key) {
                case "review" -> review = threshold(key, kv[1].strip());
                case "block" -> block = threshold(key, kv[1].strip());
                default -> throw new IllegalArgumentException("unknown key '" + kv[0].strip()
                        + "' (use review= and block=)");
            }
        }
        return thresholds(base, review, block);
    }

    private static ScreenerSettings thresholds(ScreenerSettings base, Integer review, Integer block) {
        int r = review == null ? base.review() : review;
        int b = block == null ? base.block() : block;
        if (r > b) {
            throw new IllegalArgumentException("review (" + r + ") must not be above block (" + b + ")");
        }
        return base.withThresholds(r, b);
    }

    private static int threshold(String key, String value) {
        int v = integer(value);
        if (v < 1 || v > 100) {
            throw new IllegalArgumentException(key + " must be within 1-100, got " + v);
        }
        return v;
    }

    /**
     * {@code base} with one key set ({@code review}/{@code block} alone are checked against the other's current
     * value). @throws IllegalArgumentException naming the key and what is wrong
     */
    public static ScreenerSettings set(ScreenerSettings base, String key, String value) {
        try {
            return switch (key) {
                case "review", "block" -> thresholds(base, key + "=" + value);
                case "scoring" -> {
                    if (!value.equals("auto") && !value.equals("weights")) {
                        throw new IllegalArgumentException("use auto or weights, got '" + value + "'");
                    }
                    yield base.withScoringMode(value);
                }
                case "only" -> {
                    List<String> all = new ArrayList<>(base.only());
                    for (String c : list(value)) {
                        if (!Category.PSEUDO_SCIENCE.equals(c) && !Category.PRIVACY_ABUSE.equals(c)) {
                            throw new IllegalArgumentException("unknown category '" + c + "' (use "
                                    + Category.PSEUDO_SCIENCE + " or " + Category.PRIVACY_ABUSE + ")");
                        }
                        if (!all.contains(c)) {
                            all.add(c);
                        }
                    }
                    yield base.withOnly(all);
                }
                case "disable" -> {
                    List<String> all = new ArrayList<>(base.disable());
                    list(value).stream().filter(id -> !all.contains(id)).forEach(all::add);
                    yield base.withDisabled(all);
                }
                case "rules" -> {
                    List<String> all = new ArrayList<>(base.rules());
                    all.addAll(list(value));
                    yield base.withRuleStrings(all);
                }
                case "default" -> base.withDefaultRules(bool(value));
                case "cap" -> base.withCategoryCap(integer(value));
                case "firings" -> base.withMaxRuleFirings(integer(value));
                case "ruleTime" -> base.withMaxRuleTime(duration(value));
                case "maxText" -> base.withMaxTextLength(integer(value));
                case "failClosed" -> base.withFailClosed(bool(value));
                case "strict" -> base.withStrict(bool(value));
                case "fastPath" -> base.withFastPath(bool(value));
                default -> throw new IllegalArgumentException("unknown key (use review, block, scoring, only, "
                        + "disable, rules, default, cap, firings, ruleTime, maxText, failClosed, strict or fastPath)");
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Settings read from a command-line option's value, a mistake named by the option instead of the spec's key:
     * {@code --only: unknown category 'x' …}, not {@code only: unknown category …}. For the CLI's and the job's options.
     *
     * @param option the option as typed, {@code --only}
     * @throws IllegalArgumentException starting with the option
     */
    public static ScreenerSettings option(String option, java.util.function.Supplier<ScreenerSettings> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            String key = option.replaceFirst("^-+", "") + ": ";
            throw new IllegalArgumentException(option + ": " + (m.startsWith(key) ? m.substring(key.length()) : m), e);
        }
    }

    /**
     * Whether the settings can build a screener on their own: without the default pack they need rules.
     *
     * @throws IllegalArgumentException saying what is missing
     */
    public static ScreenerSettings complete(ScreenerSettings s) {
        if (!s.defaultRules() && s.rules().isEmpty()) {
            throw new IllegalArgumentException("without the default pack (default=false, --no-default) at least one "
                    + "rules folder or file is needed");
        }
        return s;
    }

    /** The settings that differ from the defaults, as a spec; {@code ""} for the defaults. */
    public static String format(ScreenerSettings s) {
        ScreenerSettings d = ScreenerSettings.defaults();
        Map<String, String> out = new LinkedHashMap<>();
        if (s.thresholdsGiven()) {
            out.put("review", String.valueOf(s.review()));
            out.put("block", String.valueOf(s.block()));
        }
        if (!s.scoringMode().equals(d.scoringMode())) {
            out.put("scoring", s.scoringMode());
        }
        if (!s.only().isEmpty()) {
            out.put("only", String.join(";", s.only()));
        }
        if (!s.disable().isEmpty()) {
            out.put("disable", String.join(";", s.disable()));
        }
        if (!s.rules().isEmpty()) {
            out.put("rules", String.join(";", s.rules()));
        }
        if (s.defaultRules() != d.defaultRules()) {
            out.put("default", String.valueOf(s.defaultRules()));
        }
        if (s.categoryCap() != d.categoryCap()) {
            out.put("cap", String.valueOf(s.categoryCap()));
        }
        if (s.maxRuleFirings() != d.maxRuleFirings()) {
            out.put("firings", String.valueOf(s.maxRuleFirings()));
        }
        if (!s.maxRuleTime().equals(d.maxRuleTime())) {
            out.put("ruleTime", s.maxRuleTime().toString());
        }
        if (s.maxTextLength() != d.maxTextLength()) {
            out.put("maxText", String.valueOf(s.maxTextLength()));
        }
        if (s.failClosed() != d.failClosed()) {
            out.put("failClosed", String.valueOf(s.failClosed()));
        }
        if (s.strict() != d.strict()) {
            out.put("strict", String.valueOf(s.strict()));
        }
        if (s.fastPath() != d.fastPath()) {
            out.put("fastPath", String.valueOf(s.fastPath()));
        }
        StringBuilder sb = new StringBuilder();
        out.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    /** A list value: separated by {@code ;} (and, from a single option, {@code ,}), blanks dropped. */
    static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String x : value.split("[;,]")) {
            if (!x.isBlank()) {
                out.add(x.strip());
            }
        }
        return out;
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value.strip() + "' is not a whole number");
        }
    }

    private static boolean bool(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("use true or false, got '" + value + "'");
        };
    }

    /** {@code 5s}, {@code 500ms}, {@code 2m} or ISO-8601 ({@code PT5S}). */
    static Duration duration(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(value.strip());
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // below
        }
        throw new IllegalArgumentException("not a duration: '" + value + "' (e.g. 5s, 500ms, PT5S)");
    }
}
