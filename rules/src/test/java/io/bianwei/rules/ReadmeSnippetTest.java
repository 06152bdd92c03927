package io.bianwei.rules;

import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedding example of README.md, compiled and run (Caffeine's Snippets idea). Keep the two in step. */
class ReadmeSnippetTest {
    @Test
    void embeddingExample() {
        // --- README snippet start
        Screener screener = Screener.builder().build();   // once: compiles the default rule pack
        ScreeningResult result = screener.screen("祖传秘方三天根治糖尿病，无效退款");
        System.out.println(result.verdict() + " " + result.score() + " " + result.findings());
        // --- README snippet end
        assertThat(result.verdict()).isNotEqualTo(Verdict.PASS);
        assertThat(result.fired("PS_CURE_CLAIM")).isTrue();
    }
}
