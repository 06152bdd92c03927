package io.bianwei.cli;

import io.bianwei.Category;
import io.bianwei.RulePackException;
import io.bianwei.Screener;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The options every screening command shares (a picocli mixin), and building the screener from them. */
final class ScreenerOptions {
    @Option(names = "--rules", paramLabel = "DIR|FILE",
            description = "Extra rules: a folder (*.drl, terms/*.txt, weights.txt, recursively) or one file. "
                    + "Repeatable. A rule with a default rule's id replaces it; term lists of the same name merge.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--no-default", description = "Leave out the default rule pack (use only --rules).")
    boolean noDefault;

    @Option(names = "--threshold", paramLabel = "review=N,block=M",
            description = "Score thresholds (1-100, review <= block); either key may be left out. "
                    + "Default review=40,block=70.")
    String threshold;

    @Option(names = "--only", split = ",", paramLabel = "CATEGORY",
            description = "Screen only these categories (pseudo_science, privacy_abuse); comma-separated or "
                    + "repeated. Context rules stay on.")
    List<String> only = new ArrayList<>();

    @Option(names = "--disable", split = ",", paramLabel = "RULE_ID",
            description = "Disable rules by id; comma-separated or repeated. An unknown id is an error.")
    List<String> disable = new ArrayList<>();

    /** The configuration these options describe; throws a usage error for malformed values. */
    ScreenerConfig config() {
        Integer review = null;
        Integer block = null;
        if (threshold != null) {
            for (String part : threshold.split(",")) {
                String[] kv = part.strip().split("[=:]", 2);
                if (kv.length != 2) {
                    throw CliException.usage("--threshold: expected review=N,block=M, got '" + threshold + "'");
                }
                int value;
                try {
                    value = Integer.parseInt(kv[1].strip());
                } catch (NumberFormatException e) {
                    throw CliException.usage("--threshold: '" + kv[1].strip() + "' is not a whole number");
                }
                if (value < 1 || value > 100) {
                    throw CliException.usage("--threshold: " + kv[0].strip() + " must be within 1-100, got " + value);
                }
                switch (kv[0].strip().toLowerCase(Locale.ROOT)) {
                    case "review" -> review = value;
                    case "block" -> block = value;
                    default -> throw CliException.usage("--threshold: unknown key '" + kv[0].strip()
                            + "' (use review= and block=)");
                }
            }
            int r = review == null ? ScreenerConfig.DEFAULT_REVIEW : review;
            int b = block == null ? ScreenerConfig.DEFAULT_BLOCK : block;
            if (r > b) {
                throw CliException.usage("--threshold: review (" + r + ") must not be above block (" + b + ")");
            }
        }
        List<String> categories = only.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String c : categories) {
            if (!Category.PSEUDO_SCIENCE.equals(c) && !Category.PRIVACY_ABUSE.equals(c)) {
                throw CliException.usage("--only: unknown category '" + c + "' (use " + Category.PSEUDO_SCIENCE
                        + " or " + Category.PRIVACY_ABUSE + ")");
            }
        }
        if (noDefault && rules.isEmpty()) {
            throw CliException.usage("--no-default needs at least one --rules DIR|FILE");
        }
        return new ScreenerConfig(!noDefault, rules, review, block, categories,
                disable.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    /** Builds the screener; a pack that does not compile is a usage error (exit 2) listing file:line problems. */
    static Screener build(Env env, ScreenerConfig config) {
        try {
            return env.screeners().apply(config);
        } catch (RulePackException e) {
            StringBuilder sb = new StringBuilder("the rule pack does not compile (")
                    .append(e.problems().size()).append(" problem(s)):");
            e.problems().forEach(p -> sb.append("\n  ").append(p));
            throw CliException.usage(sb.toString());
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    Screener build(Env env) {
        return build(env, config());
    }
}
