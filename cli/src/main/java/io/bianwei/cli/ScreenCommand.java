package io.bianwei.cli;

import io.bianwei.Screener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bianwei screen INPUT...}: screens texts, files, folders or stdin. */
@Command(name = "screen", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Screen texts, files, folders (recursively: .txt = one document per file, .jsonl = one "
                + "document per line) or stdin (-).",
                "An argument that is neither '-' nor an existing path is screened as text.",
                "Output goes to stdout in input order, one result per document; progress and the summary go "
                        + "to stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every document PASS", "1:some document REVIEW or BLOCK (see --fail-on)",
                "2:usage error, or a --rules pack does not compile", "3:some record could not be read (ERROR)"})
final class ScreenCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ScreenCommand.class);

    enum Format { AUTO, TEXT, JSON, JSONL }

    enum Colour { AUTO, ALWAYS, NEVER }

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "Text to screen, a .txt/.jsonl file, a folder, or - for stdin.")
    List<String> inputs;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "text (for people), json (one document) or jsonl (one line per input document). "
                    + "Default: text when stdout is a terminal, jsonl otherwise.")
    Format format = Format.AUTO;

    @Mixin
    ScreenerOptions screenerOptions;

    @Option(names = "--threads", paramLabel = "N",
            description = "Screening threads for batches; output order is kept. Default: ${DEFAULT-VALUE} "
                    + "(the number of processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--fail-on", paramLabel = "LEVEL",
            description = "review (default): exit 1 when any document is REVIEW or BLOCK; block: only BLOCK; "
                    + "never: exit 0 (errors still exit 3).")
    Summary.FailOn failOn = Summary.FailOn.REVIEW;

    @Option(names = "--id-field", paramLabel = "NAME", description = "JSONL field with the id (default: ${DEFAULT-VALUE}).")
    String idField = "id";

    @Option(names = "--text-field", paramLabel = "NAME", description = "JSONL field with the text (default: ${DEFAULT-VALUE}).")
    String textField = "text";

    @Option(names = "--stdin-format", paramLabel = "FORMAT",
            description = "How '-' is read: auto (JSONL when it starts with '{', else one text), text (one "
                    + "document), jsonl, lines (one document per line). Default: auto.")
    Inputs.StdinFormat stdinFormat = Inputs.StdinFormat.AUTO;

    @Option(names = "--color", paramLabel = "WHEN",
            description = "Highlight evidence in colour: auto (when stdout is a terminal and NO_COLOR is unset), "
                    + "always, never.")
    Colour colour = Colour.AUTO;

    @Option(names = "--progress", negatable = true,
            description = "Show the progress bar on stderr (default: for batches when stderr is a terminal).")
    Boolean progress;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary line on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        if (threads < 1) {
            throw CliException.usage("--threads must be at least 1");
        }
        if (idField.isBlank() || textField.isBlank() || idField.equals(textField)) {
            throw CliException.usage("--id-field and --text-field must be non-empty and different");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Env env = main.env;
        Screener screener = screenerOptions.build(env);

        Format fmt = format == Format.AUTO ? (env.stdoutTty() ? Format.TEXT : Format.JSONL) : format;
        ResultWriter writer = switch (fmt) {
            case JSONL -> new ResultWriter.JsonLines(out, screener.rulesetVersion());
            case JSON -> new ResultWriter.Json(out, screener.rulesetVersion());
            default -> new ResultWriter.Text(out, Style.of(colour == Colour.ALWAYS
                    || colour == Colour.AUTO && Terminal.colourAllowed(env.stdoutTty())));
        };
        try (Inputs in = Inputs.open(inputs, new Inputs.Options(idField, textField, stdinFormat), env.stdin())) {
            boolean batch = in.isBatch();
            boolean showProgress = !quiet && (progress != null ? progress : batch && env.stderrTty());
            Progress bar = new Progress(err, showProgress);
            Summary summary = new Summary();
            writer.begin();
            boolean completed = BatchRunner.run(screener, in, threads, outcome -> {
                if (fmt == Format.TEXT && env.stdoutTty()) {
                    bar.clear(); // keep the bar from mixing with lines on the same terminal
                }
                writer.write(outcome);
                summary.add(outcome);
                bar.update(summary.documents(), in.bytesDone(), in.totalBytes());
                return writer.ok();
            });
            summary.stop();
            bar.clear();
            if (!completed) {
                LOG.debug("stdout closed after {} documents; stopping", summary.documents());
                return summary.exitCode(failOn);
            }
            writer.end(summary);
            if (!quiet && (batch || summary.errors() > 0)) {
                err.println(summary.line());
                err.flush();
            }
            return summary.exitCode(failOn);
        }
    }
}
