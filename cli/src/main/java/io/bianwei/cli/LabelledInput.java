package io.bianwei.cli;

import io.bianwei.json.InputRecord;
import io.bianwei.quality.LabelledJsonl;
import io.bianwei.quality.Sample;
import picocli.CommandLine.Option;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The labelled JSONL that {@code eval} and {@code tune} read (a picocli mixin): {@code --labels FILE} and the field
 * names, and screening it in input order with a record whose label is missing or invalid turned into an error
 * ({@link LabelledJsonl}'s rules).
 */
final class LabelledInput {
    @Option(names = "--labels", required = true, paramLabel = "FILE.jsonl",
            description = "Labelled JSONL file, or - for stdin.")
    String labels;

    @Option(names = "--id-field", paramLabel = "NAME", description = "Field with the id (default: ${DEFAULT-VALUE}).")
    String idField = "id";

    @Option(names = "--text-field", paramLabel = "NAME", description = "Field with the text (default: ${DEFAULT-VALUE}).")
    String textField = "text";

    @Option(names = "--label-field", paramLabel = "NAME", description = "Field with the label (default: ${DEFAULT-VALUE}).")
    String labelField = "label";

    @Option(names = "--category-field", paramLabel = "NAME",
            description = "Field with the category (default: ${DEFAULT-VALUE}).")
    String categoryField = "category";

    @Option(names = "--progress", negatable = true,
            description = "Show the progress bar on stderr (default: when stderr is a terminal).")
    Boolean progress;

    /** Throws a usage error when the file does not exist. */
    void check() {
        if (!labels.equals("-") && !Files.isRegularFile(Path.of(labels))) {
            throw CliException.usage("--labels: " + (Files.exists(Path.of(labels)) ? labels + ": not a regular file "
                    + "(a folder, named pipe, socket or device; for a pipe: --labels - < " + labels + ")"
                    : "no such file: " + labels));
        }
    }

    /** The file's name without its folder ({@code stdin} for -), for report headers. */
    String fileName() {
        return labels.equals("-") ? "stdin" : Path.of(labels).getFileName().toString();
    }

    /**
     * Applies {@code work} to every record (error records included: a missing/invalid label makes one) on
     * {@code threads} threads and hands the results to {@code sink} in input order, with a progress bar.
     */
    <T> void run(Env env, PrintWriter err, int threads, Function<InputRecord, T> work, Predicate<T> sink) {
        Progress bar = new Progress(err, progress != null ? progress : env.stderrTty());
        long[] done = {0};
        InputStream stdin = env.stdin();
        RunProgress howFar = env.progress();
        howFar.start();
        try (Inputs in = Inputs.jsonl(labels, new Inputs.Options(idField, textField, Inputs.StdinFormat.JSONL),
                stdin)) {
            Iterator<InputRecord> checked = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return in.hasNext();
                }

                @Override
                public InputRecord next() {
                    InputRecord r = withLabel(in.next());
                    howFar.read();
                    return r;
                }
            };
            BatchRunner.map(checked, threads, work, t -> {
                boolean more = sink.test(t);
                howFar.done();
                bar.update(++done[0], in.bytesDone(), in.totalBytes());
                return more;
            });
            bar.clear();
        }
    }

    /** The field names given. */
    LabelledJsonl.Fields fields() {
        return new LabelledJsonl.Fields(idField, textField, labelField, categoryField);
    }

    /** The record, or an error record when its label is missing or invalid. */
    InputRecord withLabel(InputRecord r) {
        return LabelledJsonl.withLabel(r, fields());
    }

    /** The sample of a record that passed {@link #withLabel}. */
    Sample sample(InputRecord r) {
        return LabelledJsonl.sample(r, fields());
    }
}
