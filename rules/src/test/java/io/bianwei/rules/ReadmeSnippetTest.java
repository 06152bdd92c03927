package io.bianwei.rules;

import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedding example of README.md, compiled and run (Caffeine's Snippets idea): the test checks that README.md's
 * {@code java} block under "Embedding" is exactly the code between the snippet markers below, then runs it.
 */
class ReadmeSnippetTest {
    @Test
    void embeddingExample() {
        // --- README snippet start
        Screener screener = Screener.builder().build();   // once: loads the default rule pack (precompiled by the build)
        ScreeningResult result = screener.screen("祖传秘方三天根治糖尿病，无效退款");
        System.out.println(result.verdict() + " " + result.score() + " " + result.findings());
        // --- README snippet end
        assertThat(result.verdict()).isNotEqualTo(Verdict.PASS);
        assertThat(result.fired("PS_CURE_CLAIM")).isTrue();
    }

    @Test
    void readmeShowsExactlyThisSnippet() throws IOException {
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("(?s)## Embedding.*?```java\\n(.*?)```").matcher(readme);
        assertThat(block.find()).as("README.md has a java block under 'Embedding'").isTrue();
        String self = Files.readString(Path.of("src/test/java/io/bianwei/rules/ReadmeSnippetTest.java"),
                StandardCharsets.UTF_8);
        Matcher snippet = Pattern.compile("(?s)// --- README snippet start\\n(.*?)\\s*// --- README snippet end")
                .matcher(self);
        assertThat(snippet.find()).isTrue();
        assertThat(lines(block.group(1))).isEqualTo(lines(snippet.group(1)));
    }

    private static String lines(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
