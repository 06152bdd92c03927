package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.KnownClaims.FingerprintStore;
import io.bianwei.RulePackException;
import io.bianwei.json.Jsonl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code bianwei fingerprints add|forget}: the store of fingerprints of removed posts ({@code DIR/fingerprints/
 * removed.txt}), so that a removed post that comes back with emoji, punctuation and small edits is recognised.
 */
@Command(name = "fingerprints", usageHelpAutoWidth = true,
        description = "Keep fingerprints of removed posts (DIR/fingerprints/removed.txt) to recognise them when they"
                + " come back with emoji, punctuation or small edits.",
        subcommands = {FingerprintsCommand.Add.class, FingerprintsCommand.Forget.class})
final class FingerprintsCommand extends CommandGroup {
    static FingerprintStore open(Path data) {
        try {
            return FingerprintStore.open(data);
        } catch (RulePackException e) {
            throw CliException.usage("the fingerprint store cannot be read:\n" + e.getMessage());
        } catch (IOException e) {
            throw CliException.usage("the fingerprint store cannot be read: " + e.getMessage());
        }
    }

    static void save(FingerprintStore store) {
        try {
            store.save();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + store.file() + ": " + e.getMessage(), e);
        }
    }

    /** {@code bianwei fingerprints add FILE.jsonl}: the flag records of labelled moderation decisions. */
    @Command(name = "add", sortOptions = false, usageHelpAutoWidth = true,
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every record read", "2:usage error", "3:some records could not be read (named on stderr;"
                    + " the others were stored)", "4:internal error, or the store could not be written"},
            description = {"Store the fingerprints of the removed posts of a labelled JSONL file: one decision a line,"
                    + " {\"id\": decision id, \"text\": …, \"label\": \"flag\"|\"ok\", \"date\": \"YYYY-MM-DD\"}; only"
                    + " flag records are stored (date: today when absent). Texts under 8 letters and digits are"
                    + " too short to fingerprint and are skipped."})
    static final class Add implements Callable<Integer> {
        private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

        @ParentCommand
        FingerprintsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "Labelled moderation decisions.")
        Path file;

        @Option(names = "--data", paramLabel = "DIR", description = "Folder of the store (default: ${DEFAULT-VALUE}).")
        Path data = Path.of(".");

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw CliException.usage("no such file: " + file);
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            FingerprintStore store = open(data);
            int before = store.size();
            int added = 0;
            int skipped = 0;
            int bad = 0;
            int lineNo = 0;
            String today = LocalDate.now().toString();
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String problem = null;
                    try {
                        JsonNode n = Jsonl.mapper().readTree(line);
                        String id = n.path("id").asText("");
                        String text = n.path("text").isTextual() ? n.get("text").asText() : null;
                        String label = n.path("label").asText("");
                        String date = n.path("date").isTextual() ? n.get("date").asText() : today;
                        if (id.isBlank() || id.contains("\t")) {
                            problem = "missing or bad \"id\" (the decision id)";
                        } else if (text == null) {
                            problem = "missing \"text\"";
                        } else if (!label.equals("flag") && !label.equals("ok")) {
                            problem = "\"label\" must be flag or ok";
                        } else if (!DATE.matcher(date).matches()) {
                            problem = "\"date\" must be YYYY-MM-DD";
                        } else if (label.equals("flag")) {
                            if (store.add(text, id, date)) {
                                added++;
                            } else {
                                skipped++;
                            }
                        }
                    } catch (IOException e) {
                        problem = "not valid JSON";
                    }
                    if (problem != null) {
                        bad++;
                        err.println(file + ":" + lineNo + ": " + problem);
                    }
                }
            }
            save(store);
            out.println("stored " + added + " fingerprint(s) of removed posts in " + store.file() + " (" + before
                    + " -> " + store.size() + ")" + (skipped > 0 ? "; " + skipped + " too short to fingerprint" : "")
                    + (bad > 0 ? "; " + bad + " bad record(s)" : ""));
            out.flush();
            return bad > 0 ? ExitCodes.UNREADABLE : ExitCodes.OK;
        }
    }

    /** {@code bianwei fingerprints forget ID}: a decision reversed (on appeal): its post is no longer known. */
    @Command(name = "forget", sortOptions = false, usageHelpAutoWidth = true,
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:done (also when the id was not stored: said on stdout)", "2:usage error",
                    "4:internal error, or the store could not be written"},
            description = "Remove the fingerprints of a moderation decision (e.g. reversed on appeal).")
    static final class Forget implements Callable<Integer> {
        @ParentCommand
        FingerprintsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The decision id given to fingerprints add.")
        String id;

        @Option(names = "--data", paramLabel = "DIR", description = "Folder of the store (default: ${DEFAULT-VALUE}).")
        Path data = Path.of(".");

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            FingerprintStore store = open(data);
            int n = store.forget(id);
            if (n > 0) {
                save(store);
            }
            out.println(n > 0 ? "forgot " + n + " fingerprint(s) of " + id + " in " + store.file()
                    : "no fingerprint of " + id + " in " + store.file());
            out.flush();
            return ExitCodes.OK;
        }
    }
}
