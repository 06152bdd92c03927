package io.bianwei.json;

import java.util.Locale;

/**
 * How the bytes of one input become documents. The same for the CLI and the Flink job: a file's layout comes from
 * its name ({@link InputFiles#kind(String)}), stdin's from {@code --stdin-format}.
 */
public enum Layout {
    /** One JSON object per non-blank line (LF, CRLF or CR ends a line); id {@code FILE:LINE} when it has none. */
    JSONL,
    /** The whole input is one document, id the input's name. */
    TEXT,
    /** Every non-blank line is a document, id {@code NAME:LINE}. */
    LINES;

    /** {@code jsonl}, {@code text}, {@code lines}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The layout named {@code label} (any case); throws for an unknown name. */
    public static Layout parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
