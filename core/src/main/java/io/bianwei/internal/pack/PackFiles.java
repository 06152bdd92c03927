package io.bianwei.internal.pack;

import io.bianwei.internal.text.Source;
import io.bianwei.RulePackException;
import io.bianwei.RulePackException.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of a rule pack, read strictly as UTF-8: {@code *.drl} rule files, {@code terms/*.txt} term lists and an
 * optional {@code weights.txt}. Sources come from the classpath (through an {@code index.txt}) or from folders and
 * single files on disk.
 */
public final class PackFiles {
    public static final String DEFAULT_ROOT = "bianwei/rules/";
    public static final String INDEX = "index.txt";
    /** The learned verdict's model file in a pack. */
    public static final String MODEL_FILE = "verdict.model";
    /** A pack's settings ({@code scoring=weights} keeps hand weights even when a model is present). */
    public static final String SETTINGS_FILE = "pack.properties";

    public final List<Source> drl = new ArrayList<>();
    public final List<Source> terms = new ArrayList<>();
    public final List<Source> weights = new ArrayList<>();
    public final List<Source> variants = new ArrayList<>();
    public final List<Source> models = new ArrayList<>();
    public final List<Source> settings = new ArrayList<>();
    /** The known-claims base, {@code claims/*.jsonl}. */
    public final List<Source> claims = new ArrayList<>();
    public final List<Problem> problems = new ArrayList<>();

    /**
     * Writes {@code folder/index.txt} naming every file below {@code folder} (sorted, {@code /}-separated), for a pack
     * that is going on the class path, where folders cannot be listed: the build does this for the default pack, so
     * nobody keeps the list by hand. Returns how many files it names.
     */
    public static int writeIndex(Path folder) throws java.io.IOException {
        List<String> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals(INDEX)).sorted().toList();
        }
        StringBuilder sb = new StringBuilder("# Every file of this rule pack, relative to this folder: written by "
                + "the build (PackFiles.writeIndex), not by hand.\n");
        files.forEach(f -> sb.append(f).append('\n'));
        Files.writeString(folder.resolve(INDEX), sb.toString(), java.nio.charset.StandardCharsets.UTF_8);
        return files.size();
    }

    /** Adds the pack found on the classpath under {@code root} (which must hold an {@code index.txt}). */
    public void addClasspath(ClassLoader loader, String root) {
        String index = read(loader, root + INDEX);
        if (index == null) {
            throw new RulePackException(List.of(new Problem("classpath:" + root + INDEX, 0,
                    "no rule pack index on the classpath (is bianwei-rules a dependency?)")));
        }
        int lineNo = 0;
        for (String line : index.split("\n")) {
            lineNo++;
            String rel = line.strip();
            if (rel.isEmpty() || rel.startsWith("#")) {
                continue;
            }
            String content = read(loader, root + rel);
            String name = "classpath:" + root + rel;
            if (content == null) {
                problems.add(new Problem("classpath:" + root + INDEX, lineNo, "listed file not found: " + rel));
            } else {
                classify(rel, new Source(name, content));
            }
        }
    }

    /**
     * Where the default model of the learned verdict is looked for on the class path (the {@code bianwei-model}
     * artifact ships it, trained by its build on the project's own texts).
     */
    public static final String DEFAULT_MODEL = "bianwei/model/" + MODEL_FILE;

    /** Adds the default model when the class path has one (and this pack has none of its own yet). */
    public void addDefaultModel(ClassLoader loader) {
        String content = read(loader, DEFAULT_MODEL);
        if (content != null) {
            models.add(new Source("classpath:" + DEFAULT_MODEL, content));
        }
    }

    /** Adds a folder (recursively) or a single {@code .drl}/term-list file. */
    public void addPath(Path path) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(Files::isRegularFile).sorted().forEach(p -> {
                    String rel = path.relativize(p).toString().replace('\\', '/');
                    if (rel.endsWith(".drl") || isTermList(rel) || isVariantTable(rel) || rel.equals("weights.txt")
                            || isModel(rel) || rel.equals(SETTINGS_FILE) || isClaims(rel)) {
                        readFile(p).ifPresent(s -> classify(rel, s));
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                problems.add(new Problem(path.toString(), 0, "cannot read folder: " + e.getMessage()));
            }
        } else if (Files.isRegularFile(path)) {
            String fileName = path.getFileName().toString();
            String rel = fileName.endsWith(".drl") || fileName.equals("weights.txt") ? fileName
                    : fileName.endsWith(".model") ? "models/" + fileName
                    : fileName.equals(SETTINGS_FILE) ? fileName
                    : fileName.endsWith(".jsonl") ? "claims/" + fileName : "terms/" + fileName;
            readFile(path).ifPresent(s -> classify(rel, s));
        } else {
            problems.add(new Problem(path.toString(), 0, "no such rule file or folder"));
        }
    }

    private void classify(String rel, Source s) {
        if (rel.endsWith(".drl")) {
            drl.add(s);
        } else if (rel.endsWith("weights.txt") && !rel.contains("terms/")) {
            weights.add(s);
        } else if (isTermList(rel)) {
            terms.add(s);
        } else if (isVariantTable(rel)) {
            variants.add(s);
        } else if (isModel(rel)) {
            models.add(s);
        } else if (rel.equals(SETTINGS_FILE)) {
            settings.add(s);
        } else if (isClaims(rel)) {
            claims.add(s);
        } else {
            problems.add(new Problem(s.name(), 0, "not a rule file (.drl), term list (terms/*.txt), variant table "
                    + "(variants/*.txt), model (models/" + MODEL_FILE + "), known-claims file (claims/*.jsonl), "
                    + SETTINGS_FILE + " or weights.txt"));
        }
    }

    private static boolean isClaims(String rel) {
        return rel.endsWith(".jsonl") && (rel.startsWith("claims/") || rel.contains("/claims/"));
    }

    private static boolean isModel(String rel) {
        return rel.endsWith("/" + MODEL_FILE) && (rel.startsWith("models/") || rel.contains("/models/"));
    }

    private static boolean isVariantTable(String rel) {
        return rel.endsWith(".txt") && (rel.startsWith("variants/") || rel.contains("/variants/"));
    }

    private static boolean isTermList(String rel) {
        return rel.endsWith(".txt") && (rel.startsWith("terms/") || rel.contains("/terms/"));
    }

    /** Names of term lists whose file could not be decoded: rules naming them are not also "unknown list" errors. */
    public final java.util.Set<String> unreadableLists = new java.util.HashSet<>();

    private java.util.Optional<Source> readFile(Path p) {
        byte[] bytes = null;
        try {
            bytes = Files.readAllBytes(p);
            return java.util.Optional.of(new Source(p.toString(), decode(bytes)));
        } catch (CharacterCodingException e) {
            int[] at = firstBadByte(bytes);
            problems.add(new Problem(p.toString(), at[0], "not valid UTF-8 (byte 0x"
                    + String.format("%02X", bytes[at[2]] & 0xFF) + " at column " + at[1] + "); save the file as UTF-8"));
            String name = p.getFileName().toString();
            if (isTermList(p.toString().replace('\\', '/')) || p.getParent() != null
                    && "terms".equals(String.valueOf(p.getParent().getFileName()))) {
                unreadableLists.add(name.substring(0, name.length() - ".txt".length()));
            }
        } catch (IOException e) {
            problems.add(new Problem(p.toString(), 0, "cannot read: " + e));
        }
        return java.util.Optional.empty();
    }

    private String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : decode(in.readAllBytes());
        } catch (CharacterCodingException e) {
            problems.add(new Problem("classpath:" + resource, 0, "not valid UTF-8"));
            if (isTermList(resource)) {
                String name = resource.substring(resource.lastIndexOf('/') + 1);
                unreadableLists.add(name.substring(0, name.length() - ".txt".length()));
            }
            return "";
        } catch (IOException e) {
            problems.add(new Problem("classpath:" + resource, 0, "cannot read: " + e));
            return "";
        }
    }

    /** Line (1-based), column (1-based, in bytes) and offset of the first byte that is not valid UTF-8. */
    static int[] firstBadByte(byte[] bytes) {
        java.nio.charset.CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(4096);
        while (true) {
            java.nio.charset.CoderResult r = d.decode(in, out, true);
            if (r.isError()) {
                break;
            }
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            break;
        }
        int offset = Math.min(in.position(), Math.max(0, bytes.length - 1));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[]{line, offset - lineStart + 1, offset};
    }

    static String decode(byte[] bytes) throws CharacterCodingException {
        String s = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
