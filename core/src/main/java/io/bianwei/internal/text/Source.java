package io.bianwei.internal.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** A rule-pack file: its display name (path or classpath location, used in error messages) and its text. */
public record Source(String name, String content) {
    /** The file's name without its folder: what a version digest keys on, so moving a pack does not change it. */
    public String baseName() {
        String n = name.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /**
     * A short digest of files by base name and content, whatever order they were given in: a pack's version (the
     * pack's files, the claims base's files).
     */
    public static String digest(Collection<Source> sources) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<Source> all = new ArrayList<>(sources);
            all.sort(Comparator.comparing(Source::baseName).thenComparing(Source::content));
            for (Source s : all) {
                md.update(s.baseName().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(s.content().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
