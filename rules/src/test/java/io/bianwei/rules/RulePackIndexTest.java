package io.bianwei.rules;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classpath index (jars cannot be listed), which the build writes (PackFiles.writeIndex, run by Precompile), must
 * name exactly the pack's source files: a file deleted from the sources but left in target/classes by an earlier build
 * fails here (run mvn clean).
 */
class RulePackIndexTest {
    private static final Path ROOT = Path.of("src/main/resources/bianwei/rules");
    private static final Path BUILT = Path.of("target/classes/bianwei/rules/index.txt");

    @Test
    void indexListsEveryPackFileAndNothingElse() throws IOException {
        assertThat(ROOT.resolve("index.txt")).as("the index is the build's, not kept by hand").doesNotExist();
        List<String> indexed = Files.readAllLines(BUILT).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        List<String> onDisk;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            onDisk = walk.filter(Files::isRegularFile).map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("index.txt")).sorted().toList();
        }
        assertThat(indexed).as("bianwei/rules/index.txt must list exactly the pack's files").isEqualTo(onDisk);
    }
}
