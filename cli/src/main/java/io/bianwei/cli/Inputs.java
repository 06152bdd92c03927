package io.bianwei.cli;

import io.bianwei.json.InputRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * The documents of a {@code screen} or {@code eval} run, streamed in input order: literal text arguments, {@code .txt}
 * files (one document each), {@code .jsonl} files (one document per non-blank line), folders (recursively, sorted by
 * path, {@code .txt} and {@code .jsonl} only) and stdin ({@code -}). Files are decoded as strict UTF-8. Nothing is
 * dropped: whatever cannot be read becomes an error record naming its file and line.
 *
 * <p>Folders are expanded to their file lists up front (paths only, for the progress total); contents are read
 * lazily, one line at a time for JSONL.
 */
final class Inputs implements Iterator<InputRecord>, Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Inputs.class);

    /** How stdin is read. */
    enum StdinFormat {
        /** JSONL when the first non-blank character is '{', else one text document. */
        AUTO,
        /** The whole of stdin is one document. */
        TEXT,
        /** One JSON object per line. */
        JSONL,
        /** Every non-blank line is a document. */
        LINES
    }

    /** Where records come from and how they are named. */
    record Options(String idField, String textField, StdinFormat stdinFormat) {
    }

    private sealed interface Source permits Literal, TextFile, JsonlFile, Stdin, Failure {
    }

    private record Literal(String id, String text) implements Source {
    }

    private record TextFile(Path path) implements Source {
    }

    private record JsonlFile(Path path) implements Source {
    }

    private record Stdin() implements Source {
    }

    private record Failure(String id, String error) implements Source {
    }

    /** Produces the records of one source; null at its end. */
    private interface Reader extends Closeable {
        InputRecord read() throws IOException;

        @Override
        default void close() throws IOException {
        }
    }

    private final Deque<Source> pending;
    private final Options options;
    private final InputStream stdin;
    private final long totalBytes;
    private final boolean batch;
    private Reader current;
    private InputRecord next;
    private long bytesDone;

    private Inputs(List<Source> sources, Options options, InputStream stdin, long totalBytes, boolean batch) {
        this.pending = new ArrayDeque<>(sources);
        this.options = options;
        this.stdin = stdin;
        this.totalBytes = totalBytes;
        this.batch = batch;
    }

    /**
     * Resolves the arguments: {@code -} is stdin; an existing file or folder is read; a non-existent argument that
     * looks like a path (no whitespace, ending in {@code .txt}, {@code .jsonl} or a slash) is an error record; anything
     * else is a literal text, named {@code argN}.
     */
    static Inputs open(List<String> args, Options options, InputStream stdin) {
        List<Source> sources = new ArrayList<>();
        long total = 0;
        boolean stdinSeen = false;
        boolean batch = args.size() > 1;
        int index = 0;
        for (String arg : args) {
            index++;
            if (arg.equals("-")) {
                if (stdinSeen) {
                    throw CliException.usage("stdin (-) given more than once");
                }
                stdinSeen = true;
                batch = true;
                total = -1;
                sources.add(new Stdin());
                continue;
            }
            Path path = pathOrNull(arg);
            if (path != null && Files.isDirectory(path)) {
                batch = true;
                for (Source s : walk(path)) {
                    sources.add(s);
                    total = addSize(total, s);
                }
            } else if (path != null && Files.exists(path)) {
                batch = true;
                Source s = isJsonl(path) ? new JsonlFile(path) : new TextFile(path);
                sources.add(s);
                total = addSize(total, s);
            } else if (looksLikePath(arg)) {
                batch = true;
                sources.add(new Failure(arg, arg + ": no such file or directory"));
            } else {
                sources.add(new Literal("arg" + index, arg));
                if (total >= 0) {
                    total += arg.getBytes(StandardCharsets.UTF_8).length;
                }
            }
        }
        return new Inputs(sources, options, stdin, total, batch);
    }

    /** One JSONL source whatever its file name (for labelled files): a path, or {@code -} for stdin. */
    static Inputs jsonl(String arg, Options options, InputStream stdin) {
        if (arg.equals("-")) {
            return new Inputs(List.of(new Stdin()), new Options(options.idField(), options.textField(),
                    StdinFormat.JSONL), stdin, -1, true);
        }
        Path path = Path.of(arg);
        JsonlFile source = new JsonlFile(path);
        return new Inputs(List.of(source), options, stdin, addSize(0, source), true);
    }

    /** True unless the run is a handful of literal texts (then no progress bar or summary is shown). */
    boolean isBatch() {
        return batch;
    }

    /** Sum of the input sizes in bytes, or -1 when unknown (stdin). */
    long totalBytes() {
        return totalBytes;
    }

    /** Bytes consumed so far. */
    long bytesDone() {
        return bytesDone;
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            if (current == null) {
                Source s = pending.poll();
                if (s == null) {
                    return false;
                }
                current = reader(s);
            }
            try {
                next = current.read();
            } catch (IOException | UncheckedIOException e) {
                // a reader that throws reports its own position in the message; this is the last resort
                next = InputRecord.ofError("?", "read error: " + e.getMessage());
            }
            if (next == null) {
                closeCurrent();
            }
        }
        return true;
    }

    @Override
    public InputRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        InputRecord r = next;
        next = null;
        return r;
    }

    @Override
    public void close() {
        closeCurrent();
        pending.clear();
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                LOG.debug("closing input", e);
            }
            current = null;
        }
    }

    // --- resolving arguments ---------------------------------------------------------------------------------------

    private static Path pathOrNull(String arg) {
        if (arg.isEmpty() || arg.indexOf('\n') >= 0 || arg.indexOf('\0') >= 0) {
            return null;
        }
        try {
            return Path.of(arg);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static boolean looksLikePath(String arg) {
        if (arg.isEmpty() || arg.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        String lower = arg.toLowerCase(Locale.ROOT);
        return lower.endsWith(".txt") || lower.endsWith(".jsonl") || lower.endsWith("/") || lower.endsWith("\\");
    }

    private static boolean isJsonl(Path p) {
        return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jsonl");
    }

    private static boolean isText(Path p) {
        return p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt");
    }

    private static long addSize(long total, Source s) {
        if (total < 0) {
            return total;
        }
        Path p = s instanceof TextFile t ? t.path() : s instanceof JsonlFile j ? j.path() : null;
        if (p == null) {
            return total;
        }
        try {
            return total + Files.size(p);
        } catch (IOException e) {
            return total;
        }
    }

    /** The .txt and .jsonl files under a folder, sorted by path; unreadable folders become failures. */
    private static List<Source> walk(Path root) {
        record Entry(Path path, Source source) {
        }
        List<Entry> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            boolean hidden = !dir.equals(root) && dir.getFileName().toString().startsWith(".");
                            return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (!attrs.isRegularFile() || file.getFileName().toString().startsWith(".")) {
                                return FileVisitResult.CONTINUE;
                            }
                            if (isJsonl(file)) {
                                found.add(new Entry(file, new JsonlFile(file)));
                            } else if (isText(file)) {
                                found.add(new Entry(file, new TextFile(file)));
                            } else {
                                LOG.debug("skipping {} (neither .txt nor .jsonl)", file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            found.add(new Entry(file, new Failure(file.toString(), file + ": cannot read: "
                                    + describe(e))));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            found.add(new Entry(root, new Failure(root.toString(), root + ": cannot read folder: " + describe(e))));
        }
        found.sort(Comparator.comparing(Entry::path));
        return found.stream().map(Entry::source).toList();
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemLoopException) {
            return "symbolic link loop";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    // --- readers ---------------------------------------------------------------------------------------------------

    private Reader reader(Source s) {
        if (s instanceof Literal l) {
            return once(() -> InputRecord.ofText(l.id(), l.text()));
        } else if (s instanceof Failure f) {
            return once(() -> InputRecord.ofError(f.id(), f.error()));
        } else if (s instanceof TextFile t) {
            return once(() -> readTextFile(t.path()));
        } else if (s instanceof JsonlFile j) {
            return lineReader(j.path().toString(), () -> Files.newInputStream(j.path()), false);
        }
        return stdinReader();
    }

    /** A reader of exactly one record, made when first asked for. */
    private static Reader once(java.util.function.Supplier<InputRecord> record) {
        return new Reader() {
            private boolean done;

            @Override
            public InputRecord read() {
                if (done) {
                    return null;
                }
                done = true;
                return record.get();
            }
        };
    }

    private InputRecord readTextFile(Path path) {
        String name = path.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            return InputRecord.ofError(name, name + ": cannot read: " + describe(e));
        } catch (OutOfMemoryError e) {
            return InputRecord.ofError(name, name + ": too large to screen as one document");
        }
        bytesDone += bytes.length;
        return textRecord(name, bytes, bytes.length);
    }

    private static InputRecord textRecord(String name, byte[] bytes, int length) {
        Utf8.Decoded d = Utf8.decode(bytes, length);
        if (!d.ok()) {
            return InputRecord.ofError(name, name + ":" + Utf8.lineOf(bytes, d.errorOffset())
                    + ": not valid UTF-8 (byte offset " + d.errorOffset() + ")");
        }
        return InputRecord.ofText(name, d.text());
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    /** One record per non-blank line: JSON objects ({@code lines == false}) or plain texts. */
    private Reader lineReader(String name, Opener opener, boolean plainLines) {
        return new Reader() {
            private InputStream in;
            private Utf8.Lines lines;
            private int lineNo;
            private long counted;
            private boolean done;

            @Override
            public InputRecord read() {
                while (!done) {
                    String where = name + ":" + (lineNo + 1);
                    try {
                        if (lines == null) {
                            in = opener.open();
                            lines = new Utf8.Lines(in);
                        }
                        if (!lines.next()) {
                            done = true;
                            return null;
                        }
                    } catch (IOException | UncheckedIOException e) {
                        done = true;
                        String msg = e instanceof IOException io ? describe(io) : e.getMessage();
                        return InputRecord.ofError(lines == null ? name : where,
                                (lines == null ? name : where) + ": cannot read: " + msg);
                    }
                    lineNo++;
                    bytesDone += lines.bytesRead() - counted;
                    counted = lines.bytesRead();
                    Utf8.Decoded d = Utf8.decode(lines.bytes(), lines.length());
                    if (!d.ok()) {
                        return InputRecord.ofError(where, where + ": not valid UTF-8 (byte " + (d.errorOffset() + 1)
                                + " of the line)");
                    }
                    String line = d.text();
                    if (line.isBlank()) {
                        continue;
                    }
                    return plainLines ? InputRecord.ofText(where, line)
                            : InputRecord.parseJsonl(line, options.idField(), options.textField(), where);
                }
                return null;
            }

            @Override
            public void close() throws IOException {
                done = true;
                if (in != null && in != stdin) {
                    in.close();
                }
            }
        };
    }

    private Reader stdinReader() {
        BufferedInputStream in = new BufferedInputStream(stdin, 1 << 16);
        StdinFormat format = options.stdinFormat();
        if (format == StdinFormat.AUTO) {
            try {
                format = sniff(in);
            } catch (IOException e) {
                return once(() -> InputRecord.ofError("stdin", "stdin: cannot read: " + describe(e)));
            }
            LOG.debug("stdin read as {}", format);
        }
        return switch (format) {
            case JSONL -> lineReader("stdin", () -> in, false);
            case LINES -> lineReader("stdin", () -> in, true);
            default -> once(() -> readAllStdin(in));
        };
    }

    private InputRecord readAllStdin(InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return InputRecord.ofError("stdin", "stdin: cannot read: " + describe(e));
        }
        bytesDone += bytes.length;
        return textRecord("stdin", bytes, bytes.length);
    }

    /** JSONL when the first non-blank character (after a BOM) is '{'. */
    private static StdinFormat sniff(BufferedInputStream in) throws IOException {
        int limit = 1 << 16;
        in.mark(limit);
        try {
            for (int i = 0; i < limit; i++) {
                int b = in.read();
                if (b < 0) {
                    return StdinFormat.TEXT;
                }
                if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == 0xEF || b == 0xBB || b == 0xBF) {
                    continue;
                }
                return b == '{' ? StdinFormat.JSONL : StdinFormat.TEXT;
            }
            return StdinFormat.TEXT;
        } finally {
            in.reset();
        }
    }
}
