package io.bianwei;

import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class ScreenerSettingsTest {
    /** Each with… changes its own components and nothing else. */
    @Test
    void eachWitherChangesOnlyItsComponents() throws Exception {
        ScreenerSettings d = ScreenerSettings.defaults();
        Map<Set<String>, UnaryOperator<ScreenerSettings>> withers = Map.ofEntries(
                Map.entry(Set.of("rules"), s -> s.withRules(List.of(Path.of("x")))),
                Map.entry(Set.of("defaultRules"), s -> s.withDefaultRules(false)),
                Map.entry(Set.of("review", "block", "thresholdsGiven"), s -> s.withThresholds(20, 30)),
                Map.entry(Set.of("scoringMode"), s -> s.withScoringMode("weights")),
                Map.entry(Set.of("categoryCap"), s -> s.withCategoryCap(7)),
                Map.entry(Set.of("only"), s -> s.withOnly(List.of(Category.PRIVACY_ABUSE))),
                Map.entry(Set.of("disable"), s -> s.withDisabled(List.of("PS_X"))),
                Map.entry(Set.of("fastPath"), s -> s.withFastPath(false)),
                Map.entry(Set.of("maxRuleFirings"), s -> s.withMaxRuleFirings(9)),
                Map.entry(Set.of("maxRuleTime"), s -> s.withMaxRuleTime(Duration.ofMillis(9))),
                Map.entry(Set.of("maxTextLength"), s -> s.withMaxTextLength(9)),
                Map.entry(Set.of("failClosed"), s -> s.withFailClosed(false)),
                Map.entry(Set.of("strict"), s -> s.withStrict(true)));
        for (var e : withers.entrySet()) {
            ScreenerSettings changed = e.getValue().apply(d);
            for (RecordComponent rc : ScreenerSettings.class.getRecordComponents()) {
                Object before = rc.getAccessor().invoke(d);
                Object after = rc.getAccessor().invoke(changed);
                assertThat(!before.equals(after)).as("%s: %s", e.getKey(), rc.getName())
                        .isEqualTo(e.getKey().contains(rc.getName()));
            }
        }
        assertThat(d.withRuleStrings(List.of("a", "b")).rules()).containsExactly("a", "b");
    }
}
