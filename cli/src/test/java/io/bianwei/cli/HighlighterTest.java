package io.bianwei.cli;

import io.bianwei.Span;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HighlighterTest {
    @Test
    void marksSpansKeepsAdjacentOnesApartAndMergesOverlaps() {
        String t = "祖传秘方三天根治糖尿病";
        assertThat(Highlighter.excerpt(t, List.of(Span.of(t, 6, 8), Span.of(t, 8, 11), Span.of(t, 0, 4)), 16,
                Style.PLAIN, false)).isEqualTo("«祖传秘方»三天«根治»«糖尿病»");
        assertThat(Highlighter.excerpt(t, List.of(Span.of(t, 0, 3), Span.of(t, 2, 4)), 16, Style.PLAIN, false))
                .isEqualTo("«祖传秘方»三天根治糖尿病");
    }

    @Test
    void distantSpansGetTheirOwnWindows() {
        String t = "a".repeat(10) + "X" + "b".repeat(50) + "Y" + "c".repeat(10);
        assertThat(Highlighter.excerpt(t, List.of(Span.of(t, 10, 11), Span.of(t, 61, 62)), 3, Style.PLAIN, false))
                .isEqualTo("…aaa«X»bbb… …bbb«Y»ccc…");
    }

    @Test
    void neverSplitsASurrogatePairAndFlattensControlCharacters() {
        String t = "𠀀𠀀\n神药\u001b[31m";
        String out = Highlighter.excerpt(t, List.of(Span.of(t, 5, 7)), 2, Style.PLAIN, false);
        assertThat(out).isEqualTo("…𠀀 «神药» […");
    }

    @Test
    void colourAndContextStyles() {
        assertThat(Style.COLOUR.evidence("x", true)).isEqualTo("\u001b[1;4;36mx\u001b[0m");
        assertThat(Style.PLAIN.verdict("BLOCK")).isEqualTo("BLOCK");
        assertThat(Width.padRight("神药", 6)).isEqualTo("神药  ");
        assertThat(Width.padLeft("+5", 4)).isEqualTo("  +5");
    }
}
