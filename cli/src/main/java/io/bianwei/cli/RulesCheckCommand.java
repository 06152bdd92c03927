package io.bianwei.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code bianwei rules check [DIR...]}: compiles a pack and lints its metadata. Errors (anything that stops the pack
 * from loading) are printed as {@code file:line: message} and exit 5; lint warnings (style of ids, descriptions and
 * examples; java.util.regex {@code matches} prone to backtracking; code beyond {@code out.emit}) only exit 5 with
 * {@code --strict}; rules that replace a default rule are listed, and refused with {@code --strict-ids}.
 */
@Command(name = "check", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the pack compiles (and, with --strict, has no warnings)",
                "2:usage error (a DIR that does not exist)", "4:internal error",
                "5:errors (or warnings with --strict, overrides with --strict-ids)"},
        description = {"Compile a rule pack and lint its metadata; report problems as file:line: message.",
                "DIRs are checked together with the default pack (as screen --rules would load them) unless "
                        + "--no-default is given. Lint warnings cover only the DIRs' rules when DIRs are given; "
                        + "a DIR rule that replaces a default rule (same id) is listed.",
                "'rules test DIR' does this check and then runs the DIR's examples, in one run.",
                "Exit 5 on any error (and on warnings with --strict)."})
final class RulesCheckCommand implements Callable<Integer> {
    @ParentCommand
    RulesCommand rules;

    @Spec
    CommandSpec spec;

    @Mixin
    PackArgs pack;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PackReport report = PackReport.of(rules.main, pack, out);
        if (report.screener == null) {
            out.println("FAILED: " + report.errors + " error(s) in " + pack.describe());
            out.flush();
            return ExitCodes.RULES_FAILED;
        }
        var screener = report.screener;
        long linted = screener.rules().stream().filter(r -> pack.dirs.isEmpty() || pack.fromDirs(r.source())).count();
        long fromDirs = screener.rules().stream().filter(r -> pack.fromDirs(r.source())).count();
        boolean failed = report.failed(pack);
        out.println((failed ? "FAILED: " : report.empty ? "WARNING: " : "OK: ") + screener.rules().size() + " rules"
                + (pack.dirs.isEmpty() || pack.noDefault ? "" : " (" + fromDirs + " from the given DIRs)")
                + " compile in " + pack.describe() + "; " + report.warnings.size() + " warning(s) in " + linted
                + " linted rule(s)" + report.overridesNote() + "; ruleset " + screener.rulesetVersion());
        out.flush();
        return failed ? ExitCodes.RULES_FAILED : ExitCodes.OK;
    }
}
