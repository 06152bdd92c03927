package io.bianwei.internal.segment;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The one class that calls HanLP's segmenter: offsets, the private dictionary, tags, and no shared state. */
class SegmenterTest {
    private static final String TEXT = "这个祖传秘方能根治糖尿病，偏方向来不可信。";

    @Test
    void tokensTileTheTextWithExactOffsets() {
        List<Token> tokens = new Segmenter(List.of()).segment(TEXT);
        assertThat(tokens).isNotEmpty();
        int at = 0;
        for (Token t : tokens) {
            assertThat(t.start()).as("token %s starts where the last ended", t.word()).isEqualTo(at);
            assertThat(TEXT.substring(t.start(), t.end())).isEqualTo(t.word());
            at = t.end();
        }
        assertThat(at).isEqualTo(TEXT.length());
    }

    @Test
    void termsOfThreeOrMoreCharactersStayWholeShortOnesAreLeftToHanLp() {
        // HanLP cuts 量子波动 apart; as a pack term it stays one word. Two-character terms are not forced: 治愈 in
        // 治愈系 and 能量 in 功能量化 keep HanLP's own words, the point of the boundary check.
        List<String> plain = words(new Segmenter(List.of()).segment("量子波动速读班"));
        assertThat(plain).doesNotContain("量子波动");
        List<String> withTerms = words(new Segmenter(List.of("量子波动", "治愈")).segment("量子波动速读班"));
        assertThat(withTerms).contains("量子波动");
        Segmenter shortTerms = new Segmenter(List.of("治愈", "能量"));
        assertThat(words(shortTerms.segment("一部治愈系的电影"))).contains("治愈系").doesNotContain("治愈");
        assertThat(words(shortTerms.segment("功能量化"))).containsExactly("功能", "量化");
    }

    @Test
    void dictionariesArePrivateToEachSegmenter() {
        Segmenter with = new Segmenter(List.of("量子波动"));
        Segmenter without = new Segmenter(List.of());
        assertThat(words(with.segment("量子波动"))).containsExactly("量子波动");
        assertThat(words(without.segment("量子波动"))).doesNotContain("量子波动");
    }

    @Test
    void taggingAddsPartsOfSpeechToTheSameWords() {
        Segmenter s = new Segmenter(List.of("祖传秘方"));
        List<Token> plain = s.segment(TEXT);
        List<Token> tagged = s.segmentTagged(TEXT);
        assertThat(words(tagged)).isEqualTo(words(plain));
        assertThat(tagged).allSatisfy(t -> assertThat(t.pos()).isNotEmpty());
    }

    @Test
    void emptyAndOddInputGiveCleanResults() {
        Segmenter s = new Segmenter(List.of());
        assertThat(s.segment("")).isEmpty();
        String odd = "a\uD83D\uDE00b\u0000 \uD800x";
        List<Token> tokens = s.segment(odd);
        assertThat(tokens).allSatisfy(t -> assertThat(t.end()).isLessThanOrEqualTo(odd.length())
                .isGreaterThan(t.start()));
    }

    @Test
    void oneSegmenterServesManyThreads() throws Exception {
        Segmenter s = new Segmenter(List.of("祖传秘方"));
        List<String> expected = words(s.segment(TEXT));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> out = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                out.add(pool.submit(() -> words(s.segment(TEXT))));
            }
            for (Future<List<String>> f : out) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    private static List<String> words(List<Token> tokens) {
        return tokens.stream().map(Token::word).toList();
    }
}
