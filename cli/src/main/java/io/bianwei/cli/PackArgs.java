package io.bianwei.cli;

import io.bianwei.ScreenerSettings;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pack that {@code rules check} and {@code rules test} look at: the default pack plus the given folders/files
 * (as {@code screen --rules} would load them), or the given ones alone with {@code --no-default}; and the options
 * both commands share.
 */
final class PackArgs {
    @Parameters(arity = "0..*", paramLabel = "DIR",
            description = "Rule folders or files to check together with the default pack (none: the default pack).")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--no-default", description = "Check the given DIRs alone, without the default pack.")
    boolean noDefault;

    @Option(names = "--strict", description = "Treat lint warnings as errors, and refuse code beyond "
            + "out.emit(...) before compiling (as Screener.Builder.strict).")
    boolean strict;

    @Option(names = "--strict-ids", description = "Refuse rules that reuse a default rule's id (an override).")
    boolean strictIds;

    /**
     * The default settings with the given DIRs (and without the default pack for {@code --no-default}).
     *
     * @throws CliException a usage error (exit 2) for a DIR that does not exist, as {@code screen --rules} gives
     */
    ScreenerSettings settings() {
        if (noDefault && dirs.isEmpty()) {
            throw CliException.usage("--no-default needs at least one DIR");
        }
        for (Path d : dirs) {
            if (!Files.exists(d)) {
                throw CliException.usage(d + ": no such rule file or folder");
            }
        }
        return ScreenerSettings.defaults().withDefaultRules(!noDefault).withRules(dirs).withStrict(strict);
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

    /** The given folders that hold nothing a pack is made of (no .drl, term list, variant table, weights or model). */
    List<Path> emptyDirs() {
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(d)) {
                boolean any = walk.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                        .anyMatch(n -> n.endsWith(".drl") || n.endsWith(".txt") || n.endsWith(".nb"));
                if (!any) {
                    out.add(d);
                }
            } catch (IOException | UncheckedIOException e) {
                // unreadable: the build says so
            }
        }
        return out;
    }
}
