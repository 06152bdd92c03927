package io.bianwei.cli;

import io.bianwei.Screener;
import io.bianwei.Verdict;
import io.bianwei.json.DocumentReader;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bianwei screen INPUT...}: screens files, folders, stdin or texts given with {@code -t}. */
@Command(name = "screen", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Screen files, folders (recursively: .txt = one document per file, .jsonl = one "
                + "document per line, either may be .gz), stdin (-), or texts given with -t.",
                "An INPUT must name a readable file or folder: a missing one is an error (exit 2), never "
                        + "screened as text.",
                "Output goes to stdout in input order, one result per document; progress and the summary go "
                        + "to stderr. On a terminal, a batch of more than " + ScreenCommand.REVIEW_VIEW_AFTER
                        + " documents shows only the REVIEW, BLOCK and ERROR results (--all shows every one)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every document screened (with --fail-on: none reached that level)",
                "1:--fail-on review|block: some document reached that verdict",
                "2:usage error: bad option, a path that names nothing readable, or a --rules pack that does not "
                        + "compile",
                "3:some record could not be read or screened (written as an ERROR record)",
                "4:internal error or crash, or stdout could not be written (e.g. a full disk)",
                "141:stdout was closed before all the results were written (| head)"})
final class ScreenCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ScreenCommand.class);

    /** A terminal batch of more documents than this shows only the flagged ones, unless --all. */
    static final int REVIEW_VIEW_AFTER = 20;

    enum Format { AUTO, TEXT, JSON, JSONL }

    enum Colour { AUTO, ALWAYS, NEVER }

    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    /** The inputs in command-line order (paths, '-', and -t texts interleaved as given). */
    private final List<Inputs.Arg> args = new ArrayList<>();
    private int pathsSeen;
    private int textsSeen;

    @Parameters(arity = "0..*", paramLabel = "INPUT",
            description = "A .jsonl or .txt file (or any file: one document), a folder, or - for stdin.")
    void paths(List<String> values) {
        pathsSeen = add(values, pathsSeen, false);
    }

    @Option(names = {"-t", "--text"}, paramLabel = "TEXT",
            description = "A text to screen (repeatable; id argN, N = its position among the inputs).")
    void texts(List<String> values) {
        textsSeen = add(values, textsSeen, true);
    }

    /** picocli hands the whole list so far on each match: the new values are the tail. */
    private int add(List<String> values, int seen, boolean text) {
        if (values.size() < seen) { // picocli resets options before parsing
            args.removeIf(a -> a.text() == text);
            seen = 0;
        }
        for (int i = seen; i < values.size(); i++) {
            args.add(text ? Inputs.Arg.text(values.get(i)) : Inputs.Arg.path(values.get(i)));
        }
        return values.size();
    }

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "text (for people), json (one document) or jsonl (one line per input document). "
                    + "Default: text when stdout is a terminal, jsonl otherwise.")
    Format format = Format.AUTO;

    @Option(names = "--flagged", description = "Write only REVIEW, BLOCK and ERROR results (PASS left out). The "
            + "default for a batch of more than " + REVIEW_VIEW_AFTER + " documents in text on a terminal.")
    boolean flagged;

    @Option(names = "--all", description = "Write every result, also in text on a terminal.")
    boolean all;

    @Mixin
    ScreenerOptions screenerOptions;

    @Option(names = "--threads", paramLabel = "N",
            description = "Screening threads for batches; output order is kept. Default: ${DEFAULT-VALUE} "
                    + "(the number of processors); at most 4 per processor (min 8).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--fail-on", paramLabel = "LEVEL",
            description = "never (default): exit 0 whatever the verdicts; review: exit 1 when any document is "
                    + "REVIEW or BLOCK; block: only BLOCK (for scripts and CI gates). Errors still exit 3.")
    Summary.FailOn failOn = Summary.FailOn.NEVER;

    @Option(names = "--id-field", paramLabel = "NAME", description = "JSONL field with the id (default: ${DEFAULT-VALUE}).")
    String idField = "id";

    @Option(names = "--text-field", paramLabel = "NAME", description = "JSONL field with the text (default: ${DEFAULT-VALUE}).")
    String textField = "text";

    @Option(names = "--stdin-format", paramLabel = "FORMAT",
            description = "How '-' is read: auto (JSONL when it starts with '{', else one text), text (one "
                    + "document), jsonl, lines (one document per line). Default: auto.")
    Inputs.StdinFormat stdinFormat = Inputs.StdinFormat.AUTO;

    @Option(names = "--follow", description = "Follow symbolic links in folders, also out of them (each file is "
            + "read once). Default: links are not followed; a link out of the folders is an ERROR record.")
    boolean follow;

    @Option(names = "--max-record-bytes", paramLabel = "N",
            description = "Longest JSONL line (or stdin line), in bytes, k/m suffixes allowed; a longer one is an "
                    + "ERROR record with its id. Default: 16m.")
    String maxRecordBytes = "16m";

    @Option(names = "--color", paramLabel = "WHEN",
            description = "Highlight evidence in colour: auto (when stdout is a terminal and NO_COLOR is unset), "
                    + "always, never.")
    Colour colour = Colour.AUTO;

    @Option(names = "--progress", negatable = true,
            description = "Show the progress bar on stderr (default: when stderr is a terminal).")
    Boolean progress;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        if (args.isEmpty()) {
            throw CliException.usage("no input: give files, folders, - for stdin, or -t TEXT");
        }
        if (idField.isBlank() || textField.isBlank() || idField.equals(textField)) {
            throw CliException.usage("--id-field and --text-field must be non-empty and different");
        }
        if (flagged && all) {
            throw CliException.usage("--flagged and --all exclude each other");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int threadCount = BatchRunner.threads(threads, err);
        int recordBytes = bytes("--max-record-bytes", maxRecordBytes);
        Env env = main.env;
        Screener screener = screenerOptions.build(env);
        DocumentReader.Limits limits = new DocumentReader.Limits(recordBytes, screener.settings().maxTextLength());

        Format fmt = format == Format.AUTO ? (env.stdoutTty() ? Format.TEXT : Format.JSONL) : format;
        ResultWriter writer = switch (fmt) {
            case JSONL -> new ResultWriter.JsonLines(out, screener.rulesetVersion());
            case JSON -> new ResultWriter.Json(out, screener.rulesetVersion());
            default -> new ResultWriter.Text(out, Style.of(colour == Colour.ALWAYS
                    || colour == Colour.AUTO && Terminal.colourAllowed(env.stdoutTty())));
        };
        try (Inputs in = Inputs.open(args, new Inputs.Options(idField, textField, stdinFormat, limits, follow),
                env.stdin())) {
            boolean batch = in.isBatch();
            boolean showProgress = !quiet && (progress != null ? progress : env.stderrTty());
            Progress bar = new Progress(err, showProgress);
            Summary summary = new Summary();
            View view = new View(flagged ? View.Mode.FLAGGED : all || fmt != Format.TEXT || !env.stdoutTty()
                    ? View.Mode.ALL : View.Mode.AUTO, writer, err, bar, quiet);
            writer.begin();
            RunProgress howFar = env.progress();
            howFar.start();
            java.util.Iterator<io.bianwei.json.InputRecord> counted = new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return in.hasNext();
                }

                @Override
                public io.bianwei.json.InputRecord next() {
                    io.bianwei.json.InputRecord r = in.next();
                    howFar.read();
                    return r;
                }
            };
            boolean completed = BatchRunner.run(screener, counted, threadCount, outcome -> {
                if (fmt == Format.TEXT && env.stdoutTty()) {
                    bar.clear(); // keep the bar from mixing with lines on the same terminal
                }
                summary.add(outcome);
                view.accept(outcome);
                bar.update(summary.documents(), in.bytesDone(), in.totalBytes());
                if (!writer.ok()) {
                    return false; // this one did not get through
                }
                howFar.done();
                return true;
            });
            if (completed) {
                view.finish();
            }
            summary.stop();
            bar.clear();
            String problem = writer.problem();
            if (problem != null) {
                throw new CliException(ExitCodes.INTERNAL, "cannot write the results to stdout: " + problem
                        + "; stopped after " + summary.documents() + " document(s), the results are incomplete");
            }
            if (!completed) {
                LOG.debug("stdout closed after {} documents; stopping", summary.documents());
                err.println("bianwei: stdout was closed (the reader went away, e.g. | head): " + howFar.describe()
                        + "; the output is incomplete");
                err.flush();
                return ExitCodes.STDOUT_CLOSED;
            }
            writer.end(summary);
            problem = writer.problem();
            if (problem != null) {
                throw new CliException(ExitCodes.INTERNAL, "cannot write the results to stdout: " + problem);
            }
            if (!quiet && (batch || summary.errors() > 0)) {
                err.println(summary.line());
                if (batch) {
                    summary.breakdown().forEach(err::println);
                }
                err.flush();
            }
            return summary.exitCode(failOn);
        }
    }

    /** {@code 16m}, {@code 512k}, {@code 1000}: a positive byte count below 2 GiB. */
    static int bytes(String option, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        long unit = v.endsWith("k") ? 1 << 10 : v.endsWith("m") ? 1 << 20 : v.endsWith("g") ? 1 << 30 : 1;
        try {
            long n = Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
            if (n < 1 || n >= Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw CliException.usage(option + ": expected a byte count such as 16m, 512k or 100000, got '"
                    + value + "'");
        }
    }

    /**
     * Which outcomes are written: all; only REVIEW, BLOCK and ERROR; or, for text on a terminal, all of a short run
     * and only the flagged ones of a batch of more than {@link #REVIEW_VIEW_AFTER} documents (the first ones are held
     * back until that is known, so the output does not change style half way).
     */
    static final class View {
        enum Mode { ALL, FLAGGED, AUTO }

        private final ResultWriter writer;
        private final PrintWriter err;
        private final Progress bar;
        private final boolean quiet;
        private final List<BatchRunner.Outcome> held = new ArrayList<>();
        private Mode mode;
        private int written;

        View(Mode mode, ResultWriter writer, PrintWriter err, Progress bar, boolean quiet) {
            this.mode = mode;
            this.writer = writer;
            this.err = err;
            this.bar = bar;
            this.quiet = quiet;
        }

        void accept(BatchRunner.Outcome o) {
            if (mode == Mode.AUTO) {
                held.add(o);
                if (held.size() > REVIEW_VIEW_AFTER) {
                    mode = Mode.FLAGGED;
                    if (!quiet) {
                        bar.clear();
                        err.println("bianwei: more than " + REVIEW_VIEW_AFTER + " documents: showing only REVIEW, "
                                + "BLOCK and ERROR results (--all shows every one; the summary counts all)");
                        err.flush();
                    }
                    held.forEach(this::write);
                    held.clear();
                }
                return;
            }
            write(o);
        }

        /** Writes what was held back (a run that stayed short). */
        void finish() {
            held.forEach(this::write);
            held.clear();
        }

        private void write(BatchRunner.Outcome o) {
            if (mode == Mode.FLAGGED && !o.isError() && o.result().verdict() == Verdict.PASS) {
                return;
            }
            writer.write(o);
            written++;
        }

        int written() {
            return written;
        }
    }
}
