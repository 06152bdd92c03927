package io.bianwei.cli;

import io.bianwei.KnownClaims;
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
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bianwei claims check|add}: the knowledge base of debunked claims a pack keeps in {@code claims/*.jsonl}. */
@Command(name = "claims", usageHelpAutoWidth = true,
        description = "Check the known-claims base of a pack (claims/*.jsonl), or draft a new entry from a text.",
        subcommands = {ClaimsCommand.Check.class, ClaimsCommand.Add.class})
final class ClaimsCommand extends CommandGroup {
    /** Builds the pack's screener; null (after printing file:line problems) when it does not load. */
    static Screener load(Main main, ScreenerSettings settings, PrintWriter out, String what) {
        try {
            return main.env.screeners().apply(settings);
        } catch (RulePackException e) {
            e.problems().forEach(p -> out.println(p + ""));
            out.println("FAILED: " + e.problems().size() + " error(s) in " + what);
            out.flush();
            return null;
        }
    }

    /**
     * {@code bianwei claims check [DIR...]}: loads the pack (errors in claims/*.jsonl: bad JSON, missing fields,
     * unknown category or family, key groups out of bounds, duplicate ids), then checks every entry against its own
     * examples, near-duplicates and generic keys; {@code file:line: error|warning: id: message}.
     */
    @Command(name = "check", sortOptions = false, usageHelpAutoWidth = true,
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:no errors (warnings may remain; with --strict none)", "2:usage error",
                    "4:internal error", "5:errors (or warnings with --strict)"},
            description = {"Validate a pack's known-claims base (claims/*.jsonl) and report problems as "
                    + "file:line: error|warning: id: message.",
                    "Errors: entries that do not load (bad JSON, missing fields, unknown category or family, key "
                            + "groups out of bounds, duplicate ids), example re-posts that do not match their own "
                            + "entry, example debunks that the known-claim rules flag.",
                    "Warnings: near-duplicate entries, one-character key terms, sources without url or date, "
                            + "re-posts that match but are not flagged.",
                    "DIRs are loaded with the default pack unless --no-default is given."})
    static final class Check implements Callable<Integer> {
        @ParentCommand
        ClaimsCommand claims;

        @Spec
        CommandSpec spec;

        @Mixin
        PackArgs pack;


        @Option(names = "--errors-only", description = "Print only the errors (and the summary).")
        boolean errorsOnly;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            // the known-claim rules' effect is checked on the rules' own weights, whatever model the pack has
            Screener screener = load(claims.main, pack.settings().withScoringMode("weights"), out, pack.describe());
            if (screener == null) {
                return ExitCodes.RULES_FAILED;
            }
            List<KnownClaims.Issue> issues = KnownClaims.check(screener);
            long errors = issues.stream().filter(KnownClaims.Issue::error).count();
            long warnings = issues.size() - errors;
            for (KnownClaims.Issue i : issues) {
                if (i.error() || !errorsOnly) {
                    out.println(i);
                }
            }
            boolean failed = errors > 0 || (pack.strict && warnings > 0);
            out.println((failed ? "FAILED: " : "OK: ") + KnownClaims.size(screener) + " claims in " + pack.describe()
                    + "; " + errors + " error(s), " + warnings + " warning(s); ruleset " + screener.rulesetVersion());
            out.flush();
            return failed ? ExitCodes.RULES_FAILED : ExitCodes.OK;
        }
    }

    /** {@code bianwei claims add --text TEXT}: a draft entry (one JSON line) to complete and append to a claims file. */
    @Command(name = "add", sortOptions = false, usageHelpAutoWidth = true,
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the draft was printed", "2:usage error", "4:internal error"},
            description = {"Draft a known-claims entry from a text a moderator saw: key groups proposed from the pack's "
                    + "term-list hits (with Tongyici Cilin synonyms), category and family from the rules that fire, "
                    + "the text as the first example re-post.",
                    "Prints one JSON line; complete every TODO (id, claim, sources, correction, a debunk) and append "
                            + "it to claims/<part>.jsonl, then run bianwei claims check."})
    static final class Add implements Callable<Integer> {
        @ParentCommand
        ClaimsCommand claims;

        @Spec
        CommandSpec spec;

        @Option(names = {"-t", "--text"}, required = true, paramLabel = "TEXT", description = "The re-post to draft from.")
        String text;

        @Option(names = "--rules", paramLabel = "DIR", description = "Rule folders to load with the default pack.")
        List<java.nio.file.Path> rules = new java.util.ArrayList<>();

        @Override
        public Integer call() {
            if (text.isBlank()) {
                throw CliException.usage("--text is empty");
            }
            PrintWriter out = spec.commandLine().getOut();
            Screener screener = load(claims.main, ScreenerSettings.defaults().withRules(rules), out, "the pack");
            if (screener == null) {
                return ExitCodes.USAGE;
            }
            out.println(KnownClaims.draft(screener, text));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
