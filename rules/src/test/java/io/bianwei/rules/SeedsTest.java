package io.bianwei.rules;

import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The legitimate news of seeds/*.txt (the document the project started from) must PASS, however busy the machine. */
class SeedsTest {
    private static List<Path> seeds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("../seeds"))) {
            List<Path> docs = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
            assertThat(docs).isNotEmpty();
            return docs;
        }
    }

    @Test
    void seedDocumentsPass() throws IOException {
        for (Path p : seeds()) {
            ScreeningResult r = DefaultPack.screener().screen(p.getFileName().toString(), Files.readString(p));
            assertThat(r.verdict()).as("%s: %s", p, r.findings()).isEqualTo(Verdict.PASS);
        }
    }

    /**
     * Verdicts do not depend on the machine's load: a screener built while both cores spin, screening the seed
     * article cold (first texts of a new screener: nothing compiled by the JIT yet), gives exactly the result of a
     * quiet run. Rule time is CPU time of rule code, and the work a text can cause is bounded by its facts, so a busy
     * machine slows the answer down but cannot change it.
     */
    @Test
    void theSeedArticlePassesBesideACpuHogOnEveryCore() throws Exception {
        Path seed = seeds().get(0);
        String text = Files.readString(seed);
        ScreeningResult quiet = DefaultPack.screener().screen("seed", text);
        AtomicBoolean stop = new AtomicBoolean();
        int cores = Runtime.getRuntime().availableProcessors();
        List<Thread> hogs = new java.util.ArrayList<>();
        for (int i = 0; i < 2 * cores; i++) {
            Thread t = new Thread(() -> {
                double x = 0;
                while (!stop.get()) {
                    x += Math.sqrt(x + 1);
                }
            }, "cpu-hog-" + i);
            t.setDaemon(true);
            t.start();
            hogs.add(t);
        }
        try {
            Screener cold = Screener.builder().build();
            for (int i = 0; i < 3; i++) {
                ScreeningResult r = cold.screen("seed", text);
                assertThat(r.verdict()).as("run %d: %s %s", i, r.findings(), r.notes()).isEqualTo(Verdict.PASS);
                assertThat(r.complete()).as("run %d: %s", i, r.notes()).isTrue();
                assertThat(r.findings()).isEqualTo(quiet.findings());
            }
        } finally {
            stop.set(true);
            for (Thread t : hogs) {
                t.join();
            }
        }
    }
}
