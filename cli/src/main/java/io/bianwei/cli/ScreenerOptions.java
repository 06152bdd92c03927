package io.bianwei.cli;

import io.bianwei.RulePackException;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import io.bianwei.ScreenerSpec;
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
    String scoring;

    @Option(names = "--only", split = ",", paramLabel = "CATEGORY",
            description = "Screen only these categories (pseudo_science, privacy_abuse); comma-separated or "
                    + "repeated. Context rules stay on.")
    List<String> only = new ArrayList<>();

    @Option(names = "--disable", split = ",", paramLabel = "RULE_ID",
            description = "Disable rules by id; comma-separated or repeated. An unknown id is an error.")
    List<String> disable = new ArrayList<>();

    @Option(names = "--screener", paramLabel = "SPEC",
            description = "All screener settings as key=value pairs, e.g. review=30,block=60,scoring=weights,"
                    + "only=pseudo_science,disable=PS_A;PS_B,rules=DIR;FILE,default=false (keys: review, block, "
                    + "scoring, only, disable, rules, default, cap, firings, ruleTime, maxText, failClosed, strict, "
                    + "fastPath). The options above apply after it.")
    String spec;

    /** The settings these options describe (the library's defaults otherwise); throws a usage error for malformed values. */
    ScreenerSettings settings() {
        ScreenerSettings settings = ScreenerSettings.defaults();
        if (spec != null) {
            settings = option("--screener", () -> ScreenerSpec.parse(spec));
        }
        ScreenerSettings base = settings;
        if (threshold != null) {
            settings = option("--threshold", () -> ScreenerSpec.thresholds(base, threshold));
        }
        if (scoring != null) {
            ScreenerSettings s0 = settings;
            settings = option("--scoring", () -> ScreenerSpec.set(s0, "scoring", scoring));
        }
        ScreenerSettings s1 = settings;
        settings = option("--only", () -> ScreenerSpec.set(s1, "only", String.join(",", only)));
        if (noDefault) {
            settings = settings.withDefaultRules(false);
        }
        ScreenerSettings s2 = settings.withRules(rules);
        settings = option("--disable", () -> ScreenerSpec.set(s2, "disable", String.join(",", disable)));
        if (noDefault && settings.rules().isEmpty()) {
            throw CliException.usage("--no-default needs at least one --rules DIR|FILE");
        }
        ScreenerSettings s3 = settings;
        return option("--screener", () -> ScreenerSpec.complete(s3));
    }

    /** A setting's value as the spec reads it; its mistake a usage error naming the option. */
    private static ScreenerSettings option(String name, java.util.function.Supplier<ScreenerSettings> read) {
        try {
            return ScreenerSpec.option(name, read);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /** Compiles a screener (what {@link Env#system()} does for every command), logging what it built. */
    static Screener compile(ScreenerSettings settings) {
        long t0 = System.nanoTime();
        Screener s = Screener.build(settings);
        LOG.debug("built screener [{}] ({} rules, ruleset {}) in {} ms", ScreenerSpec.format(settings), s.rules().size(),
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
