package io.bianwei.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A command that only groups subcommands ({@code rules}, {@code claims}, {@code fingerprints}, {@code queue},
 * {@code decisions}): called alone it prints its usage to stderr, a usage error. Its subcommands reach the top-level
 * options through {@link #main}.
 */
abstract class CommandGroup implements Callable<Integer> {
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
