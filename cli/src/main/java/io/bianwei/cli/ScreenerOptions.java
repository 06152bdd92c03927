package io.bianwei.cli;

import io.bianwei.Category;
import io.bianwei.RulePackException;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options every screening command shares (a picocli mixin), and building the screener from them. */
final class ScreenerOptions {
    private static final Logger LOG = LoggerFactory.getLogger(ScreenerOptions.class);

    @Option(names = "--rules", paramLabel = "DIR|FILE",
            description = "Extra rules: a folder (*.drl, terms/*.txt, weights.txt, recursively) or one file. "
                    + "Repeatable. A rule with a default rule's id replaces it; term lists of the same name merge.")
    List<Path> rules = new ArrayList<>();

    @Option(names = "--no-default", description = "Leave out the default rule pack (use only --rules).")
    boolean noDefault;

    @Option(names = "--threshold", paramLabel = "review=N,block=M",
            description = "Score thresholds (1-100, review <= block); either key may be left out. "
                    + "Default review=40,block=70 (with a learned model: where its own thresholds sit).")
    String threshold;

    @Option(names = "--scoring", paramLabel = "auto|weights",
            description = "auto (default): the learned verdict when the pack has a model (models/verdict.model, or "
                    + "the default model), the rules' hand weights otherwise; weights: hand weights always.")
    String scoring = "auto";

    @Option(names = "--only", split = ",", paramLabel = "CATEGORY",
            description = "Screen only these categories (pseudo_science, privacy_abuse); comma-separated or "
                    + "repeated. Context rules stay on.")
    List<String> only = new ArrayList<>();

    @Option(names = "--disable", split = ",", paramLabel = "RULE_ID",
            description = "Disable rules by id; comma-separated or repeated. An unknown id is an error.")
    List<String> disable = new ArrayList<>();

    /** The settings these options describe (the library's defaults otherwise); throws a usage error for malformed values. */
    ScreenerSettings settings() {
        ScreenerSettings settings = ScreenerSettings.defaults();
        if (threshold != null) {
            try {
                settings = settings.withThresholds(threshold);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--threshold: " + e.getMessage());
            }
        }
        if (!scoring.equals("auto") && !scoring.equals("weights")) {
            throw CliException.usage("--scoring: use auto or weights, got '" + scoring + "'");
        }
        settings = settings.withScoringMode(scoring);
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
        return settings.withDefaultRules(!noDefault).withRules(rules).withOnly(categories)
                .withDisabled(disable.stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    /** Compiles a screener (what {@link Env#system()} does for every command), logging what it built. */
    static Screener compile(ScreenerSettings settings) {
        long t0 = System.nanoTime();
        Screener s = Screener.build(settings);
        LOG.debug("built screener {} ({} rules, ruleset {}) in {} ms", settings, s.rules().size(),
                s.rulesetVersion(), (System.nanoTime() - t0) / 1_000_000);
        return s;
    }

    /** Builds the screener; a pack that does not compile is a usage error (exit 2) listing file:line problems. */
    static Screener build(Env env, ScreenerSettings settings) {
        try {
            return env.screeners().apply(settings);
        } catch (RulePackException e) {
            throw packProblem(e);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /** A pack that does not compile as a usage error (exit 2) listing its file:line problems. */
    static CliException packProblem(RulePackException e) {
        return CliException.usage(describe(e));
    }

    /**
     * A build failure in words: problems of the configuration (an unknown {@code --disable} id) are not the pack's,
     * which compiles fine, and are said so; the pack's own problems are listed as {@code file:line: message}.
     */
    static String describe(RulePackException e) {
        List<String> unknown = new ArrayList<>();
        List<RulePackException.Problem> pack = new ArrayList<>();
        String prefix = "cannot disable unknown rule ";
        for (RulePackException.Problem p : e.problems()) {
            if ("(configuration)".equals(p.file()) && p.message().startsWith(prefix)) {
                unknown.add(p.message().substring(prefix.length()));
            } else {
                pack.add(p);
            }
        }
        StringBuilder sb = new StringBuilder();
        if (!unknown.isEmpty()) {
            sb.append("--disable: no rule with the id ").append(String.join(", ", unknown))
                    .append(" in the loaded pack ('bianwei rules list' shows the ids)");
        }
        if (!pack.isEmpty()) {
            // the child-process check refuses packs that compile but end, hang or exhaust the check process
            boolean refused = pack.stream().anyMatch(p -> p.message().endsWith("the pack was not loaded"));
            sb.append(sb.length() == 0 ? "" : "\n").append(refused ? "the rule pack was refused (" : "the rule pack"
                    + " does not compile (").append(pack.size()).append(" problem(s)):");
            pack.forEach(p -> sb.append("\n  ").append(p));
        }
        return sb.toString();
    }

    Screener build(Env env) {
        return build(env, settings());
    }
}
