package io.bianwei.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.json.InputRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Labelled JSONL, the input of {@code bianwei eval} and {@code tune}: one JSON object a line with an id, the text, a
 * label ({@code flag} or {@code ok}) and optionally a category and a {@code family}; other fields are ignored. A record that cannot be
 * read, or whose label is missing or invalid, is a failure (counted, never dropped silently).
 *
 * <pre>{@code {"id": "1", "text": "祖传秘方三天根治糖尿病", "label": "flag", "category": "pseudo_science"}}</pre>
 */
public final class LabelledJsonl {
    private LabelledJsonl() {
    }

    /**
     * The field names.
     *
     * @param id       the id (a record without one is named by {@code file:line})
     * @param text     the text (a string)
     * @param label    the label: {@code flag} or {@code ok}, any case
     * @param category the category (optional; any scalar)
     */
    public record Fields(String id, String text, String label, String category) {
        public Fields {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(category, "category");
        }

        /** {@code id}, {@code text}, {@code label}, {@code category}. */
        public static Fields defaults() {
            return new Fields("id", "text", "label", "category");
        }
    }

    /**
     * A file's samples and failures, each in file order.
     *
     * @param samples  the records that could be read and have a valid label
     * @param failures the others, with the reason (naming the file and line, or the record's id)
     */
    public record Read(List<Sample> samples, List<Evaluation.Failure> failures) {
        public Read {
            samples = List.copyOf(samples);
            failures = List.copyOf(failures);
        }
    }

    /**
     * The record as read, or an error record when its label is missing or invalid (so that it is counted as a
     * failure). Error records stay as they are.
     */
    public static InputRecord withLabel(InputRecord r, Fields fields) {
        if (r.isError()) {
            return r;
        }
        JsonNode label = r.extra().get(fields.label());
        try {
            Label.parse(label == null || !label.isTextual() ? null : label.textValue());
            return r;
        } catch (IllegalArgumentException e) {
            return new InputRecord(r.id(), null, r.extra(), r.id() + ": '" + fields.label()
                    + "' must be flag or ok, got " + (label == null ? "nothing" : label.toString()));
        }
    }

    /**
     * The sample of a record that {@link #withLabel} let through.
     *
     * @throws IllegalArgumentException for an error record or one without a valid label
     */
    public static Sample sample(InputRecord r, Fields fields) {
        if (r.isError()) {
            throw new IllegalArgumentException("not a readable record: " + r.error());
        }
        JsonNode label = r.extra().get(fields.label());
        JsonNode category = r.extra().get(fields.category());
        JsonNode family = r.extra().get("family");
        return new Sample(r.id(), r.text(), Label.parse(label == null || !label.isTextual() ? null : label.textValue()),
                category != null && category.isValueNode() && !category.isNull() ? category.asText() : null,
                family != null && family.isTextual() ? family.textValue() : null);
    }

    /**
     * Reads a labelled JSONL file (UTF-8; blank lines skipped), naming records and failures by
     * {@code file:line} as the CLI does.
     *
     * @throws IOException when the file cannot be read or is not valid UTF-8 (the CLI, reading line by line, counts
     *                     such a line as a failure instead)
     */
    public static Read read(Path file, Fields fields) throws IOException {
        List<Sample> samples = new ArrayList<>();
        List<Evaluation.Failure> failures = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                InputRecord r = withLabel(InputRecord.parseJsonl(line, fields.id(), fields.text(),
                        file + ":" + lineNo), fields);
                if (r.isError()) {
                    failures.add(new Evaluation.Failure(r.id(), r.error()));
                } else {
                    samples.add(sample(r, fields));
                }
            }
        }
        return new Read(samples, failures);
    }
}
