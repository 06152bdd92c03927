package io.bianwei.flink;

import io.bianwei.json.InputFiles;
import org.apache.flink.connector.file.src.enumerate.FileEnumerator;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Which files of the {@code --input} folders are read: the CLI's rules ({@link InputFiles}). The inputs themselves
 * always are; under a folder, {@code *.jsonl} and {@code *.txt} (optionally compressed), not names starting with
 * {@code .} or {@code _}. On a local file system, as in the CLI, symbolic links are not followed (a link inside the
 * inputs is read in its target's place, one out of them is skipped unless {@code --follow}), and a dangling link or a
 * file that is not a regular file (a named pipe would block the reader) is skipped; both are logged as warnings,
 * since the job has no record to put them in (the CLI writes ERROR records).
 */
final class DocumentFiles implements java.util.function.Predicate<Path>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DocumentFiles.class);

    private final List<String> roots;
    private final boolean follow;
    private transient List<java.nio.file.Path> localRoots;

    DocumentFiles(List<String> roots, boolean follow) {
        this.roots = new ArrayList<>(roots);
        this.follow = follow;
    }

    /** The enumerator for {@code FileSource.setFileEnumerator}. */
    FileEnumerator.Provider enumerator() {
        DocumentFiles filter = this;
        return () -> new NonSplittingRecursiveEnumerator(filter);
    }

    @Override
    public boolean test(Path path) {
        boolean root = isRoot(path);
        String name = path.getName();
        if (!root && InputFiles.hidden(name)) {
            return false;
        }
        java.nio.file.Path local = local(path);
        if (local != null && !root && !localOk(local, name)) {
            return false;
        }
        if (root) {
            return true;
        }
        try {
            if (path.getFileSystem().getFileStatus(path).isDir()) {
                return true;
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot read: {}", path, e.getMessage());
            return false;
        }
        return InputFiles.kind(name) != null;
    }

    private boolean isRoot(Path path) {
        String p = DocumentFormat.describe(path);
        for (String r : roots) {
            if (DocumentFormat.describe(new Path(r)).equals(p)) {
                return true;
            }
        }
        return false;
    }

    private static java.nio.file.Path local(Path path) {
        String scheme = path.toUri().getScheme();
        return scheme == null || "file".equals(scheme) ? java.nio.file.Path.of(path.toUri().getPath()) : null;
    }

    private List<java.nio.file.Path> localRoots() {
        if (localRoots == null) {
            List<java.nio.file.Path> out = new ArrayList<>();
            for (String r : roots) {
                java.nio.file.Path p = local(new Path(r));
                if (p != null) {
                    try {
                        out.add(p.toRealPath());
                    } catch (IOException e) {
                        out.add(p.toAbsolutePath().normalize());
                    }
                }
            }
            localRoots = out;
        }
        return localRoots;
    }

    private boolean localOk(java.nio.file.Path p, String name) {
        boolean document = InputFiles.kind(name) != null;
        if (Files.isSymbolicLink(p)) {
            java.nio.file.Path real;
            try {
                real = p.toRealPath();
            } catch (IOException e) {
                if (document) {
                    LOG.warn("{}: dangling symbolic link: not read", p);
                }
                return false;
            }
            if (!Files.isDirectory(real) && !Files.isRegularFile(real)) {
                LOG.warn("{}: symbolic link to a file that is not a regular file: not read", p);
                return false;
            }
            if (localRoots().stream().anyMatch(real::startsWith)) {
                return false; // read in its own place
            }
            if (!follow) {
                if (document || Files.isDirectory(real)) {
                    LOG.warn("{}: symbolic link out of the inputs ({}): not read (--follow reads it)", p, real);
                }
                return false;
            }
            return true;
        }
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                && Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            if (document) {
                LOG.warn("{}: not a regular file (a named pipe, socket or device): not read", p);
            }
            return false;
        }
        return true;
    }
}
