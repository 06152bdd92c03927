package io.bianwei.cli;

import io.bianwei.json.DocumentReader;
import io.bianwei.json.InputFiles;
import io.bianwei.json.InputRecord;
import io.bianwei.json.Layout;
import io.bianwei.json.RawRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
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
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The documents of a {@code screen} or {@code eval} run, streamed in input order. Every input is cut into records by
 * the shared {@link DocumentReader} (the Flink job's reader too): {@code .jsonl} files one record per line,
 * {@code .txt} files one document each (either may be {@code .gz}), folders walked recursively in path order, stdin,
 * and texts given with {@code -t}. Nothing is dropped: whatever cannot be read becomes an error record naming its
 * file and line.
 *
 * <p>Folder walks do not follow symbolic links: a link to a file or folder inside the given folders is skipped (its
 * target is read in its own place), a link out of them, a dangling link and a file that is not a regular file (a
 * named pipe, a socket, a device) are error records, and are never opened. With {@code follow}, links are followed
 * and each file is read once, however many links lead to it.
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

    /**
     * Where records come from and how they are named.
     *
     * @param follow follow symbolic links in folder walks
     */
    record Options(String idField, String textField, StdinFormat stdinFormat, DocumentReader.Limits limits,
                   boolean follow) {
        Options(String idField, String textField, StdinFormat stdinFormat) {
            this(idField, textField, stdinFormat, DocumentReader.Limits.defaults(), false);
        }
    }

    /** One command-line input: a path (or {@code -}), or a text given with {@code -t}. */
    record Arg(String value, boolean text) {
        static Arg path(String p) {
            return new Arg(p, false);
        }

        static Arg text(String t) {
            return new Arg(t, true);
        }
    }

    private sealed interface Source permits Literal, FileSource, Stdin, Failure {
    }

    private record Literal(String id, String text) implements Source {
    }

    private record FileSource(Path path, InputFiles.Kind kind, long size) implements Source {
    }

    private record Stdin() implements Source {
    }

    private record Failure(String id, String error) implements Source {
    }

    private final Deque<Source> pending;
    private final Options options;
    private final InputStream stdin;
    private final long totalBytes;
    private final boolean batch;
    private Reader current;
    private InputRecord next;
    private long bytesFinished;

    private Inputs(List<Source> sources, Options options, InputStream stdin, long totalBytes, boolean batch) {
        this.pending = new ArrayDeque<>(sources);
        this.options = options;
        this.stdin = stdin;
        this.totalBytes = totalBytes;
        this.batch = batch;
    }

    /**
     * Resolves the inputs: {@code -} is stdin; an existing file or folder is read; a text given with {@code -t} is
     * screened as it is, named {@code argN} (N = its position among the inputs). A path that names nothing readable
     * is a usage error: nothing is screened, so a mistyped file name is never taken for a text.
     */
    static Inputs open(List<Arg> args, Options options, InputStream stdin) {
        List<Source> sources = new ArrayList<>();
        long total = 0;
        boolean stdinSeen = false;
        boolean batch = args.size() > 1;
        List<Path> roots = new ArrayList<>();
        for (Arg a : args) {
            if (!a.text() && !a.value().equals("-")) {
                Path p = readablePath(a.value());
                if (Files.isDirectory(p)) {
                    roots.add(realOrAbsolute(p));
                }
            }
        }
        int index = 0;
        for (Arg a : args) {
            index++;
            String arg = a.value();
            if (a.text()) {
                sources.add(new Literal("arg" + index, arg));
                if (total >= 0) {
                    total += arg.getBytes(StandardCharsets.UTF_8).length;
                }
            } else if (arg.equals("-")) {
                if (stdinSeen) {
                    throw CliException.usage("stdin (-) given more than once");
                }
                stdinSeen = true;
                batch = true;
                total = -1;
                sources.add(new Stdin());
            } else {
                Path path = readablePath(arg);
                batch = true;
                if (Files.isDirectory(path)) {
                    for (Source s : walk(path, roots, options.follow())) {
                        sources.add(s);
                        total = addSize(total, s);
                    }
                } else {
                    InputFiles.Kind kind = InputFiles.kind(path.getFileName() == null ? arg
                            : path.getFileName().toString());
                    if (kind == null) {
                        kind = new InputFiles.Kind(Layout.TEXT, null); // a file named explicitly: one document
                    }
                    FileSource s = new FileSource(path, kind, size(path));
                    sources.add(s);
                    total = addSize(total, s);
                }
            }
        }
        return new Inputs(sources, options, stdin, total, batch);
    }

    /**
     * A path that can be read, or a usage error saying why not (exit 2 before anything is screened): a missing file
     * is far more often a typo than a text someone meant to screen.
     */
    private static Path readablePath(String arg) {
        Path path;
        try {
            path = Path.of(arg);
        } catch (RuntimeException e) {
            path = null;
        }
        String hint = " (to screen it as a text: bianwei screen -t '" + abbreviate(arg) + "')";
        if (path == null || !Files.exists(path)) {
            throw CliException.usage(abbreviate(arg) + ": no such file or directory" + hint);
        }
        if (!Files.isReadable(path)) {
            throw CliException.usage(arg + ": permission denied");
        }
        special(path, arg);
        return path;
    }

    /**
     * A named pipe, socket or device named on the command line is a usage error, never opened: opening a FIFO waits
     * for a writer, which may never come (stdin, {@code -}, reads a pipe).
     */
    private static void special(Path path, String arg) {
        if (Files.exists(path) && !Files.isDirectory(path) && !Files.isRegularFile(path)) {
            throw CliException.usage(abbreviate(arg) + ": " + SPECIAL_ARG + " (to read what a pipe carries, give - "
                    + "and redirect it: - < " + abbreviate(arg) + ")");
        }
    }

    private static final String SPECIAL_ARG = "not a regular file (a named pipe, socket or device): not opened, since "
            + "reading it may wait forever";

    private static String abbreviate(String s) {
        String flat = Highlighter.flat(s);
        return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
    }

    /** One JSONL source whatever its file name (for labelled files): a path, or {@code -} for stdin. */
    static Inputs jsonl(String arg, Options options, InputStream stdin) {
        if (arg.equals("-")) {
            return new Inputs(List.of(new Stdin()), new Options(options.idField(), options.textField(),
                    StdinFormat.JSONL, options.limits(), options.follow()), stdin, -1, true);
        }
        Path path = Path.of(arg);
        special(path, arg);
        InputFiles.Kind kind = InputFiles.kind(path.getFileName().toString());
        FileSource source = new FileSource(path, new InputFiles.Kind(Layout.JSONL, kind == null ? null
                : kind.compression()), size(path));
        return new Inputs(List.of(source), options, stdin, addSize(0, source), true);
    }

    /** True unless the run is a handful of literal texts (then no summary is shown). */
    boolean isBatch() {
        return batch;
    }

    /** Sum of the input sizes in bytes, or -1 when unknown (stdin). */
    long totalBytes() {
        return totalBytes;
    }

    /** Bytes consumed so far. */
    long bytesDone() {
        return bytesFinished + (current == null ? 0 : current.bytes());
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
                next = InputRecord.ofError(current.name(), current.name() + ": cannot read: " + describe(e));
                current.stop();
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
            bytesFinished += current.bytes();
            try {
                current.close();
            } catch (IOException e) {
                LOG.debug("closing input", e);
            }
            current = null;
        }
    }

    // --- walking folders -------------------------------------------------------------------------------------------

    private static Path realOrAbsolute(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static boolean inside(Path real, List<Path> roots) {
        return roots.stream().anyMatch(real::startsWith);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long addSize(long total, Source s) {
        return total < 0 || !(s instanceof FileSource f) ? total : total + f.size();
    }

    /** Why a file that is neither a folder nor a regular file is not read (a FIFO would block the walk). */
    private static final String SPECIAL = "not a regular file (a named pipe, socket or device): not read";

    /**
     * The document files under a folder, sorted by path: see the class comment for links and special files.
     * Unreadable entries become failures in their place.
     */
    private static List<Source> walk(Path root, List<Path> roots, boolean follow) {
        record Entry(Path path, Source source, Path real) {
        }
        List<Entry> found = new ArrayList<>();
        Set<FileVisitOption> visit = follow ? EnumSet.of(FileVisitOption.FOLLOW_LINKS) : EnumSet.noneOf(FileVisitOption.class);
        // a folder named on the command line through a symbolic link is walked (as find -H does): the walk starts
        // at LINK/. and names what it finds LINK/NAME, as the user wrote it
        Path start = Files.isSymbolicLink(root) ? root.resolve(".") : root;
        java.util.function.UnaryOperator<Path> shown = p -> start == root ? p : root.resolve(start.relativize(p));
        try {
            Files.walkFileTree(start, visit, Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    boolean hidden = !dir.equals(start) && InputFiles.hidden(dir.getFileName().toString());
                    return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path visited, BasicFileAttributes attrs) {
                    Path file = shown.apply(visited);
                    String name = file.getFileName().toString();
                    if (InputFiles.hidden(name)) {
                        return FileVisitResult.CONTINUE;
                    }
                    InputFiles.Kind kind = InputFiles.kind(name);
                    if (attrs.isSymbolicLink()) {
                        // not followed (or, with FOLLOW_LINKS, a link whose target is gone)
                        link(file, kind);
                    } else if (attrs.isRegularFile()) {
                        if (kind != null) {
                            found.add(new Entry(file, new FileSource(file, kind, attrs.size()),
                                    follow ? realOrAbsolute(file) : null));
                        } else {
                            LOG.debug("skipping {} (neither .txt nor .jsonl)", file);
                        }
                    } else if (!attrs.isDirectory() && kind != null) {
                        found.add(failure(file, file + ": " + SPECIAL));
                    }
                    return FileVisitResult.CONTINUE;
                }

                private void link(Path file, InputFiles.Kind kind) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(file).toString();
                    } catch (IOException e) {
                        target = "?";
                    }
                    Path real;
                    try {
                        real = file.toRealPath();
                    } catch (IOException e) {
                        if (kind != null) {
                            found.add(failure(file, file + ": dangling symbolic link (to " + target + ")"));
                        }
                        return;
                    }
                    boolean dir = Files.isDirectory(real);
                    if (!dir && kind == null) {
                        LOG.debug("skipping link {} (neither .txt nor .jsonl)", file);
                    } else if (inside(real, roots)) {
                        LOG.debug("skipping link {}: {} is read in its own place", file, real);
                    } else if (!dir && !Files.isRegularFile(real)) {
                        found.add(failure(file, file + ": symbolic link to " + target + ", " + SPECIAL));
                    } else {
                        found.add(failure(file, file + ": symbolic link to " + (dir ? "a folder" : "a file")
                                + " outside the given folders (" + target + "): not read (--follow reads it)"));
                    }
                }

                @Override
                public FileVisitResult visitFileFailed(Path visited, IOException e) {
                    Path file = shown.apply(visited);
                    found.add(failure(file, file + ": cannot read: " + describe(e)));
                    return FileVisitResult.CONTINUE;
                }

                private Entry failure(Path file, String error) {
                    return new Entry(file, new Failure(file.toString(), error), null);
                }
            });
        } catch (IOException e) {
            found.add(new Entry(root, new Failure(root.toString(), root + ": cannot read folder: " + describe(e)),
                    null));
        }
        found.sort(Comparator.comparing(Entry::path));
        if (!follow) {
            return found.stream().map(Entry::source).toList();
        }
        // through links, one file may be reached under several paths: read it once, under its own path if the walk
        // reached it there, else under the first path in order
        Map<Path, Integer> byReal = new HashMap<>();
        List<Entry> kept = new ArrayList<>();
        for (Entry e : found) {
            if (e.real() == null) {
                kept.add(e);
                continue;
            }
            Integer at = byReal.get(e.real());
            if (at == null) {
                byReal.put(e.real(), kept.size());
                kept.add(e);
            } else if (e.path().toAbsolutePath().normalize().equals(e.real())) {
                LOG.debug("{} is read as {} instead of {}", e.real(), e.path(), kept.get(at).path());
                kept.set(at, e);
            } else {
                LOG.debug("skipping {}: already read as {}", e.path(), kept.get(at).path());
            }
        }
        kept.sort(Comparator.comparing(Entry::path));
        return kept.stream().map(Entry::source).toList();
    }

    static String describe(Exception e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return describe(u.getCause());
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemLoopException) {
            return "symbolic link loop";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    // --- readers ---------------------------------------------------------------------------------------------------

    /** Produces the records of one source; null at its end. */
    private interface Reader extends Closeable {
        InputRecord read() throws IOException;

        /** Name for messages. */
        String name();

        /** Raw bytes consumed. */
        default long bytes() {
            return 0;
        }

        /** Ends the source after a read error. */
        default void stop() {
        }

        @Override
        default void close() throws IOException {
        }
    }

    private Reader reader(Source s) {
        if (s instanceof Literal l) {
            return once(l.id(), InputRecord.ofText(l.id(), l.text()));
        } else if (s instanceof Failure f) {
            return once(f.id(), InputRecord.ofError(f.id(), f.error()));
        } else if (s instanceof FileSource f) {
            return fileReader(f);
        }
        return stdinReader();
    }

    /** A reader of exactly one record. */
    private static Reader once(String name, InputRecord record) {
        return new Reader() {
            private boolean done;

            @Override
            public InputRecord read() {
                if (done) {
                    return null;
                }
                done = true;
                return record;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** Counts the raw (possibly compressed) bytes read, for the progress bar. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }

    private Reader fileReader(FileSource f) {
        return new DocumentsReader(f.path().toString(), f.kind().layout(), () -> Files.newInputStream(f.path()),
                f.kind().compression(), false);
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    /** The records {@link DocumentReader} cuts out of one stream, parsed into input records. */
    private final class DocumentsReader implements Reader {
        private final String name;
        private final Layout layout;
        private final Opener opener;
        private final String compression;
        private final boolean isStdin;
        private Counting counting;
        private DocumentReader reader;
        private boolean done;
        private boolean any;

        /** @param isStdin stdin is not closed, and an empty stdin read as one text is an error (not a PASS) */
        DocumentsReader(String name, Layout layout, Opener opener, String compression, boolean isStdin) {
            this.name = name;
            this.layout = layout;
            this.opener = opener;
            this.compression = compression;
            this.isStdin = isStdin;
        }

        @Override
        public InputRecord read() throws IOException {
            if (done) {
                return null;
            }
            if (reader == null) {
                try {
                    counting = new Counting(opener.open());
                    reader = new DocumentReader(InputFiles.decompress(counting, compression), name, layout,
                            options.limits());
                } catch (IOException e) {
                    done = true;
                    return InputRecord.ofError(name, name + ": cannot read: " + describe(e));
                }
            }
            RawRecord raw;
            try {
                raw = reader.next();
            } catch (IOException e) {
                done = true;
                return InputRecord.ofError(name, name + ": cannot read: " + describe(e));
            }
            if (raw == null) {
                done = true;
                return null;
            }
            InputRecord r = raw.toRecord(options.idField(), options.textField());
            if (!any && isStdin && layout == Layout.TEXT && !r.isError() && r.text().isBlank()) {
                r = InputRecord.ofError(name, name + ": empty input: nothing to screen");
            }
            any = true;
            return r;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long bytes() {
            return counting == null ? 0 : counting.count;
        }

        @Override
        public void stop() {
            done = true;
        }

        @Override
        public void close() throws IOException {
            done = true;
            if (!isStdin && reader != null) {
                reader.close();
            }
        }
    }

    private Reader stdinReader() {
        BufferedInputStream in = new BufferedInputStream(stdin, 1 << 16);
        StdinFormat format = options.stdinFormat();
        if (format == StdinFormat.AUTO) {
            try {
                format = sniff(in);
            } catch (IOException e) {
                return once("stdin", InputRecord.ofError("stdin", "stdin: cannot read: " + describe(e)));
            }
            LOG.debug("stdin read as {}", format);
        }
        Layout layout = switch (format) {
            case JSONL -> Layout.JSONL;
            case LINES -> Layout.LINES;
            default -> Layout.TEXT;
        };
        return new DocumentsReader("stdin", layout, () -> in, null, true);
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
                if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || (i < 3 && (b == 0xEF || b == 0xBB || b == 0xBF))) {
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
