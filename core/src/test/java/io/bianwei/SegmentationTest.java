package io.bianwei;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentationTest {
    private final Screener screener = TestPacks.screener();

    @Test
    void ruleTermsStayWholeTokens() {
        Explanation e = screener.explain("我家老人用祖传秘方治疗高血压");
        assertThat(e.tokens()).extracting(Explanation.Token::word).contains("祖传秘方", "高血压");
        for (Explanation.Token t : e.tokens()) {
            assertThat("我家老人用祖传秘方治疗高血压".substring(t.span().start(), t.span().end())).isEqualTo(t.span().text());
        }
    }

    @Test
    void tokenSpansPointIntoTheOriginalEvenAfterNormalisation() {
        String text = "這個偏*方很有名";
        Explanation e = screener.explain(text);
        assertThat(e.tokens()).filteredOn(t -> t.word().equals("偏方")).singleElement()
                .satisfies(t -> assertThat(t.span().text()).isEqualTo("偏*方"));
    }

    @Test
    void shortTermsMustSitOnWordBoundaries() {
        // 治愈 (two characters) inside the word 治愈系 ("healing-style") is not a cure claim; the boundary rule drops it
        Explanation e = screener.explain("推荐一部治愈系动画");
        assertThat(e.hits()).filteredOn(h -> h.term().equals("治愈")).singleElement()
                .satisfies(h -> assertThat(h.kept()).as("tokens %s", e.tokens()).isFalse());
        assertThat(screener.explain("这个偏方不靠谱").hits()).filteredOn(h -> h.term().equals("偏方")).singleElement()
                .satisfies(h -> assertThat(h.kept()).isTrue());
    }
}
