package io.bianwei.cli;

import picocli.CommandLine.Command;


/** {@code bianwei rules list|check|test}. */
@Command(name = "rules", usageHelpAutoWidth = true,
        description = "List, check and test rule packs.",
        subcommands = {RulesListCommand.class, RulesCheckCommand.class, RulesTestCommand.class})
final class RulesCommand extends CommandGroup {
}
