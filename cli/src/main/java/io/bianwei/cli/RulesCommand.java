package io.bianwei.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code bianwei rules list|check|test}. */
@Command(name = "rules", usageHelpAutoWidth = true,
        description = "List, check and test rule packs.",
        subcommands = {RulesListCommand.class, RulesCheckCommand.class, RulesTestCommand.class})
final class RulesCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
