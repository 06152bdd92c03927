package io.bianwei.cli;

import io.bianwei.RuleExample;
import io.bianwei.RuleInfo;
import io.bianwei.Screener;
import io.bianwei.Span;
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
import java.util.stream.Collectors;

/** {@code bianwei rules test [DIR...]}: checks the pack as {@code rules check} does, then runs its rules' examples. */
@Command(name = "test", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the pack compiles and every example behaves as written",
                "2:usage error (a DIR that does not exist)", "4:internal error",
                "5:some example failed, or the pack does not compile (or, with --strict, has warnings)"},
        description = {"Check a rule pack as 'rules check' does (errors, lint warnings, overrides), then run its "
                + "rules' own examples (@hit must fire with exactly the «marked» evidence, @ok must not fire) and "
                + "print the failures with expected and actual spans and, for a rule that did not fire, which of "
                + "its patterns found nothing.",
                "DIRs are loaded together with the default pack (its term lists and rules available) and the DIRs' "
                        + "examples run; --all runs every rule's examples (extra term lists can change how default "
                        + "rules behave); --no-default loads the DIRs alone.",
                "Exit 5 on any failure, or when the pack does not compile."})
final class RulesTestCommand implements Callable<Integer> {
    @ParentCommand
    RulesCommand rules;

    @Spec
    CommandSpec spec;

    @Mixin
    PackArgs pack;

    @Option(names = "--all", description = "With DIRs: run the default rules' examples too.")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PackReport report = PackReport.of(rules.main, pack, out);
        if (report.screener == null) {
            out.println("FAILED: the pack does not compile (" + report.errors + " error(s)) in " + pack.describe());
            out.flush();
            return ExitCodes.RULES_FAILED;
        }
        Screener screener = report.screener;
        List<RuleInfo> tested = screener.rules().stream()
                .filter(r -> all || pack.dirs.isEmpty() || pack.noDefault || pack.fromDirs(r.source())).toList();
        List<Screener.ExampleFailure> failures = new ArrayList<>();
        int examples = 0;
        for (RuleInfo r : tested) {
            for (RuleExample ex : r.examples()) {
                examples++;
                screener.pack().checkExample(r, ex).ifPresent(failures::add);
            }
        }
        for (Screener.ExampleFailure f : failures) {
            RuleInfo r = f.rule();
            out.println("FAIL " + r.id() + " (" + r.source() + ") " + f.example().kind() + " \""
                    + Highlighter.flat(f.example().written()) + "\"");
            out.println("     " + f.reason());
            boolean hit = f.example().kind() == RuleExample.Kind.HIT;
            out.println("     expected: " + (!hit ? "no finding" : f.example().marked().isEmpty()
                    ? "marked evidence (this example marks none)" : spans(f.example().marked())));
            out.println("     actual:   " + (f.actual().isEmpty() ? "no finding" : spans(f.actual())));
            if (hit && !f.actual().isEmpty()) {
                out.println("     marked:   \"" + Highlighter.flat(f.actualMarked()) + "\"");
            }
            for (String line : f.diagnosis()) {
                out.println("     " + line);
            }
        }
        boolean failed = !failures.isEmpty() || report.failed(pack);
        String scope = pack.dirs.isEmpty() || pack.noDefault || all ? pack.describe()
                : String.join(", ", pack.dirs.stream().map(Object::toString).toList()) + " (with the default pack)";
        out.println((failed ? "FAILED: " : report.empty ? "WARNING: " : "OK: ") + tested.size() + " rules, "
                + examples + " examples, " + failures.size() + " failure(s) in " + scope
                + (report.warnings.isEmpty() ? "" : "; " + report.warnings.size() + " warning(s)")
                + report.overridesNote());
        out.flush();
        return failed ? ExitCodes.RULES_FAILED : ExitCodes.OK;
    }

    private static String spans(List<Span> spans) {
        return spans.stream().map(s -> "[" + s.start() + "," + s.end() + ") " + Highlighter.flat(s.text()))
                .collect(Collectors.joining(", "));
    }
}
