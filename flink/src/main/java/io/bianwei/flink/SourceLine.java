package io.bianwei.flink;

import java.util.Objects;

/**
 * One line of an input file (or one Kafka message), with where it came from. A Flink POJO (public no-arg constructor, public fields), so
 * it travels between subtasks with Flink's own serializer.
 */
public final class SourceLine {
    /** The file, as a path for local files and as a URI for other file systems; for Kafka, {@code topic-partition}. */
    public String file;
    /** 1-based line number in that file; for Kafka, the message's offset. */
    public long line;
    /** The line without its line terminator; for Kafka, the message's value. */
    public String text;

    public SourceLine() {
    }

    public SourceLine(String file, long line, String text) {
        this.file = file;
        this.line = line;
        this.text = text;
    }

    /** {@code file:line}, the form the JSONL contract uses for ids of records without one and in error messages. */
    public String where() {
        return file + ":" + line;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceLine s && line == s.line && Objects.equals(file, s.file)
                && Objects.equals(text, s.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, line, text);
    }

    @Override
    public String toString() {
        return where() + " " + text;
    }
}
