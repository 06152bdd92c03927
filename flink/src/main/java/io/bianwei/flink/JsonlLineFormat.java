package io.bianwei.flink;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.impl.StreamFormatAdapter;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.Path;

import java.io.IOException;

/**
 * Text lines ({@link TextLineInputFormat}, UTF-8, any compression Flink recognises by extension such as
 * {@code .gz}) tagged with their file and 1-based line number, so that ids and error messages read
 * {@code file:line} exactly as in the CLI.
 *
 * <p>A plain {@code StreamFormat} never learns which file it reads; a {@link BulkFormat} gets the split, hence this
 * thin wrapper around Flink's own {@link StreamFormatAdapter}. Files are not split (text lines never are), so the
 * adapter's record count since the start of the split is the line number, and it survives checkpoints: a restored
 * reader resumes counting where it stopped.
 */
public final class JsonlLineFormat implements BulkFormat<SourceLine, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final char BOM = '\uFEFF';

    private final StreamFormatAdapter<String> lines = new StreamFormatAdapter<>(new TextLineInputFormat("UTF-8"));

    @Override
    public Reader<SourceLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LineReader(lines.createReader(config, split), describe(split.path()));
    }

    @Override
    public Reader<SourceLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LineReader(lines.restoreReader(config, split), describe(split.path()));
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<SourceLine> getProducedType() {
        return TypeInformation.of(SourceLine.class);
    }

    /** A local file as its path ({@code /data/in/a.jsonl}), anything else as its URI ({@code s3://b/a.jsonl}). */
    static String describe(Path path) {
        String scheme = path.toUri().getScheme();
        return scheme == null || "file".equals(scheme) ? path.toUri().getPath() : path.toString();
    }

    private static final class LineReader implements Reader<SourceLine> {
        private final Reader<String> inner;
        private final String file;

        LineReader(Reader<String> inner, String file) {
            this.inner = inner;
            this.file = file;
        }

        @Override
        public RecordIterator<SourceLine> readBatch() throws IOException {
            RecordIterator<String> batch = inner.readBatch();
            return batch == null ? null : new RecordIterator<>() {
                @Override
                public RecordAndPosition<SourceLine> next() {
                    RecordAndPosition<String> r = batch.next();
                    if (r == null) {
                        return null;
                    }
                    // the skip count after a record is the number of records read so far: the 1-based line number
                    long line = r.getRecordSkipCount();
                    String text = r.getRecord();
                    if (line == 1 && !text.isEmpty() && text.charAt(0) == BOM) {
                        text = text.substring(1);
                    }
                    return new RecordAndPosition<>(new SourceLine(file, line, text), r.getOffset(),
                            r.getRecordSkipCount());
                }

                @Override
                public void releaseBatch() {
                    batch.releaseBatch();
                }
            };
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
