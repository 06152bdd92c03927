package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.WeightsFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.bianwei.cli.TestCli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tune} through the command line, on the test pack with a weights file that sets PA_T_SPY to 30 (below
 * REVIEW), and a labelled file where the answer is plain: PA_T_SPY (开房记录) fires only on flag texts, so it should
 * reach 40; PS_T_REMEDY (偏方/神药) fires on 4 flag texts but 12 ok ones, and 1 % of 77 ok texts allows none, so it
 * should drop below 40.
 */
class TuneCommandTest {
    @TempDir
    Path dir;

    private Path labels;
    private Path spy30;

    @BeforeEach
    void files() throws IOException {
        StringBuilder sb = new StringBuilder();
        line(sb, 12, "spy", "出售开房记录，量大从优", "flag", "privacy_abuse");
        line(sb, 4, "remedy", "神药包治百病", "flag", "pseudo_science");
        line(sb, 12, "shop", "这家药店的偏方很便宜", "ok", "health");
        line(sb, 5, "debunk", "辟谣：神药不存在", "ok", "health");
        line(sb, 60, "plain", "今天天气很好", "ok", "news");
        labels = dir.resolve("labelled.jsonl");
        Files.writeString(labels, sb.toString());
        spy30 = dir.resolve("spy30");
        Files.createDirectories(spy30);
        Files.writeString(spy30.resolve("weights.txt"), "# an override already in force\nPA_T_SPY 30\n");
    }

    private static void line(StringBuilder sb, int n, String id, String text, String label, String category) {
        for (int i = 0; i < n; i++) {
            sb.append("{\"id\":\"").append(id).append(i).append("\",\"text\":\"").append(text)
                    .append("\",\"label\":\"").append(label).append("\",\"category\":\"").append(category)
                    .append("\"}\n");
        }
    }

    private String[] tune(String... more) {
        return TestCli.concat(new String[]{"tune", "--labels", labels.toString(), "--no-default", "--rules",
                TestCli.testPack().toString(), "--rules", spy30.toString(), "--threads", "1"}, more);
    }

    @Test
    void fitsWritesTheWeightsFileAndItRoundTrips() throws IOException {
        Path out = dir.resolve("proposed/weights.txt");
        TestCli.Run r = run(tune("--out", out.toString(), "-f", "json"));
        assertThat(r.exit()).as(r.toString()).isZero();
        JsonNode n = r.json();
        assertThat(n.get("documents").asInt()).isEqualTo(93);
        assertThat(n.get("split").get("heldOut").get("flag").asInt()).isEqualTo(5); // round(12×.3) + round(4×.3)
        JsonNode held = n.get("figures").get("heldOut");
        assertThat(held.get("before").get("caught").asInt()).isEqualTo(1);
        assertThat(held.get("after").get("caught").asInt()).isEqualTo(4);
        assertThat(held.get("after").get("okFlagged").asInt()).isZero();
        assertThat(n.get("improved").asBoolean()).isTrue();
        Map<String, int[]> changes = new LinkedHashMap<>();
        n.get("changes").forEach(c -> changes.put(c.get("rule").asText(),
                new int[]{c.get("old").asInt(), c.get("new").asInt()}));
        assertThat(changes.get("PA_T_SPY")[0]).isEqualTo(30);
        assertThat(changes.get("PA_T_SPY")[1]).isBetween(40, 100);
        assertThat(changes.get("PS_T_REMEDY")[0]).isEqualTo(50);
        assertThat(changes.get("PS_T_REMEDY")[1]).isBetween(1, 39);

        String file = Files.readString(out);
        assertThat(file).isEqualTo(n.get("weightsFile").asText())
                .startsWith("# Rule weights proposed by `bianwei tune` on ")
                .contains("# data: labelled.jsonl (93 texts: 16 flag, 77 ok); held-out 30.0%, seed 1\n")
                .contains("# held-out before P 0.250 R 0.200")
                .contains("# held-out: IMPROVES")
                .containsPattern("(?m)^PA_T_SPY +\\d+  # was 30$");
        Map<String, Integer> parsed = WeightsFile.parse(file, "weights.txt");
        assertThat(parsed).containsEntry("PA_T_SPY", changes.get("PA_T_SPY")[1])
                .containsEntry("PS_T_REMEDY", changes.get("PS_T_REMEDY")[1]);

        // the pack with the proposed file has exactly the tuned weights, and another ruleset version
        JsonNode listed = run("rules", "list", "--no-default", "--rules", TestCli.testPack().toString(), "--rules",
                out.getParent().toString(), "-f", "json").json();
        Map<String, Integer> effective = new LinkedHashMap<>();
        listed.get("rules").forEach(x -> effective.put(x.get("id").asText(), x.get("weight").asInt()));
        parsed.forEach((id, w) -> assertThat(effective).containsEntry(id, w));
        assertThat(n.get("proposedRulesetVersion").asText()).isNotEqualTo(n.get("rulesetVersion").asText());
        // the proposed version is that of the current configuration with the file added as --rules
        String screened = run("screen", "-f", "jsonl", "--no-default", "--rules", TestCli.testPack().toString(),
                "--rules", spy30.toString(), "--rules", out.getParent().toString(), "-t", "神药").jsonl().get(0)
                .get("rulesetVersion").asText();
        assertThat(screened).isEqualTo(n.get("proposedRulesetVersion").asText());
    }

    @Test
    void deterministicForASeedAndTheFileGoesToStdoutWithoutOut() throws IOException {
        TestCli.Run a = run(tune("--seed", "3"));
        TestCli.Run b = run(tune("--seed", "3"));
        assertThat(a.exit()).as(a.toString()).isZero();
        assertThat(a.out()).startsWith("# Rule weights").isEqualTo(b.out());
        assertThat(a.err()).contains("Split (seed 3, held-out 30.0%, stratified by label and category): train 65 "
                + "(11 flag, 54 ok), held-out 28 (5 flag, 23 ok)")
                .containsPattern("(?m)^  held-out  after .*0\\.0% \\(0/23\\)")
                .contains("Held-out: IMPROVES")
                .containsPattern("(?m)^  PA_T_SPY +privacy_abuse +30 +\\d+ +8 +0$")
                .contains("Weights file: on stdout");
        Map<String, Integer> w = WeightsFile.parse(a.out(), "stdout");
        assertThat(w.keySet()).contains("PA_T_SPY", "PS_T_REMEDY");
    }

    @Test
    void usageErrors() {
        assertThat(run(tune("--holdout-fraction", "1")).exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run(tune("--target-fp", "-0.1")).exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("tune", "--labels", "no/such.jsonl").exit()).isEqualTo(ExitCodes.USAGE);
    }
}
