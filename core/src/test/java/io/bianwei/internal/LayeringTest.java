package io.bianwei.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The internal packages depend on each other one way: pipeline → engine → pack → match → text, with claims, model,
 * lexicon and segment beside them. A reference against the grain (the match ↔ pack cycle this replaced) fails here.
 */
class LayeringTest {
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "text", Set.of(),
            "lexicon", Set.of(),
            "model", Set.of(),
            "segment", Set.of("lexicon"),
            "match", Set.of("lexicon", "text"),
            "claims", Set.of("match", "text", "lexicon"),
            "pack", Set.of("claims", "lexicon", "match", "model", "text"),
            "engine", Set.of("lexicon", "pack", "text"),
            "pipeline", Set.of("claims", "engine", "match", "model", "pack", "segment", "text", "lexicon"));

    @Test
    void internalPackagesDependOnEachOtherOneWay() throws IOException {
        Path root = Path.of("src/main/java/io/bianwei/internal");
        Pattern ref = Pattern.compile("io\\.bianwei\\.internal\\.([a-z]+)");
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f).getName(0).toString();
                if (pkg.endsWith(".java")) {
                    continue;
                }
                Matcher m = ref.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        uses.computeIfAbsent(pkg, k -> new TreeSet<>()).add(m.group(1));
                    }
                }
            }
        }
        assertThat(ALLOWED.keySet()).containsAll(uses.keySet());
        uses.forEach((pkg, used) -> assertThat(ALLOWED.get(pkg)).as("internal.%s may use", pkg).containsAll(used));
    }
}
