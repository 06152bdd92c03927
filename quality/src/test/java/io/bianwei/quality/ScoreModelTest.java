package io.bianwei.quality;

import io.bianwei.Category;
import io.bianwei.Finding;
import io.bianwei.RuleInfo;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import io.bianwei.ScreeningResult;
import io.bianwei.Span;
import io.bianwei.Verdict;
import io.bianwei.Scoring;
import io.bianwei.json.InputRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ScoreModel} scores firing vectors with the core's {@link Scoring} for tuning; these tests keep its int-array
 * path from drifting away: against {@link Scoring} itself on random findings (cap, context, floor, saturation), and
 * against real {@link Screener} results, also with the weights changed through a weights file (which must not change
 * which rules fire).
 */
class ScoreModelTest {
    @TempDir
    Path dir;

    /** The boundaries the tuner works against are the fewest points whose saturated score reaches a threshold. */
    @Test
    void boundariesAreTheScorersEverywhere() {
        ScoreModel m = new ScoreModel(40, 95, 100);
        assertThat(m.reviewPoints()).isEqualTo(40);
        assertThat(Scoring.saturate(m.blockPoints())).isGreaterThanOrEqualTo(95);
        assertThat(Scoring.saturate(m.blockPoints() - 1)).isLessThan(95);
        for (int t = 1; t <= 99; t++) {
            ScoreModel model = new ScoreModel(t, t, 100);
            assertThat(Scoring.saturate(model.reviewPoints())).as("threshold %d", t).isGreaterThanOrEqualTo(t);
            assertThat(Scoring.saturate(model.reviewPoints() - 1)).as("threshold %d", t).isLessThan(t);
            assertThat(model.verdict(model.reviewPoints())).isEqualTo(Verdict.BLOCK);
            assertThat(model.verdict(model.reviewPoints() - 1)).isEqualTo(Verdict.PASS);
        }
        assertThat(new ScoreModel(40, 100, 100).blockPoints()).as("no number of points reaches 100")
                .isEqualTo(Integer.MAX_VALUE);
    }

    /** Random documents of up to 6 (rule, category) findings with random signed weights, cap 100 or 60. */
    @Test
    void agreesWithTheCoreScorerOnRandomFindings() {
        Random random = new Random(42);
        String[] cats = {Category.PSEUDO_SCIENCE, Category.PRIVACY_ABUSE};
        int rules = 8;
        List<String> ids = new ArrayList<>();
        List<String> ruleCats = new ArrayList<>();
        for (int r = 0; r < rules; r++) {
            ids.add("R" + r);
            ruleCats.add(r < 5 ? cats[r % 2] : Category.CONTEXT);
        }
        for (int cap : new int[]{100, 60}) {
            ScoreModel model = new ScoreModel(40, 70, cap);
            Scoring scorer = new Scoring(40, 70, cap);
            for (int n = 0; n < 2000; n++) {
                int[] w = new int[rules];
                for (int r = 0; r < rules; r++) {
                    int mag = 1 + random.nextInt(100);
                    w[r] = r < 5 ? mag : -mag;
                }
                FiringData.Builder b = new FiringData.Builder(infos(ids, ruleCats, w));
                List<Finding> findings = new ArrayList<>();
                int k = random.nextInt(7);
                for (int i = 0; i < k; i++) {
                    int r = random.nextInt(rules);
                    String cat = r < 5 ? ruleCats.get(r) : cats[random.nextInt(2)];
                    if (findings.stream().noneMatch(f -> f.ruleId().equals(ids.get(r)) && f.category().equals(cat))) {
                        findings.add(new Finding(ids.get(r), cat, w[r], "m", List.of(Span.of("x", 0, 1))));
                    }
                }
                FiringData data = b.add("d", Label.OK, null, findings).build();
                Scoring.Breakdown mine = model.score(data, data.docs().get(0), w);
                Scoring.Breakdown theirs = scorer.score(findings);
                assertThat(mine.score()).as("%s", findings).isEqualTo(theirs.score());
                assertThat(mine.verdict()).isEqualTo(theirs.verdict());
                assertThat(mine.categoryScores()).isEqualTo(theirs.categoryScores());
                assertThat(mine).as("the whole breakdown").isEqualTo(theirs);
                assertThat(model.points(data.docs().get(0), w)).isEqualTo(theirs.points());
                assertThat(model.verdict(model.points(data.docs().get(0), w))).isEqualTo(theirs.verdict());
            }
        }
    }

