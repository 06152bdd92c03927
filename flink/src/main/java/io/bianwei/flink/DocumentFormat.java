package io.bianwei.flink;

import io.bianwei.json.DocumentReader;
import io.bianwei.json.InputFiles;
import io.bianwei.json.Layout;
import io.bianwei.json.RawRecord;
import org.apache.flink.api.common.io.compression.InflaterInputStreamFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.compression.StandardDeCompressors;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of one file, cut by the shared {@link DocumentReader}, exactly as the CLI cuts them: {@code *.jsonl}
 * one record per line (LF, CRLF or CR), {@code *.txt} (and any other file named as an input) one document, strict
 * UTF-8 with the line named, UTF-16 input reported once, over-long records as errors with their id. Compressed files
 * ({@code .gz}, {@code .bz2}, {@code .xz}, {@code .deflate}) are decompressed with Flink's decompressors.
 *
 * <p>Files are not split. The position is the number of records emitted (Flink's {@link CheckpointedPosition} with no
 * offset), so a restored reader re-reads the file and skips what was emitted before the checkpoint.
 */
public final class DocumentFormat implements BulkFormat<SourceLine, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 256;

    private final DocumentReader.Limits limits;

    public DocumentFormat(DocumentReader.Limits limits) {
        this.limits = limits;
    }

    @Override
    public Reader<SourceLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new FileReader(split.path(), 0);
    }

    @Override
    public Reader<SourceLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new FileReader(split.path(), skip);
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

    /** The layout of a file: by its name (after a compression suffix); any other file is one text document. */
    static InputFiles.Kind kind(String fileName) {
        InputFiles.Kind k = InputFiles.kind(fileName);
        return k != null ? k : new InputFiles.Kind(Layout.TEXT, null);
    }

    private final class FileReader implements Reader<SourceLine> {
        private final String name;
        private final DocumentReader reader;
        private long emitted;
        private boolean done;

        FileReader(Path path, long skip) throws IOException {
            this.name = describe(path);
            InputStream in = path.getFileSystem().open(path);
            InflaterInputStreamFactory<?> inflater = StandardDeCompressors.getDecompressorForFileName(path.getName());
            if (inflater != null) {
                in = inflater.create(in);
            }
            this.reader = new DocumentReader(in, name, kind(path.getName()).layout(), limits);
            while (emitted < skip && nextRecord() != null) {
                emitted++;
            }
        }

        /** The next record; a read error (a corrupt .gz, say) is one problem record, then the file ends. */
        private RawRecord nextRecord() {
            if (done) {
                return null;
            }
            try {
                RawRecord r = reader.next();
                done = r == null;
                return r;
            } catch (IOException e) {
                done = true;
                return new RawRecord(name, 0, Layout.JSONL, null, name + ": cannot read: " + e.getMessage());
            }
        }

        @Override
        public RecordIterator<SourceLine> readBatch() {
            List<SourceLine> batch = new ArrayList<>();
            RawRecord r;
            while (batch.size() < BATCH && (r = nextRecord()) != null) {
                batch.add(SourceLine.of(r));
            }
            if (batch.isEmpty()) {
                return null;
            }
            long start = emitted;
            emitted += batch.size();
            return new IteratorResultIterator<>(batch.iterator(), CheckpointedPosition.NO_OFFSET, start);
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
