package io.bianwei.rules;

import io.bianwei.RuleExample;
import io.bianwei.RuleInfo;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path skips segmentation and rules when no evidence rule has the term lists it needs. It must never change
 * a result: every rule example, sample post and seed paragraph gets the same findings with and without it.
 */
class FastPathTest {
    @Test
    void fastPathNeverChangesAResult() throws IOException {
        Screener full = Screener.builder().fastPath(false).build();
        Screener fast = DefaultPack.screener();
        List<String> texts = new ArrayList<>();
        for (RuleInfo r : fast.rules()) {
            r.examples().stream().map(RuleExample::text).forEach(texts::add);
        }
        for (String line : Files.readAllLines(Path.of("../seeds/samples.jsonl"))) {
            texts.add(io.bianwei.json.Jsonl.mapper().readTree(line).get("text").asText());
        }
        texts.addAll(List.of(Files.readString(Path.of("../seeds/000_ec6c90cbe1acbcf1.txt")).split("\n")));
        int skipped = 0;
        for (String t : texts) {
            ScreeningResult a = fast.screen(t);
            ScreeningResult b = full.screen(t);
            assertThat(a.findings()).as(t).isEqualTo(b.findings());
            assertThat(a.verdict()).as(t).isEqualTo(b.verdict());
            if (fast.explain(t).hits().stream().anyMatch(h -> h.kept()) && b.findings().isEmpty()) {
                skipped++;
            }
        }
        assertThat(texts).hasSizeGreaterThan(200);
        assertThat(skipped).as("texts with term hits but no possible rule").isPositive();
    }
}
