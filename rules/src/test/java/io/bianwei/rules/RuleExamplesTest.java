package io.bianwei.rules;

import io.bianwei.Category;
import io.bianwei.RuleExample;
import io.bianwei.RuleInfo;
import io.bianwei.Screener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LanguageTool's PatternRuleTest for Bianwei: every rule of the default pack carries at least two HIT examples with
 * a marked span and two OK near-misses, and each behaves as written through the full pipeline.
 */
class RuleExamplesTest {
    static Stream<RuleInfo> rules() {
        return DefaultPack.screener().rules().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void examplesBehaveAsWritten(RuleInfo rule) {
        List<Screener.ExampleFailure> failures = DefaultPack.screener().checkExamples().stream()
                .filter(f -> f.rule().id().equals(rule.id())).toList();
        assertThat(failures).as(rule.id()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void metadataIsComplete(RuleInfo rule) {
        assertThat(rule.examples().stream().filter(e -> e.kind() == RuleExample.Kind.HIT))
                .as("%s needs two HIT examples with a marked span", rule.id())
                .hasSizeGreaterThanOrEqualTo(2).allSatisfy(e -> assertThat(e.expected()).isNotNull());
        assertThat(rule.examples().stream().filter(e -> e.kind() == RuleExample.Kind.OK))
                .as("%s needs two OK examples", rule.id()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(rule.description()).as("Chinese description").isNotBlank();
        assertThat(rule.descriptionEn()).as("English description").isNotBlank();
        String prefix = switch (rule.category()) {
            case Category.PSEUDO_SCIENCE -> "PS_";
            case Category.PRIVACY_ABUSE -> "PA_";
            default -> "CTX_";
        };
        assertThat(rule.id()).startsWith(prefix);
    }

    @Test
    void packHasRulesOfEveryCategory() {
        assertThat(rules().map(RuleInfo::category).distinct())
                .contains(Category.PSEUDO_SCIENCE, Category.CONTEXT);
    }
}
