package io.bianwei;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScreenerSpecTest {
    @Test
    void aSpecSetsWhatItNamesAndTheRestStaysDefault() {
        ScreenerSettings s = ScreenerSpec.parse("review=30, block=60,scoring=weights,only=pseudo_science,"
                + "disable=PS_A;PS_B,rules=a;b.drl,default=false,cap=80,firings=500,ruleTime=250ms,maxText=1000,"
                + "failClosed=false,strict=true,fastPath=false");
        assertThat(s).isEqualTo(ScreenerSettings.defaults().withThresholds(30, 60).withScoringMode("weights")
                .withOnly(List.of("pseudo_science")).withDisabled(List.of("PS_A", "PS_B"))
                .withRuleStrings(List.of("a", "b.drl")).withDefaultRules(false).withCategoryCap(80)
                .withMaxRuleFirings(500).withMaxRuleTime(Duration.ofMillis(250)).withMaxTextLength(1000)
                .withFailClosed(false).withStrict(true).withFastPath(false));
        assertThat(ScreenerSpec.parse("")).isEqualTo(ScreenerSettings.defaults());
        assertThat(ScreenerSpec.format(ScreenerSettings.defaults())).isEmpty();
        // thresholds are applied together: the order of the keys does not matter, a missing one keeps its value
        assertThat(ScreenerSpec.parse("block=20,review=10").review()).isEqualTo(10);
        assertThat(ScreenerSpec.parse("block=90").review()).isEqualTo(ScreenerSettings.DEFAULT_REVIEW);
        // lists add up, later single values win
        assertThat(ScreenerSpec.parse("disable=A,disable=B;A,scoring=weights,scoring=auto").disable())
                .containsExactly("A", "B");
        assertThat(ScreenerSpec.parse("ruleTime=PT2S").maxRuleTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(ScreenerSpec.parse("ruleTime=3s").maxRuleTime()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void formatThenParseGivesTheSameSettings() {
        Random r = new Random(3);
        for (int i = 0; i < 500; i++) {
            ScreenerSettings s = ScreenerSettings.defaults();
            if (r.nextBoolean()) {
                int review = 1 + r.nextInt(100);
                s = s.withThresholds(review, review + r.nextInt(101 - review));
            }
            if (r.nextBoolean()) {
                s = s.withScoringMode(r.nextBoolean() ? "weights" : "auto");
            }
            if (r.nextBoolean()) {
                s = s.withOnly(r.nextBoolean() ? List.of("privacy_abuse") : List.of("pseudo_science", "privacy_abuse"));
            }
            if (r.nextBoolean()) {
                s = s.withDisabled(List.of("PS_" + r.nextInt(9), "PA_X" + r.nextInt(9)));
            }
            if (r.nextBoolean()) {
                s = s.withRuleStrings(List.of("dir" + r.nextInt(5), "x/y.drl")).withDefaultRules(r.nextBoolean());
            }
            if (r.nextBoolean()) {
                s = s.withCategoryCap(1 + r.nextInt(200)).withMaxRuleFirings(1 + r.nextInt(10_000))
                        .withMaxRuleTime(Duration.ofMillis(1 + r.nextInt(10_000))).withMaxTextLength(1 + r.nextInt(99));
            }
            if (r.nextBoolean()) {
                s = s.withFailClosed(r.nextBoolean()).withStrict(r.nextBoolean()).withFastPath(r.nextBoolean());
            }
            String spec = ScreenerSpec.format(s);
            assertThat(ScreenerSpec.parse(spec)).as(spec).isEqualTo(s);
        }
    }

    @Test
    void mistakesNameTheKeyAndSayWhatIsWrong() {
        assertThatThrownBy(() -> ScreenerSpec.parse("review=0")).hasMessage("review must be within 1-100, got 0");
        assertThatThrownBy(() -> ScreenerSpec.parse("review=x")).hasMessage("review: 'x' is not a whole number");
        assertThatThrownBy(() -> ScreenerSpec.parse("review=80,block=50"))
                .hasMessage("review (80) must not be above block (50)");
        assertThatThrownBy(() -> ScreenerSpec.parse("scoring=best")).hasMessage("scoring: use auto or weights, got 'best'");
        assertThatThrownBy(() -> ScreenerSpec.parse("only=ads"))
                .hasMessage("only: unknown category 'ads' (use pseudo_science or privacy_abuse)");
        assertThatThrownBy(() -> ScreenerSpec.parse("strict=yes")).hasMessage("strict: use true or false, got 'yes'");
        assertThatThrownBy(() -> ScreenerSpec.parse("ruleTime=soon")).hasMessageStartingWith("ruleTime: not a duration");
        assertThatThrownBy(() -> ScreenerSpec.parse("firings=0")).hasMessage("firings: maxRuleFirings must be positive");
        assertThatThrownBy(() -> ScreenerSpec.parse("colour=red")).hasMessageStartingWith("colour: unknown key");
        assertThatThrownBy(() -> ScreenerSpec.parse("review")).hasMessage("expected key=value, got 'review'");
        assertThatThrownBy(() -> ScreenerSpec.complete(ScreenerSpec.parse("default=false")))
                .hasMessageContaining("at least one rules folder or file");
        assertThat(ScreenerSpec.complete(ScreenerSpec.parse("default=false,rules=x"))).isNotNull();
        // the CLI's --threshold form
        assertThatThrownBy(() -> ScreenerSpec.thresholds(ScreenerSettings.defaults(), "review=5,colour=2"))
                .hasMessage("unknown key 'colour' (use review= and block=)");
        assertThat(ScreenerSpec.thresholds(ScreenerSettings.defaults(), "Review: 20").review()).isEqualTo(20);
    }
}
