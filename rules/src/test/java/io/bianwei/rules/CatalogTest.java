package io.bianwei.rules;

import io.bianwei.RuleCatalog;
import io.bianwei.Screener;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bianwei rules list} reads the rules from the DRL parser without compiling the pack: what it lists must be
 * exactly what a built screener holds (ids, categories, families, effective weights, descriptions, messages, every
 * example), so the parser's reading of the annotations is checked against Drools' compiled metadata.
 */
class CatalogTest {
    @Test
    void theDefaultPacksCatalogIsWhatTheBuiltScreenerHolds() {
        Screener built = DefaultPack.screener();
        RuleCatalog catalog = Screener.builder().catalog();
        assertThat(catalog.rulesetVersion()).isEqualTo(built.rulesetVersion());
        assertThat(catalog.rules()).hasSize(built.rules().size());
        assertThat(catalog.rules()).containsExactlyElementsOf(built.rules());
    }

    @Test
    void settingsApplyToTheCatalogAsToTheScreener() {
        Screener.Builder b = Screener.builder().disableRules(List.of("PS_CURE_CLAIM")).onlyCategories(List.of("privacy_abuse"));
        assertThat(b.catalog().rules()).containsExactlyElementsOf(b.build().rules());
    }
}
