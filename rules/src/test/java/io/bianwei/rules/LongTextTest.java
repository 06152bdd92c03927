package io.bianwei.rules;

import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long debunking article, dense with claims and debunking words, must be screened completely and PASS: rules whose
 * joins grow with the square of the hits once took such texts to seconds and gigabytes and then to a wrong verdict.
 */
class LongTextTest {
    @Test
    void aLongDenseDebunkArticleIsScreenedCompletelyAndPasses() {
        StringBuilder sb = new StringBuilder("【辟谣】网上流传的这些说法都是谣言。");
        int i = 0;
        while (sb.length() < 60_000) {
            sb.append(switch (i++ % 4) {
                case 0 -> "流言：喝醋能治疗高血压。真相：没有科学依据。";
                case 1 -> "网传大蒜水可以杀死新冠病毒，这是谣言。";
                case 2 -> "有人说祖传秘方三天根治糖尿病，纯属谣言，不实。";
                default -> "专家指出，这些说法没有证据。";
            });
            sb.append("今天我们一起学习身边的科学知识，了解生活中的事情，读书看报，散步锻炼。");
        }
        ScreeningResult r = DefaultPack.screener().screen(sb.toString());
        assertThat(r.complete()).as("%s", r.notes()).isTrue();
        assertThat(r.verdict()).as("%s", r.findings()).isEqualTo(Verdict.PASS);
        assertThat(r.fired("CTX_DEBUNK_ARTICLE")).isTrue();
    }

    private static final String FILLER = "今天我们一起学习身边的科学知识，了解生活中的事情，读书看报，散步锻炼。";

    /** Filler of exactly {@code length} chars. */
    private static String fillerUpTo(int length) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() + FILLER.length() <= length) {
            sb.append(FILLER);
        }
        sb.append("好".repeat(length - sb.length()));
        return sb.toString();
    }

    @Test
    void aRumourWhoseSentencesStraddleAWindowCutScoresAsItWouldAlone() {
        String opening = "紧急通知。";
        String rest = "喝了这种饮料会致癌。请转发给家人。";
        var s = DefaultPack.screener();
        assertThat(s.screen(opening + rest).verdict()).as("the premise: together they block")
                .isEqualTo(Verdict.BLOCK);
        assertThat(s.screen(rest).verdict()).as("the premise: apart they do not").isNotEqualTo(Verdict.BLOCK);
        // the first window (20,000 chars) ends at the last sentence end before its limit: right after the opening
        String text = fillerUpTo(20_000 - opening.length()) + opening + rest + FILLER.repeat(20);
        ScreeningResult r = s.screen(text);
        assertThat(r.verdict()).as("%s", r.findings()).isEqualTo(Verdict.BLOCK);
        assertThat(r.complete()).isTrue();
    }

    @Test
    void aDebunkTitleGovernsClaimsInLaterWindows() {
        String title = "【辟谣】网上流传的这些说法都是谣言。";
        String claim = "网传喝了这种饮料会致癌，请转发给家人。";
        var s = DefaultPack.screener();
        assertThat(s.screen(title + claim).verdict()).as("the premise, in a short text").isEqualTo(Verdict.PASS);
        ScreeningResult r = s.screen(title + FILLER.repeat(1_200) + claim + FILLER.repeat(5));
        assertThat(r.verdict()).as("%s", r.findings()).isEqualTo(Verdict.PASS);
        assertThat(r.fired("CTX_DEBUNK_TITLE")).isTrue();
    }
}
