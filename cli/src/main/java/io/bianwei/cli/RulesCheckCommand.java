package io.bianwei.cli;

import io.bianwei.Category;
import io.bianwei.RuleExample;
import io.bianwei.PackWarning;
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
 * from loading) are printed as {@code file:line: message} and exit 5; lint warnings (style of ids, descriptions and
 * examples; java.util.regex {@code matches} prone to backtracking; consequences that do more than emit findings)
 * only exit 5 with {@code --strict}.
 */
@Command(name = "check", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the pack compiles (and, with --strict, has no warnings)", "2:usage error", "4:internal error",
                "5:errors (or warnings with --strict)"},
        description = {"Compile a rule pack and lint its metadata; report problems as file:line: message.",
                "DIRs are checked together with the default pack (as screen --rules would load them) unless "
                        + "--no-default is given. Lint warnings cover only the DIRs' rules when DIRs are given.",
                "Exit 5 on any error (and on warnings with --strict)."})
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
            return ExitCodes.RULES_FAILED;
        }
        List<String> warnings = new ArrayList<>();
        long linted = screener.rules().stream().filter(r -> pack.dirs.isEmpty() || pack.fromDirs(r.source())).count();
        // the library's lint and style policy: backtracking-prone regex, code that does more than emit, style
        for (PackWarning w : screener.warnings()) {
            if (pack.dirs.isEmpty() || pack.fromDirs(w.file() + ":" + w.line())) {
                warnings.add(w.toString());
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
        return failed ? ExitCodes.RULES_FAILED : ExitCodes.OK;
    }
}
