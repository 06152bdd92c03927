package io.bianwei.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The terms of the default rule pack, read from the classpath the way the pack is published
 * ({@code bianwei/rules/index.txt} lists every file; term lists are {@code terms/*.txt}, UTF-8, one term a line,
 * {@code #} comments and {@code #@} directives). The baselines are loaded with exactly these terms, as written.
 */
public final class RulePackTerms {
    private static final String ROOT = "bianwei/rules/";

    private RulePackTerms() {
    }

    /** Every distinct term of every list of the default pack, in index order. */
    public static List<String> load() {
        ClassLoader cl = RulePackTerms.class.getClassLoader();
        Set<String> terms = new LinkedHashSet<>();
        int files = 0;
        for (String line : read(cl, ROOT + "index.txt").split("\r?\n")) {
            String f = line.strip();
            if (f.isEmpty() || f.startsWith("#") || !f.startsWith("terms/") || !f.endsWith(".txt")) {
                continue;
            }
            files++;
            for (String raw : read(cl, ROOT + f).split("\r?\n")) {
                String t = raw.strip();
                if (t.startsWith("#")) {
                    continue; // comments and #@ directives
                }
                int hash = t.indexOf('#');
                if (hash >= 0) {
                    t = t.substring(0, hash).strip();
                }
                if (!t.isEmpty()) {
                    terms.add(t);
                }
            }
        }
        if (files == 0 || terms.isEmpty()) {
            throw new IllegalStateException("no term lists found under " + ROOT + " on the classpath");
        }
        return new ArrayList<>(terms);
    }

    private static String read(ClassLoader cl, String name) {
        try (InputStream in = cl.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
