package io.bianwei.rules;

import io.bianwei.Category;
import io.bianwei.RuleExample;
import io.bianwei.RuleInfo;
import io.bianwei.RuleStyle;
import io.bianwei.Screener;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LanguageTool's PatternRuleTest for Bianwei: every example of every rule of the default pack is one test, run
 * through the full pipeline; a HIT example must fire with exactly the «marked» evidence, an OK example must not fire.
 * Every rule must also meet the pack's style policy ({@link RuleStyle}).
 */
class RuleExamplesTest {
    private static Stream<RuleInfo> rules() {
        return DefaultPack.screener().rules().stream();
    }

    @TestFactory
    Stream<DynamicTest> everyExampleBehavesAsWritten() {
        Screener screener = DefaultPack.screener();
        return rules().flatMap(rule -> rule.examples().stream().map(ex -> DynamicTest.dynamicTest(
                rule.id() + " " + ex.kind() + " " + ex.written(),
                () -> assertThat(screener.pack().checkExample(rule, ex)).as("%s (%s)", rule.id(), rule.source()).isEmpty())));
    }

    @TestFactory
    Stream<DynamicTest> everyRuleMeetsTheStylePolicy() {
        return rules().map(rule -> DynamicTest.dynamicTest(rule.id(),
                () -> assertThat(RuleStyle.problems(rule)).as("%s (%s)", rule.id(), rule.source()).isEmpty()));
    }

    @Test
    void packHasRulesOfEveryCategory() {
        assertThat(rules().map(RuleInfo::category).distinct())
                .contains(Category.PSEUDO_SCIENCE, Category.PRIVACY_ABUSE, Category.CONTEXT);
    }

    @Test
    void examplesAreCheckedExactly() {
        // the check is exact: an example that marks only part of the evidence fails
        Screener screener = DefaultPack.screener();
        RuleInfo cure = rules().filter(r -> r.id().equals("PS_CURE_CLAIM")).findFirst().orElseThrow();
        RuleExample partial = RuleExample.parse(RuleExample.Kind.HIT, "«祖传秘方»三天根治糖尿病");
        assertThat(screener.pack().checkExample(cure, partial)).hasValueSatisfying(f -> assertThat(f.actualMarked())
                .isEqualTo("«祖传秘方»三天«根治»«糖尿病»"));
        assertThat(screener.pack().checkExample(cure, RuleExample.parse(RuleExample.Kind.OK, "今天天气很好"))).isEmpty();
    }
}
