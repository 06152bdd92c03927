package io.bianwei.cli;

import io.bianwei.Category;
import io.bianwei.RuleExample;
import io.bianwei.RuleInfo;
import io.bianwei.RulePackException;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bianwei rules check [DIR...]}: compiles a pack and lints its metadata. Errors (anything that stops the pack
 * from loading) are printed as {@code file:line: message} and exit 1; lint warnings (style of ids, descriptions and
 * examples; java.util.regex {@code matches} prone to backtracking; consequences that do more than emit findings)
 * only exit 1 with {@code --strict}.
 */
@Command(name = "check", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the pack compiles (and, with --strict, has no warnings)", "1:errors (or warnings with --strict)",
                "2:usage error"},
        description = {"Compile a rule pack and lint its metadata; report problems as file:line: message.",
                "DIRs are checked together with the default pack (as screen --rules would load them) unless "
                        + "--no-default is given. Lint warnings cover only the DIRs' rules when DIRs are given.",
                "Exit 1 on any error (and on warnings with --strict)."})
final class RulesCheckCommand implements Callable<Integer> {
    @ParentCommand
    RulesCommand rules;

    @Spec
    CommandSpec spec;

    @Mixin
    PackArgs pack;

    @Option(names = "--strict", description = "Treat lint warnings as errors.")
    boolean strict;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ScreenerSettings config = pack.settings();
        Screener screener;
        try {
            screener = rules.main.env.screeners().apply(config);
        } catch (RulePackException e) {
            e.problems().forEach(p -> out.println(p + ""));
            out.println("FAILED: " + e.problems().size() + " error(s) in " + pack.describe());
            out.flush();
            return ExitCodes.FLAGGED;
        }
        List<String> warnings = new ArrayList<>();
        int linted = 0;
        for (RuleInfo r : screener.rules()) {
            if (!pack.dirs.isEmpty() && !pack.fromDirs(r.source())) {
                continue;
            }
            linted++;
            lint(r, warnings);
        }
        // the library's own lint: backtracking-prone regex, consequences that do more than emit (rule packs are code)
        for (String w : screener.warnings()) {
            int colon = w.indexOf(": ");
            String where = colon > 0 ? w.substring(0, colon) : w;
            String file = where.contains(":") ? where.substring(0, where.lastIndexOf(':')) : where;
            if (pack.dirs.isEmpty() || pack.fromDirs(file + ":0")) {
                warnings.add(colon > 0 ? where + ": warning: " + w.substring(colon + 2) : w);
            }
        }
        warnings.forEach(out::println);
        long fromDirs = screener.rules().stream().filter(r -> pack.fromDirs(r.source())).count();
        boolean failed = strict && !warnings.isEmpty();
        out.println((failed ? "FAILED: " : "OK: ") + screener.rules().size() + " rules"
                + (pack.dirs.isEmpty() || pack.noDefault ? "" : " (" + fromDirs + " from the given DIRs)")
                + " compile in " + pack.describe() + "; " + warnings.size() + " warning(s) in " + linted
                + " linted rule(s); ruleset " + screener.rulesetVersion());
        out.flush();
        return failed ? ExitCodes.FLAGGED : ExitCodes.OK;
    }

    /** Style checks the library does not enforce (the default pack's own tests do). */
    static void lint(RuleInfo r, List<String> warnings) {
        String at = r.source() + ": warning: " + r.id() + ": ";
        String prefix = switch (r.category()) {
            case Category.PSEUDO_SCIENCE -> "PS_";
            case Category.PRIVACY_ABUSE -> "PA_";
            case Category.CONTEXT -> "CTX_";
            default -> null;
        };
        if (prefix != null && !r.id().startsWith(prefix)) {
            warnings.add(at + "ids of " + r.category() + " rules start with " + prefix);
        }
        if (r.descriptionEn() == null || r.descriptionEn().isBlank()) {
            warnings.add(at + "@description_en (English description) is missing");
        }
        long hits = r.examples().stream().filter(e -> e.kind() == RuleExample.Kind.HIT).count();
        long oks = r.examples().stream().filter(e -> e.kind() == RuleExample.Kind.OK).count();
        if (hits < 2) {
            warnings.add(at + "has " + hits + " @hit example(s); give at least 2");
        }
        if (oks < 2) {
            warnings.add(at + "has " + oks + " @ok example(s); give at least 2 near-misses");
        }
        r.examples().stream().filter(e -> e.kind() == RuleExample.Kind.HIT && e.expected() == null)
                .forEach(e -> warnings.add(at + "@hit example \"" + Highlighter.flat(e.text())
                        + "\" does not mark its evidence with «…»"));
    }
}
