package io.bianwei.quality;

import io.bianwei.RulePackException;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import io.bianwei.WeightsFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The weights file: its format (core {@link WeightsFile}), the overrides in force, and a proposal from tuning the
 * test pack with PA_T_SPY overridden to 30 (below REVIEW) on texts where PA_T_SPY fires only on flag texts and
 * PS_T_REMEDY mostly on ok ones.
 */
class WeightProposalTest {
    @TempDir
    Path dir;

    private Path spy30;

    @BeforeEach
    void files() throws IOException {
        spy30 = dir.resolve("spy30");
        Files.createDirectories(spy30);
        Files.writeString(spy30.resolve("weights.txt"), "# an override already in force\nPA_T_SPY 30\n");
    }

    @Test
    void weightsFileFormatRoundTrips() {
        Map<String, Integer> w = new LinkedHashMap<>();
        w.put("PS_A", 45);
        w.put("CTX_LONGER_NAME", -60);
        String text = WeightsFile.format(List.of("header", "", "more"), w, Map.of("PS_A", "was 40"));
        assertThat(text).isEqualTo("# header\n#\n# more\nPS_A              45  # was 40\nCTX_LONGER_NAME  -60\n");
        assertThat(WeightsFile.parse(text, "w")).containsExactly(entry("PS_A", 45), entry("CTX_LONGER_NAME", -60));
        assertThat(WeightsFile.parse("A=3\r\nA 4 # later wins\n", "w")).containsExactly(entry("A", 4));
        assertThatThrownBy(() -> WeightsFile.parse("\nPS_A forty\n", "w.txt"))
                .isInstanceOfSatisfying(RulePackException.class, e -> assertThat(e.problems())
                        .extracting(Object::toString).containsExactly("w.txt:2: weight must be an integer: forty"));
        assertThat(new WeightProposal(w, Map.of("PS_A", "was 40")).format(List.of("h")))
                .as("sorted by rule id").isEqualTo("# h\nCTX_LONGER_NAME  -60\nPS_A              45  # was 40\n");
    }

    @Test
    void overridesInForceAreThoseOfTheFoldersAndFilesInLoadingOrder() throws IOException {
        assertThat(WeightOverrides.inForce(ScreenerSettings.defaults())).as("the default pack ships none").isEmpty();
        assertThat(WeightOverrides.inForce(Packs.only(Packs.testPack()))).isEmpty();
        assertThat(WeightOverrides.inForce(Packs.only(Packs.testPack(), spy30))).containsExactly(entry("PA_T_SPY", 30));
        Path file = dir.resolve("later/weights.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "PA_T_SPY 45\nPS_T_REMEDY 20\n");
        Path other = dir.resolve("other.txt");
        Files.writeString(other, "PS_T_REMEDY 99\n");
        assertThat(WeightOverrides.inForce(Packs.only(Packs.testPack(), spy30, file, other)))
                .as("a file counts when named weights.txt; later ones win")
                .containsExactly(entry("PA_T_SPY", 45), entry("PS_T_REMEDY", 20));
    }

    private static void add(List<Sample> out, int n, String id, String text, Label label, String category) {
        for (int i = 0; i < n; i++) {
            out.add(new Sample(id + i, text, label, category));
        }
    }

    @Test
    void theProposalKeepsOverridesNotesChangesAndGivesTheTunedWeights() {
        ScreenerSettings settings = Packs.only(Packs.testPack(), spy30);
        Screener screener = Packs.screener(settings);
        List<Sample> samples = new ArrayList<>();
        add(samples, 12, "spy", "出售开房记录，量大从优", Label.FLAG, "privacy_abuse");
        add(samples, 4, "remedy", "神药包治百病", Label.FLAG, "pseudo_science");
        add(samples, 12, "shop", "这家药店的偏方很便宜", Label.OK, "health");
        add(samples, 5, "debunk", "辟谣：神药不存在", Label.OK, "health");
        add(samples, 60, "plain", "今天天气很好", Label.OK, "news");
        FiringData.Builder b = new FiringData.Builder(screener.rules());
        samples.forEach(s -> b.add(s, screener.screen(s.id(), s.text())));
        FiringData data = b.build();
        assertThat(FiringData.count(data.docs(), Label.FLAG)).isEqualTo(16);
        assertThat(FiringData.count(data.docs(), Label.OK)).isEqualTo(77);
        assertThat(data.hits(data.docs())[data.index("PA_T_SPY")]).containsExactly(12, 0);
        assertThat(data.hits(data.docs())[data.index("PS_T_REMEDY")]).containsExactly(4, 17);

        Tuner.Result r = Tuner.tune(data, ScoreModel.of(settings), Tuner.Options.defaults());
        assertThat(r.improved()).isTrue();
        WeightProposal p = WeightProposal.of(r, WeightOverrides.inForce(settings), screener.rules());
        int spy = r.after()[data.index("PA_T_SPY")];
        int remedy = r.after()[data.index("PS_T_REMEDY")];
        assertThat(spy).isBetween(40, 100);
        assertThat(remedy).isBetween(1, 39);
        assertThat(p.weights()).containsEntry("PA_T_SPY", spy).containsEntry("PS_T_REMEDY", remedy);
        assertThat(p.notes()).containsEntry("PA_T_SPY", "was 30").containsEntry("PS_T_REMEDY", "was 50");
        assertThat(p.weights().keySet()).as("only changes and overrides").hasSize(r.changed().size());

        String file = p.format(List.of("proposed"));
        assertThat(file).containsPattern("(?m)^PA_T_SPY +\\d+  # was 30$");
        String version = WeightProposal.rulesetVersionWith(settings, file, r.weights());
        assertThat(version).isNotEqualTo(screener.rulesetVersion());
        assertThatThrownBy(() -> WeightProposal.rulesetVersionWith(settings, "PA_T_SPY 31\n", Map.of("PA_T_SPY", 45)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the proposed weights file gives PA_T_SPY weight 31, not the tuned 45");
    }

    /** An override in force is kept at the weight the pack gives it, even when tuning leaves it alone. */
    @Test
    void anUnchangedOverrideIsKept() {
        ScreenerSettings settings = Packs.only(Packs.testPack(), spy30);
        Screener screener = Packs.screener(settings);
        FiringData.Builder b = new FiringData.Builder(screener.rules());
        Sample s = new Sample("1", "今天天气很好", Label.OK, null);
        b.add(s, screener.screen(s.id(), s.text()));
        Tuner.Result r = Tuner.tune(b.build(), ScoreModel.of(settings), Tuner.Options.defaults());
        assertThat(r.changed()).isEmpty();
        WeightProposal p = WeightProposal.of(r, Map.of("PA_T_SPY", 77, "PS_GONE", 5), screener.rules());
        assertThat(p.weights()).containsExactly(entry("PA_T_SPY", 30), entry("PS_GONE", 5));
        assertThat(p.notes()).containsOnly(entry("PA_T_SPY", "kept"), entry("PS_GONE", "kept"));
    }
}
