package io.bianwei.internal.text;

import io.bianwei.Span;
import io.bianwei.internal.lexicon.Simplifier;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class NormalizerTest {
    private static final Normalizer N = new Normalizer(Simplifier::toSimplified);

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "偷*拍|偷拍",
            "祖-传-秘-方|祖传秘方",
            "量 子 波 动|量子波动",
            "偷\u200B拍\uFEFF|偷拍",
            "偷\u202E拍|偷拍",
            "ＡＢＣ１２３|abc123",
            "①②|12",
            "⑴|(1)",
            "壹佰元|一百元",
            "這個偏方|这个偏方",
            "震震震惊！！！|震惊!",
            "偷🔥拍|偷拍",
            "祖，传，秘，方|祖传秘方",
            "好的，我知道。|好的,我知道。",
            "100%有效|100%有效",
            "共1000人|共1000人",
            "️❤️|❤",
    })
    void normalises(String in, String out) {
        assertThat(N.normalize(in).text()).isEqualTo(out);
    }

    @Test
    void mapsEveryNormalisedCharBackToItsSource() {
        String in = "看這個偏*方，１００%有效\u200B！！！";
        NormalizedText t = N.normalize(in);
        assertThat(t.text()).isEqualTo("看这个偏方,100%有效!");
        assertThat(t.toOriginal(3, 5)).isEqualTo(new Span(3, 6, "偏*方"));
        assertThat(t.toOriginal(6, 10)).isEqualTo(Span.of(in, 7, 11)); // １００% full width
        int bang = t.text().indexOf('!');
        assertThat(t.toOriginal(bang, bang + 1).text()).isEqualTo("！！！");
    }

    @Test
    void unpairedSurrogatesAndControlsGiveValidSpans() {
        String in = "a\uD800b\uDC00c\u0000偷\u0007拍";
        NormalizedText t = N.normalize(in);
        assertThat(t.text()).isEqualTo("a\uFFFDb\uFFFDc偷拍");
        assertThat(t.toOriginal(5, 7).text()).isEqualTo("偷\u0007拍");
    }

    @Test
    void emptyStaysEmpty() {
        assertThat(N.normalize("").text()).isEmpty();
        assertThat(N.normalize("\u200B\uFEFF").text()).isEmpty();
    }

    private static final String ALPHABET = "偷拍摄像头破解量子波动祖传秘方這個偏方能根治糖尿病 *-_.|/~，。！？、"
            + "ＡＢＣａｂｃ１２３①⑴壹貳\u200B\u200D\u202E\uFE0F\uFEFF😀🔥\uD800\uDC00\n\tAbZ09%";

    @RepeatedTest(50)
    void randomStringsMapMonotonicallyInsideTheOriginal(org.junit.jupiter.api.RepetitionInfo repetition) {
        long seed = 20_261_202L + repetition.getCurrentRepetition(); // seeded: a failure repeats
        Random rnd = new Random(seed);
        StringBuilder sb = new StringBuilder();
        int len = rnd.nextInt(200);
        for (int i = 0; i < len; i++) {
            sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
        String in = sb.toString();
        NormalizedText t = N.normalize(in);
        int prevEnd = 0;
        for (int i = 0; i < t.length(); i++) {
            int s = t.originalStart(i);
            int e = t.originalEnd(i);
            assertThat(s).as("seed %d at %d", seed, i).isGreaterThanOrEqualTo(0).isLessThan(e);
            assertThat(e).as("seed %d", seed).isLessThanOrEqualTo(in.length());
            // sources never go backwards: a later normalised char never comes from earlier input
            boolean sameSource = i > 0 && s == t.originalStart(i - 1) && e == t.originalEnd(i - 1);
            assertThat(sameSource || s >= prevEnd).as("seed %d at %d", seed, i).isTrue();
            prevEnd = e;
        }
        for (int k = 0; k < 20 && t.length() > 0; k++) {
            int a = rnd.nextInt(t.length());
            int b = a + 1 + rnd.nextInt(t.length() - a);
            Span sp = t.toOriginal(a, b);
            assertThat(sp.start()).isGreaterThanOrEqualTo(0);
            assertThat(sp.end()).isLessThanOrEqualTo(in.length()).isGreaterThan(sp.start());
            assertThat(sp.text()).isEqualTo(in.substring(sp.start(), sp.end()));
        }
    }
}
