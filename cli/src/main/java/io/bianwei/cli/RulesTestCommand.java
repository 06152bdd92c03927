package io.bianwei.cli;

import io.bianwei.RuleExample;
import io.bianwei.RuleInfo;
import io.bianwei.RulePackException;
import io.bianwei.Screener;
import io.bianwei.Span;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code bianwei rules test [DIR...]}: runs every rule's own @hit/@ok examples. */
@Command(name = "test", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every example behaves as written", "2:usage error", "4:internal error",
                "5:some example failed, or the pack does not compile"},
        description = {"Run every rule's own examples (@hit must fire with exactly the «marked» evidence, @ok must not fire) "
                + "and print the failures with expected and actual spans.",
                "DIRs are loaded together with the default pack and ALL rules' examples run (extra term lists "
                        + "can change how default rules behave); --no-default tests the DIRs alone.",
                "Exit 5 on any failure, or when the pack does not compile."})
final class RulesTestCommand implements Callable<Integer> {
    @ParentCommand
    RulesCommand rules;

    @Spec
    CommandSpec spec;

    @Mixin
    PackArgs pack;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Screener screener;
        try {
            screener = rules.main.env.screeners().apply(pack.settings());
        } catch (RulePackException e) {
            e.problems().forEach(p -> out.println(p + ""));
            out.println("FAILED: the pack does not compile (" + e.problems().size() + " error(s)); "
                    + "run 'bianwei rules check' for details");
            out.flush();
            return ExitCodes.RULES_FAILED;
        }
        List<Screener.ExampleFailure> failures = screener.checkExamples();
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
        }
        int examples = screener.rules().stream().mapToInt(r -> r.examples().size()).sum();
        out.println((failures.isEmpty() ? "OK: " : "FAILED: ") + screener.rules().size() + " rules, " + examples
                + " examples, " + failures.size() + " failure(s) in " + pack.describe());
        out.flush();
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.RULES_FAILED;
    }

    private static String spans(List<Span> spans) {
        return spans.stream().map(s -> "[" + s.start() + "," + s.end() + ") " + Highlighter.flat(s.text()))
                .collect(Collectors.joining(", "));
    }
}
