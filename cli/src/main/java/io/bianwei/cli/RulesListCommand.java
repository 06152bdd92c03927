package io.bianwei.cli;

import io.bianwei.RuleCatalog;
import io.bianwei.RuleInfo;
import io.bianwei.RulePackException;
import io.bianwei.Screener;
import io.bianwei.json.Jsonl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bianwei rules list}: the loaded rules with id, category, weight and description. */
@Command(name = "list", sortOptions = false, usageHelpAutoWidth = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "2:usage error, or a --rules pack does not parse (the listing reads the DRL without compiling it; rules check and rules test compile it)",
                "4:internal error, or stdout could not be written"},
        description = "List the rules (default pack plus --rules): id, category, effective weight, description.")
final class RulesListCommand implements Callable<Integer> {
    enum Format { TEXT, JSON }

    @ParentCommand
    RulesCommand rules;

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "text (default) or json.")
    Format format = Format.TEXT;

    @Mixin
    ScreenerOptions screenerOptions;

    @Override
    public Integer call() {
        // a listing reads the DRL without compiling it, building the term matcher or loading HanLP
        RuleCatalog catalog;
        try {
            catalog = Screener.builder().settings(screenerOptions.settings()).catalog();
        } catch (RulePackException e) {
            throw ScreenerOptions.packProblem(e);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        List<RuleInfo> all = catalog.rules();
        if (format == Format.JSON) {
            out.println(Jsonl.write(Jsonl.rules(catalog)));
        } else {
            int idWidth = Math.max(4, all.stream().mapToInt(r -> r.id().length()).max().orElse(0));
            int catWidth = Math.max(8, all.stream().mapToInt(r -> r.category().length()).max().orElse(0));
            out.println(Width.padRight("ID", idWidth) + "  " + Width.padRight("CATEGORY", catWidth) + "  WEIGHT  "
                    + "DESCRIPTION");
            for (RuleInfo r : all) {
                out.println(Width.padRight(r.id(), idWidth) + "  " + Width.padRight(r.category(), catWidth) + "  "
                        + Width.padLeft((r.weight() > 0 ? "+" : "") + r.weight(), 6) + "  "
                        + Highlighter.flat(r.description() == null ? "" : r.description())
                        + (r.enabled() ? "" : "  [disabled]"));
            }
            long off = all.stream().filter(r -> !r.enabled()).count();
            out.println(all.size() + " rules" + (off > 0 ? " (" + off + " disabled)" : "") + ", ruleset "
                    + catalog.rulesetVersion());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
