package io.bianwei;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Screener.Builder#catalog()} reads rules with the DRL parser instead of compiling them: its rules must equal a
 * built screener's, whatever the annotations look like (one per line or several on one, numbers, negative weights,
 * escapes in strings), and weights.txt must apply the same way.
 */
class CatalogTest {
    private static Path pack(String name) throws Exception {
        return Path.of(CatalogTest.class.getResource("/pathological/" + name).toURI());
    }

    @Test
    void everyTestPackListsAsItBuilds() throws Exception {
        List<Screener.Builder> builders = List.of(TestPacks.builder(),
                TestPacks.builder().addRules(pack("slow_eval")),
                TestPacks.builder().addRules(pack("error_in_consequence")),
                TestPacks.builder().addRules(pack("throwing_constraint")));
        for (Screener.Builder b : builders) {
            Screener built = b.build();
            RuleCatalog c = b.catalog();
            assertThat(c.rules()).containsExactlyElementsOf(built.rules());
            assertThat(c.rulesetVersion()).isEqualTo(built.rulesetVersion());
        }
    }

    @Test
    void escapesNumbersAndWeightsFileReadAsTheCompilerReadsThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("x.drl"), """
                package ext;
                import io.bianwei.facts.*;
                global io.bianwei.facts.Out out;

                rule "PS_ESCAPES"
                    @category("pseudo_science") @weight(7)
                    @description("说\\"偏方\\"\\t有\\u6548") @description_en("a \\\\ backslash")
                    @message("m") @hit1("«偏方»") @ok1("无")
                when
                    $h : Hit(list == "remedy")
                then
                    out.emit(kcontext, $h);
                end
                """);
        Files.writeString(dir.resolve("weights.txt"), "PS_TEST_CURE 33\n");
        Screener.Builder b = TestPacks.builder().addRules(dir);
        assertThat(b.catalog().rules()).containsExactlyElementsOf(b.build().rules());
        RuleInfo escapes = b.catalog().rules().stream().filter(r -> r.id().equals("PS_ESCAPES")).findFirst().orElseThrow();
        // as Drools itself reads it: escapes kept but for a doubled backslash
        assertThat(escapes.description()).isEqualTo("说\\\"偏方\\\"\\t有\\u6548");
        assertThat(escapes.descriptionEn()).isEqualTo("a \\ backslash");
        assertThat(escapes.weight()).isEqualTo(7);
    }

    @Test
    void problemsTheParserCanSeeFailTheCatalogAsTheyFailTheBuild(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.drl"), "package ext;\nrule \"X\" when then end end\n");
        assertThatThrownBy(() -> TestPacks.builder().addRules(dir).catalog()).isInstanceOf(RulePackException.class)
                .hasMessageContaining("bad.drl");
        assertThatThrownBy(() -> TestPacks.builder().disableRules(List.of("NO_SUCH_RULE")).catalog())
                .isInstanceOf(RulePackException.class).hasMessageContaining("NO_SUCH_RULE");
    }
}
