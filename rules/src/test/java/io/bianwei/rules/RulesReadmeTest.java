package io.bianwei.rules;

import io.bianwei.RuleExample;
import io.bianwei.RuleInfo;
import io.bianwei.Screener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule in rules/README.md's "Writing a rule" compiles with the default pack, carries the metadata the guide
 * describes, and its own examples pass: a guide whose example does not work teaches the wrong thing.
 */
class RulesReadmeTest {
    @Test
    void theGuidesExampleRuleCompilesAndItsExamplesPass(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("```drl\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("rules/README.md has a drl block").isTrue();
        Files.writeString(dir.resolve("guide.drl"), block.group(1));
        Matcher id = Pattern.compile("rule \"([A-Z_]+)\"").matcher(block.group(1));
        assertThat(id.find()).isTrue();
        Screener s = Screener.builder().addRules(dir).build();
        RuleInfo rule = s.rules().stream().filter(r -> r.id().equals(id.group(1))).findFirst().orElseThrow();
        assertThat(rule.family()).isNotBlank();
        assertThat(rule.examples()).extracting(RuleExample::kind).contains(RuleExample.Kind.HIT, RuleExample.Kind.OK);
        for (RuleExample ex : rule.examples()) {
            assertThat(s.pack().checkExample(rule, ex)).as("%s", ex.text()).isEmpty();
        }
    }
}
