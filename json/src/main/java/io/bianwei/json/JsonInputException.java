package io.bianwei.json;

import java.io.IOException;

/**
 * JSON input that cannot be read as bianwei reads it ({@link JsonInput}): broken JSON, a key given twice in one
 * object, a string that is not valid Unicode. The message says what is wrong and where, in our words (never a
 * parser's internals), e.g. {@code broken JSON: the object that starts at column 1 is not closed (input ended at
 * column 18)}; a caller prefixes where the input came from ({@code posts.jsonl:3: …}).
 */
public final class JsonInputException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    JsonInputException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    /** 1-based line of the input where the problem was found. */
    public int line() {
        return line;
    }

    /** 1-based column (UTF-16 units) where the problem was found. */
    public int column() {
        return column;
    }
}
