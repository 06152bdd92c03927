package io.bianwei.json;

import java.util.Objects;

/**
 * One document as {@link DocumentReader} cut it out of its input, before any JSON parsing: small, plain and the same
 * wherever it was read (the Flink job ships it between operators as its {@code SourceLine}).
 *
 * @param source  the input's name (a path, {@code stdin}, {@code topic-partition})
 * @param line    the 1-based line (for JSONL and LINES; 1 for TEXT; a Kafka message's offset); 0 for a problem of
 *                the whole input (it is not UTF-8, say)
 * @param layout  how the content is to be read
 * @param content the decoded line or text; for a problem record, what could be salvaged (the start of an
 *                over-long JSONL line, to find its id), or null
 * @param problem why the record cannot be screened, starting with its {@code file:line}; null when fine
 */
public record RawRecord(String source, long line, Layout layout, String content, String problem) {
    public RawRecord {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(layout, "layout");
        if (content == null && problem == null) {
            throw new IllegalArgumentException("a record needs content or a problem");
        }
    }

    /** {@code source:line}, or just the source for a TEXT document or a problem of the whole input. */
    public String where() {
        return layout == Layout.TEXT || line == 0 ? source : source + ":" + line;
    }

    /** The default id: {@link #where()}. */
    public String defaultId() {
        return where();
    }

    /**
     * The record to screen: a JSONL line is parsed ({@link InputRecord#parseJsonl}), a LINES line or a TEXT document
     * is the text itself; a problem record becomes an error record whose id is, for JSONL, the id found at the start
     * of the line when there is one.
     */
    public InputRecord toRecord(String idField, String textField) {
        if (problem != null) {
            String id = layout == Layout.JSONL && content != null ? InputRecord.idFromPrefix(content, idField) : null;
            return InputRecord.ofError(id != null ? id : defaultId(), problem);
        }
        return switch (layout) {
            case JSONL -> InputRecord.parseJsonl(content, idField, textField, where());
            case LINES, TEXT -> InputRecord.ofText(defaultId(), content);
        };
    }
}
