package io.bianwei.rules;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The classpath index (jars cannot be listed) must name exactly the pack's files. */
class RulePackIndexTest {
    private static final Path ROOT = Path.of("src/main/resources/bianwei/rules");

    @Test
    void indexListsEveryPackFileAndNothingElse() throws IOException {
        List<String> indexed = Files.readAllLines(ROOT.resolve("index.txt")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        List<String> onDisk;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            onDisk = walk.filter(Files::isRegularFile).map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("index.txt")).sorted().toList();
        }
        assertThat(indexed).as("bianwei/rules/index.txt must list exactly the pack's files").isEqualTo(onDisk);
    }
}
