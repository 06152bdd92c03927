package io.bianwei.flink;

import io.bianwei.json.Layout;
import io.bianwei.json.RawRecord;

import java.util.Objects;

/**
 * One record as the shared {@link io.bianwei.json.DocumentReader} cut it out of a file (or one Kafka message), with
 * where it came from: the Flink form of {@link RawRecord}. A Flink POJO (public no-arg constructor, public fields),
 * so it travels between subtasks with Flink's own serializer; the JSON is parsed by the screening function.
 */
public final class SourceLine {
    /** The file, as a path for local files and as a URI for other file systems; for Kafka, {@code topic-partition}. */
    public String file;
    /** 1-based line number in that file (1 for a text file, 0 for a problem of the whole file); for Kafka, the offset. */
    public long line;
    /** The line or the whole text; for a problem record, the start of an over-long line (or null). */
    public String text;
    /** {@link Layout#label()}: {@code jsonl}, {@code text} or {@code lines}. */
    public String layout = Layout.JSONL.label();
    /** Why the record cannot be screened, or null. */
    public String problem;

    public SourceLine() {
    }

    /** A JSONL line. */
    public SourceLine(String file, long line, String text) {
        this.file = file;
        this.line = line;
        this.text = text;
    }

    public static SourceLine of(RawRecord r) {
        SourceLine s = new SourceLine(r.source(), r.line(), r.content());
        s.layout = r.layout().label();
        s.problem = r.problem();
        return s;
    }

    /** Back to the shared form (for {@link RawRecord#toRecord}). */
    public RawRecord toRaw() {
        return new RawRecord(file, line, Layout.parse(layout), text == null && problem == null ? "" : text, problem);
    }

    /** {@code file:line}, the form the JSONL contract uses for ids of records without one and in error messages. */
    public String where() {
        return toRaw().where();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceLine s && line == s.line && Objects.equals(file, s.file)
                && Objects.equals(text, s.text) && Objects.equals(layout, s.layout)
                && Objects.equals(problem, s.problem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, line, text, layout, problem);
    }

    @Override
    public String toString() {
        return where() + " " + (problem != null ? problem : text);
    }
}
