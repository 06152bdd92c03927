package io.bianwei.cli;

import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import io.bianwei.json.InputRecord;
import io.bianwei.json.Jsonl;
import io.bianwei.server.ConsoleConfig;
import io.bianwei.server.ModerationStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The moderation console's data folder from the command line: {@code bianwei queue import} screens a batch into the
 * review queue, {@code bianwei decisions export} writes the decisions as labelled JSONL for {@code learn} and
 * {@code eval}. Both open the folder's database directly (SQLite: a running {@code bianwei serve --data} may use it
 * at the same time).
 */
final class ConsoleCommands {
    private ConsoleCommands() {
    }

    static ModerationStore open(Path data) {
        try {
            return ModerationStore.open(data);
        } catch (IOException e) {
            throw CliException.usage("--data " + data + ": " + e.getMessage());
        }
    }

    /** {@code bianwei queue}. */
    @Command(name = "queue", usageHelpAutoWidth = true, description = "The moderation console's review queue.",
            subcommands = {Import.class})
    static final class Queue extends CommandGroup {
    }

    /** {@code bianwei queue import FILE.jsonl}. */
    @Command(name = "import", sortOptions = false, usageHelpAutoWidth = true,
            description = {"Screen a JSONL batch ({\"id\", \"text\"} a line) and put the REVIEW documents into the "
                    + "review queue of the data folder, each once per (id, ruleset version): importing the same "
                    + "file again adds nothing.",
                    "Screens with the rule options given and, when the console has accepted a retrained model, "
                            + "with it (as bianwei serve --data does)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:imported", "2:usage error", "3:some records could not be read or screened (left "
                    + "out, listed on stderr)", "4:internal error"})
    static final class Import implements Callable<Integer> {
        @ParentCommand
        Queue queue;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "JSONL documents, or - for stdin.")
        String file;

        @Option(names = "--data", paramLabel = "DIR", description = "The console's data folder (default: ./"
                + ConsoleConfig.DEFAULT_DATA + ").")
        Path data = Path.of(ConsoleConfig.DEFAULT_DATA);

        @Option(names = "--id-field", paramLabel = "NAME", description = "Field with the id (default: ${DEFAULT-VALUE}).")
        String idField = "id";

        @Option(names = "--text-field", paramLabel = "NAME", description = "Field with the text (default: "
                + "${DEFAULT-VALUE}).")
        String textField = "text";

        @Mixin
        ScreenerOptions screenerOptions;

        @Override
        public Integer call() {
            Main main = queue.main;
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ConsoleConfig console = ConsoleConfig.of(data);
            ScreenerSettings settings = screenerOptions.settings();
            if (Files.isRegularFile(console.servedModel())) {
                settings = settings.withRules(List.of(console.pack()));
            }
            if (!file.equals("-") && !Files.isRegularFile(Path.of(file))) {
                throw CliException.usage("no such file: " + file);
            }
            Screener screener = ScreenerOptions.build(main.env, settings);
            int screened = 0;
            int review = 0;
            int bad = 0;
            int queued = 0;
            try (ModerationStore store = open(data);
                 Inputs in = Inputs.jsonl(file, new Inputs.Options(idField, textField, Inputs.StdinFormat.JSONL),
                         main.env.stdin())) {
                int before = store.counts().get("queued");
                List<ModerationStore.Screened> batch = new ArrayList<>();
                while (in.hasNext()) {
                    InputRecord r = in.next();
                    if (r.isError()) {
                        bad++;
                        if (bad <= 10) {
                            err.println("bianwei queue import: left out " + r.id() + ": " + r.error());
                        }
                        continue;
                    }
                    ScreeningResult result = screener.screen(r.id(), r.text());
                    screened++;
                    if (result.verdict() == Verdict.REVIEW) {
                        review++;
                        batch.add(new ModerationStore.Screened(r.text(), result, Jsonl.toJson(result, r.extra()),
                                screener.modelVersion(), "import"));
                    }
                    if (batch.size() >= 200) {
                        store.enqueue(batch);
                        batch.clear();
                    }
                }
                store.enqueue(batch);
                queued = store.counts().get("queued") - before;
            }
            out.printf(Locale.ROOT, "Screened %d documents with ruleset %s: %d REVIEW, %d of them new in the queue "
                    + "(%s)%n", screened, screener.rulesetVersion(), review, queued, data.resolve(ModerationStore.FILE));
            out.flush();
            return bad > 0 ? ExitCodes.UNREADABLE : ExitCodes.OK;
        }
    }

    /** {@code bianwei decisions}. */
    @Command(name = "decisions", usageHelpAutoWidth = true, description = "The moderators' decisions.",
            subcommands = {Export.class})
    static final class Decisions extends CommandGroup {
    }

    /** {@code bianwei decisions export --out FILE.jsonl}. */
    @Command(name = "export", sortOptions = false, usageHelpAutoWidth = true,
            description = {"Write the decisions that count (per document the latest not undone) as labelled JSONL: "
                    + "id, text, label, category as learn and eval read them, and moderator, keyId, decidedAt, "
                    + "ruleset, model, screenerVerdict, screenerScore, source, decision, heldBack.",
                    "--held-back exclude writes what the console's retraining learns from: bianwei learn --labels "
                            + "on it trains the same model."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:written", "2:usage error"})
    static final class Export implements Callable<Integer> {
        @ParentCommand
        Decisions decisions;

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "Where to write (- for "
                + "stdout).")
        String outFile;

        @Option(names = "--data", paramLabel = "DIR", description = "The console's data folder (default: ./"
                + ConsoleConfig.DEFAULT_DATA + ").")
        Path data = Path.of(ConsoleConfig.DEFAULT_DATA);

        @Option(names = "--held-back", paramLabel = "WHICH", description = "include (default), exclude (what "
                + "retraining learns from) or only (what models are measured on): 1 in 5 documents, by SHA-256 "
                + "of the id.")
        String heldBack = "include";

        @Override
        public Integer call() throws IOException {
            ModerationStore.HeldBack which;
            try {
                which = ModerationStore.HeldBack.valueOf(heldBack.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--held-back must be include, exclude or only, got '" + heldBack + "'");
            }
            if (!Files.isRegularFile(data.resolve(ModerationStore.FILE))) {
                throw CliException.usage("--data " + data + ": no console database there (" + ModerationStore.FILE
                        + ")");
            }
            int n;
            try (ModerationStore store = open(data)) {
                if (outFile.equals("-")) {
                    Writer w = spec.commandLine().getOut();
                    n = store.export(w, which);
                    w.flush();
                } else {
                    Path target = Path.of(outFile);
                    Path parent = target.toAbsolutePath().getParent();
                    Files.createDirectories(parent);
                    Path tmp = Files.createTempFile(parent, ".decisions", ".tmp");
                    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                        n = store.export(w, which);
                    } catch (IOException | RuntimeException e) {
                        Files.deleteIfExists(tmp);
                        throw e;
                    }
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            spec.commandLine().getErr().println("bianwei decisions export: " + n + " decisions written to " + outFile
                    + (which == ModerationStore.HeldBack.INCLUDE ? "" : " (held back: " + heldBack + ")"));
            return ExitCodes.OK;
        }
    }
}
