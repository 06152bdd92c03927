package io.bianwei.cli;

import io.bianwei.ScreenerSettings;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pack that {@code rules check} and {@code rules test} look at: the default pack plus the given folders/files
 * (as {@code screen --rules} would load them), or the given ones alone with {@code --no-default}.
 */
final class PackArgs {
    @Parameters(arity = "0..*", paramLabel = "DIR",
            description = "Rule folders or files to check together with the default pack (none: the default pack).")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--no-default", description = "Check the given DIRs alone, without the default pack.")
    boolean noDefault;

    /** The default settings with the given DIRs (and without the default pack for {@code --no-default}). */
    ScreenerSettings settings() {
        if (noDefault && dirs.isEmpty()) {
            throw CliException.usage("--no-default needs at least one DIR");
        }
        return ScreenerSettings.defaults().withDefaultRules(!noDefault).withRules(dirs);
    }

    /** What was loaded, for the report's first line. */
    String describe() {
        String extra = dirs.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("");
        if (noDefault) {
            return extra;
        }
        return dirs.isEmpty() ? "the default pack" : "the default pack + " + extra;
    }

    /** Whether a rule (by its {@code file:line} source) comes from the given DIRs rather than the default pack. */
    boolean fromDirs(String source) {
        return !dirs.isEmpty() && source != null && !source.startsWith("classpath:");
    }
}
