package io.bianwei.internal.engine;

import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.pack.RulePack;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Build step of the rules module: compiles the default pack (as found on the class path, exactly as a process loads
 * it) to Drools' executable model under the given folder, so that {@link io.bianwei.Screener} loads classes instead
 * of compiling DRL at start-up, and writes the answers its term lists got from HanLP's lexicon
 * ({@link io.bianwei.internal.lexicon.Lexicon#CACHE}), so that start-up need not load Cilin and the dictionaries. Does nothing when the folder already holds the model of the same sources. Exit code
 * 1 and the problems on stderr when the pack does not compile.
 */
public final class Precompile {
    private Precompile() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Precompile OUTPUT_DIR");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        // the term lists' classes are asked of HanLP's dictionaries afresh, never of the cache an earlier build wrote
        Files.deleteIfExists(out.resolve(io.bianwei.internal.lexicon.Lexicon.CACHE));
        Files.deleteIfExists(out.resolve(io.bianwei.internal.pack.DrlSnapshot.RESOURCE)); // the files are parsed afresh
        // the pack's index (jars cannot be listed) is made from the folder the resources were copied to
        io.bianwei.internal.pack.PackFiles.writeIndex(out.resolve(io.bianwei.internal.pack.PackFiles.DEFAULT_ROOT));
        List<Problem> problems = new ArrayList<>();
        RulePack pack = RulePack.load(true, List.of(), List.of(), problems);
        if (pack == null || !problems.isEmpty()) {
            problems.forEach(p -> System.err.println(p));
            System.exit(1);
        }
        io.bianwei.internal.lexicon.Lexicon.writeCache(out.resolve(io.bianwei.internal.lexicon.Lexicon.CACHE));
        Path snapshot = out.resolve(io.bianwei.internal.pack.DrlSnapshot.RESOURCE);
        Files.createDirectories(snapshot.getParent());
        try (java.io.OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(snapshot))) {
            io.bianwei.internal.pack.DrlSnapshot.write(pack.drl().stream()
                    .map(io.bianwei.internal.pack.DrlModel::parse).toList(), o);
        }
        String digest = DroolsEngine.digest(pack.drl());
        if (digest.equals(existing(out))) {
            System.out.println("precompiled rule pack is up to date (" + digest.substring(0, 12) + ")");
            return;
        }
        long t0 = System.nanoTime();
        DroolsEngine.precompile(pack.drl(), out, problems);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println(p));
            System.exit(1);
        }
        System.out.printf("precompiled %d rule files to the executable model in %d ms (%s)%n", pack.drl().size(),
                (System.nanoTime() - t0) / 1_000_000, digest.substring(0, 12));
    }

    private static String existing(Path out) throws IOException {
        Path file = out.resolve(DroolsEngine.PRECOMPILED);
        if (!Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String model = p.getProperty("model");
        if (model == null || !Files.exists(out.resolve(model.replace('.', '/') + ".class"))) {
            return null;
        }
        return p.getProperty("digest");
    }
}
