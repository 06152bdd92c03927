package io.bianwei;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Random noise around a claim written with random evasions: every span is valid and covers the evidence. */
class SpanPropertyTest {
    private static final String NOISE = "的了是我你他在有个这那不人们中*-_ ，。！？ＡＢａｂ１２😀\u200B\uD800abc\n";
    private static final String[] SEPARATORS = {"", "", "*", " ", "\u200B", "-", "😀"};
    private final Screener screener = TestPacks.screener();

    private static String evade(Random rnd, String word) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            if (i > 0) {
                sb.append(SEPARATORS[rnd.nextInt(SEPARATORS.length)]);
            }
            char c = word.charAt(i);
            sb.append(rnd.nextInt(4) == 0 && c == '这' ? '這' : c);
        }
        return sb.toString();
    }

    private static String noise(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(30);
        for (int i = 0; i < n; i++) {
            sb.append(NOISE.charAt(rnd.nextInt(NOISE.length())));
        }
        return sb.toString();
    }

    @RepeatedTest(200)
    void spansAreValidAndCoverTheEvidence(RepetitionInfo repetition) {
        long seed = 20_261_202L + repetition.getCurrentRepetition(); // seeded: a failure names its seed and repeats
        Random rnd = new Random(seed);
        String text = noise(rnd) + "。" + evade(rnd, "偏方") + evade(rnd, "能根治") + evade(rnd, "糖尿病") + "。" + noise(rnd);
        ScreeningResult r = screener.screen(text);
        assertThat(r.fired("PS_TEST_CURE")).as("seed %d: %s", seed, text).isTrue();
        for (Finding f : r.findings()) {
            for (Span s : f.spans()) {
                // Span's constructor enforces 0 <= start < end and the excerpt's length; what it cannot know is the text
                assertThat(s.end()).as("seed %d", seed).isLessThanOrEqualTo(text.length());
                assertThat(text.substring(s.start(), s.end())).as("seed %d", seed).isEqualTo(s.text());
            }
        }
        Finding cure = r.findings().stream().filter(f -> f.ruleId().equals("PS_TEST_CURE")).findFirst().orElseThrow();
        String joined = String.join("|", cure.spans().stream().map(s -> s.text()
                .replaceAll("[*\\- \u200B]|😀", "")).toList());
        assertThat(joined).as("seed %d: %s", seed, text).contains("偏方").contains("能根治").contains("糖尿病");
    }
}