    private static List<RuleInfo> infos(List<String> ids, List<String> cats, int[] w) {
        List<RuleInfo> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            out.add(new RuleInfo(ids.get(i), cats.get(i), "", w[i], "d", "d", "m", "x:1", List.of(), true));
        }
        return out;
    }

    @Test
    void agreesWithTheDefaultPackOnTheSeedSamples() throws IOException {
        Screener screener = Packs.screener(ScreenerSettings.defaults());
        List<Sample> samples = samples(Path.of("../seeds/samples.jsonl"));
        assertCrossCheck(screener, screener, samples, new ScoreModel(40, 70, 100));
        assertCrossCheck(screener, screener, samples, new ScoreModel(25, 50, 100));
    }

    /** Firings from the plain test pack, scored with the weights of a reweighted one, equal the reweighted results. */
    @Test
    void firingsDoNotDependOnWeightsAndTheModelScoresAReweightedPack() throws IOException {
        Path w = dir.resolve("w");
        Files.createDirectories(w);
        Files.writeString(w.resolve("weights.txt"), "PS_T_REMEDY 35\nPA_T_SPY 100\nCTX_T_DEBUNK -20\n");
        Screener plain = EvaluationTest.testPack();
        Screener reweighted = Packs.screener(Packs.only(Packs.testPack(), w));
        List<Sample> samples = new ArrayList<>(EvaluationTest.samples());
        samples.add(new Sample("x1", "辟谣：偏方能治病？出售开房记录", Label.OK, null));
        samples.add(new Sample("x2", "神药！破解摄像头！开房记录！", Label.FLAG, null));
        assertCrossCheck(plain, reweighted, samples, new ScoreModel(40, 70, 100));
        assertCrossCheck(plain, plain, samples, new ScoreModel(40, 70, 100));
    }

    /** Screens with {@code firings}, scores with {@code target}'s weights, compares with {@code target}'s results. */
    private static void assertCrossCheck(Screener firings, Screener target, List<Sample> samples,
                                         ScoreModel model) {
        FiringData.Builder b = new FiringData.Builder(firings.rules());
        List<ScreeningResult> expected = new ArrayList<>();
        for (Sample s : samples) {
            b.add(s, firings.screen(s.id(), s.text()));
            expected.add(target.screen(s.id(), s.text()));
        }
        FiringData data = b.build();
        Map<String, Integer> byId = new TreeMap<>();
        target.rules().forEach(r -> byId.put(r.id(), r.weight()));
        int[] w = new int[data.rules().size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = byId.get(data.rules().get(i));
        }
        for (int i = 0; i < samples.size(); i++) {
            ScreeningResult r = expected.get(i);
            Scoring.Breakdown s = model.score(data, data.docs().get(i), w);
            assertThat(s.score()).as("%s %s", r.id(), r.findings()).isEqualTo(r.score());
            assertThat(model.points(data.docs().get(i), w)).as("fast path, %s", r.id()).isEqualTo(s.points());
            assertThat(model.verdict(s.points())).as(r.id()).isEqualTo(s.verdict());
            assertThat(s.categoryScores()).as(r.id()).isEqualTo(r.categoryScores());
            int score = r.score();
            var verdict = score >= model.block() ? io.bianwei.Verdict.BLOCK
                    : score >= model.review() ? io.bianwei.Verdict.REVIEW : io.bianwei.Verdict.PASS;
            assertThat(s.verdict()).as(r.id()).isEqualTo(verdict);
            if (model.review() == 40 && model.block() == 70) {
                assertThat(s.verdict()).as(r.id()).isEqualTo(r.verdict());
            }
        }
    }

    static List<Sample> samples(Path file) throws IOException {
        List<Sample> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            InputRecord r = InputRecord.parseJsonl(line, "id", "text", file + ":" + n);
            out.add(new Sample(r.id(), r.text(), Label.parse(r.extra().get("label").asText()),
                    r.extra().containsKey("category") ? r.extra().get("category").asText() : null));
        }
        return out;
    }
}
