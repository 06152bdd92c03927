package io.bianwei.rules;

import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The legitimate news of seeds/*.txt (the document the project started from) must PASS. */
class SeedsTest {
    @Test
    void seedDocumentsPass() throws IOException {
        Path seeds = Path.of("../seeds");
        List<Path> docs;
        try (Stream<Path> s = Files.list(seeds)) {
            docs = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(docs).isNotEmpty();
        for (Path p : docs) {
            ScreeningResult r = DefaultPack.screener().screen(p.getFileName().toString(), Files.readString(p));
            assertThat(r.verdict()).as("%s: %s", p, r.findings()).isEqualTo(Verdict.PASS);
        }
    }
}
