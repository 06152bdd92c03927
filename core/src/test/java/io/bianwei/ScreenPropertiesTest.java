package io.bianwei;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

import static org.assertj.core.api.Assertions.assertThat;

/** Property tests (jqwik): for arbitrary strings, screen never throws and every span is valid. */
class ScreenPropertiesTest {
    private static void check(String text) {
        ScreeningResult r = TestPacks.screener().screen(text);
        assertThat(r.score()).isBetween(0, 100);
        for (Finding f : r.findings()) {
            for (Span s : f.spans()) {
                assertThat(s.start()).isGreaterThanOrEqualTo(0);
                assertThat(s.end()).isGreaterThan(s.start()).isLessThanOrEqualTo(text.length());
                assertThat(text.substring(s.start(), s.end())).isEqualTo(s.text());
            }
        }
    }

    @Property(tries = 300, seed = "20261202")
    void anyUnicodeString(@ForAll @StringLength(max = 400) String text) {
        check(text);
    }

    @Property(tries = 500, seed = "20261202")
    void claimAlphabetWithEvasionNoise(@ForAll @StringLength(max = 120)
                                       @Chars({'偏', '方', '能', '根', '治', '糖', '尿', '病', '辟', '谣', '。', '，', '？',
                                               '*', ' ', '-', '\u200B', '\uFEFF', '祖', '传', '秘', '這', '！', '\n'})
                                       @CharRange(from = '\uD800', to = '\uD801')
                                       String text) {
        check(text);
    }

    @Property(tries = 200, seed = "20261202")
    void explainAgreesWithScreen(@ForAll @StringLength(max = 80)
                                 @Chars({'偏', '方', '能', '根', '治', '糖', '尿', '病', '辟', '谣', '。', ' ', '*'})
                                 String text) {
        ScreeningResult direct = TestPacks.screener().screen(text);
        Explanation e = TestPacks.screener().explain(text);
        assertThat(e.result().findings()).isEqualTo(direct.findings());
        assertThat(e.result().verdict()).isEqualTo(direct.verdict());
    }
}
