package io.bianwei.quality;

import io.bianwei.Screener;
import io.bianwei.internal.model.LinearVerdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class VerdictTrainerTest {
    private static final String[] PS = {"祖传秘方", "根治糖尿病", "量子能量水", "排毒养颜", "包治百病", "无效退款"};
    private static final String[] PA = {"出售开房记录", "手机定位查人", "破解摄像头", "身份证信息打包"};
    private static final String[] OK = {"今天天气很好", "医生建议规范治疗", "警方提醒注意防骗", "辟谣：没有神药",
            "学校开学了", "超市打折", "糖尿病需要长期管理", "记者采访了专家", "周末去公园散步", "新闻联播"};

    /**
     * A made-up labelled set: pseudo-science and privacy texts built from their phrases plus ordinary ones, each with
     * ordinary filler; some ok texts quote a suspect phrase (as debunks do), some flag texts hide theirs. Rule ids
     * fire on phrases as a rule pack's would (a context rule on 辟谣).
     */
    static List<VerdictTrainer.Example> labelled(int n, long seed) {
        Random r = new Random(seed);
        List<VerdictTrainer.Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int kind = i % 10 < 2 ? 0 : i % 10 == 2 ? 1 : 2; // 20 % PS, 10 % PA, 70 % ok
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 3; k++) {
                String[] pool = kind == 0 && r.nextDouble() < 0.6 ? PS : kind == 1 && r.nextDouble() < 0.6 ? PA
                        : r.nextDouble() < 0.05 ? PS : OK;
                sb.append(pool[r.nextInt(pool.length)]).append('，');
            }
            String text = sb.toString();
            Set<String> fired = new TreeSet<>();
            if (text.contains("根治") || text.contains("包治")) {
                fired.add("PS_CURE");
            }
            if (text.contains("开房") || text.contains("定位")) {
                fired.add("PA_SELL");
            }
            if (text.contains("辟谣")) {
                fired.add("CTX_DEBUNK");
            }
            String label = kind == 2 ? "ok" : "flag";
            String cat = kind == 0 ? "pseudo_science" : kind == 1 ? "privacy_abuse" : null;
            out.add(new VerdictTrainer.Example(String.format("t%04d", i), fired, text, label, cat));
        }
        return out;
    }

    private static VerdictTrainer.Options options() {
        return VerdictTrainer.Options.defaults("unit test", "2026-05-01").withRates(0.05, 0.02).withCGrid(1, 10);
    }

    @Test
    void trainingTwiceWritesTheSameBytesWhateverTheInputOrder(@TempDir Path dir) throws Exception {
        List<VerdictTrainer.Example> ex = labelled(200, 1);
        VerdictTrainer.Result a = VerdictTrainer.train(ex, options());
        List<VerdictTrainer.Example> shuffled = new ArrayList<>(ex);
        Collections.shuffle(shuffled, new Random(9));
        VerdictTrainer.Result b = VerdictTrainer.train(shuffled, options().withThreads(1));
        a.model().write(dir.resolve("a.model"));
        b.model().write(dir.resolve("b.model"));
        assertThat(Files.readAllBytes(dir.resolve("b.model"))).isEqualTo(Files.readAllBytes(dir.resolve("a.model")));
        // another seed deals other folds (the model may or may not differ, the report's folds do)
        assertThat(VerdictTrainer.folds(ex.stream().sorted(java.util.Comparator.comparing(
                VerdictTrainer.Example::id)).toList(), 5, 2)).isNotEqualTo(VerdictTrainer.folds(ex.stream()
                .sorted(java.util.Comparator.comparing(VerdictTrainer.Example::id)).toList(), 5, 1));
    }

    @Test
    void theModelReadBackScoresItsTrainingTextsAsTrained(@TempDir Path dir) {
        List<VerdictTrainer.Example> ex = labelled(200, 2);
        LinearVerdict m = VerdictTrainer.train(ex, options()).model();
        Path f = dir.resolve("models/verdict.model");
        try {
            m.write(f);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        LinearVerdict back = LinearVerdict.read(f);
        assertThat(back.version()).isEqualTo(m.version());
        for (VerdictTrainer.Example e : ex) {
            assertThat(back.score(e.firedRuleIds(), back.vector(e.normalized())))
                    .isEqualTo(m.score(e.firedRuleIds(), m.vector(e.normalized())));
        }
        assertThat(m.categories()).containsExactly("privacy_abuse", "pseudo_science");
        assertThat(m.provenance()).isEqualTo(new LinearVerdict.Provenance("unit test", "2026-05-01", 200, 60, 140));
        // it learned something: flag texts score above ok texts on average
        double flag = ex.stream().filter(VerdictTrainer.Example::flag)
                .mapToDouble(e -> m.probability(e.firedRuleIds(), m.vector(e.normalized()))).average().orElseThrow();
        double ok = ex.stream().filter(e -> !e.flag())
                .mapToDouble(e -> m.probability(e.firedRuleIds(), m.vector(e.normalized()))).average().orElseThrow();
        assertThat(flag).isGreaterThan(ok + 0.3);
        LinearVerdict.CategoryWeights ps = m.weights().stream()
                .filter(w -> w.category().equals("pseudo_science")).findFirst().orElseThrow();
        assertThat(ps.rules().get("PS_CURE")).isPositive();
        assertThat(ps.positives()).isEqualTo(40);
        assertThat(ps.negatives()).isEqualTo(160);
    }

    @Test
    void thresholdsMeetTheirRatesOnTheFolds() {
        List<VerdictTrainer.Example> ex = labelled(300, 3);
        VerdictTrainer.Options o = options();
        VerdictTrainer.Result r = VerdictTrainer.train(ex, o);
        VerdictTrainer.CrossValidation cv = VerdictTrainer.crossValidate(ex, o);
        LinearVerdict.Thresholds t = r.model().thresholds();
        int ok = 0;
        int review = 0;
        int block = 0;
        for (int i = 0; i < cv.examples().size(); i++) {
            if (!cv.examples().get(i).flag()) {
                ok++;
                review += cv.documentProbabilities()[i] >= t.review() ? 1 : 0;
                block += cv.documentProbabilities()[i] >= t.block() ? 1 : 0;
            }
        }
        assertThat((double) review / ok).isLessThanOrEqualTo(0.05).isEqualTo(t.reviewRateMet(), within(1e-6));
        assertThat((double) block / ok).isLessThanOrEqualTo(0.02).isEqualTo(t.blockRateMet(), within(1e-6));
        assertThat(t.review()).isLessThanOrEqualTo(t.block());
        assertThat(t.reviewRate()).isEqualTo(0.05);
        // the document probability is the highest category probability
        for (int i = 0; i < cv.examples().size(); i++) {
            double max = 0;
            for (double[] p : cv.categoryProbabilities().values()) {
                max = Math.max(max, p[i]);
            }
            assertThat(cv.documentProbabilities()[i]).isEqualTo(max);
        }
        assertThat(r.report().categories()).extracting(VerdictTrainer.CategoryReport::category)
                .containsExactly("privacy_abuse", "pseudo_science");
        for (VerdictTrainer.CategoryReport c : r.report().categories()) {
            assertThat(c.atRates()).extracting(VerdictTrainer.AtRate::rate).containsExactly(0.005, 0.01, 0.02, 0.05);
            assertThat(c.atRates()).allSatisfy(a -> assertThat(a.okRate()).isLessThanOrEqualTo(a.rate()));
            assertThat(c.byC()).containsOnlyKeys(1.0, 10.0);
            assertThat(c.c()).isIn(1.0, 10.0);
            assertThat(c.atReview().recall()).isGreaterThan(0.5);
        }
    }

    @Test
    void thresholdIsMidwayAndNeverLetsInMoreThanTheRate() {
        double[] ok = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95};
        assertThat(VerdictTrainer.threshold(ok, 0.1)).isEqualTo(0.925); // 1 of 10 let in: between 0.9 and 0.95
        assertThat(VerdictTrainer.threshold(ok, 0.05)).isEqualTo(0.975); // none: between 0.95 and 1
        double[] ties = {0.5, 0.5, 0.5, 0.5};
        double t = VerdictTrainer.threshold(ties, 0.25);
        assertThat(t).isGreaterThan(0.5);
        assertThat(VerdictTrainer.okRate(ties, t)).isZero();
        assertThat(VerdictTrainer.recallAtRate(List.of(new VerdictTrainer.Example("a", Set.of(), "x", "flag", "c"),
                        new VerdictTrainer.Example("b", Set.of(), "y", "ok", null)), new double[]{0.9, 0.1}, "c", 0.02)
                .recall()).isEqualTo(1.0);
    }

    @Test
    void featureSetsCanBeLeftOut() {
        List<VerdictTrainer.Example> ex = labelled(200, 4);
        LinearVerdict rulesOnly = VerdictTrainer.train(ex, options().withFeatureSets(true, false)).model();
        assertThat(rulesOnly.weights()).allSatisfy(w -> assertThat(w.ngrams()).isEmpty());
        LinearVerdict ngramsOnly = VerdictTrainer.train(ex, options().withFeatureSets(false, true)).model();
        assertThat(ngramsOnly.weights()).allSatisfy(w -> assertThat(w.rules()).isEmpty());
        assertThat(ngramsOnly.weights().get(1).ngrams()).isNotEmpty();
    }

    @Test
    void badTrainingSetsAreRefusedInWords() {
        List<VerdictTrainer.Example> ex = labelled(50, 5);
        assertThatThrownBy(() -> VerdictTrainer.train(ex.stream().filter(e -> !e.flag()).toList(), options()))
                .hasMessage("no flag texts to learn from");
        assertThatThrownBy(() -> VerdictTrainer.train(ex.stream().filter(VerdictTrainer.Example::flag).toList(),
                options())).hasMessage("no ok texts to learn from");
        List<VerdictTrainer.Example> dup = new ArrayList<>(ex);
        dup.add(ex.get(0));
        assertThatThrownBy(() -> VerdictTrainer.train(dup, options())).hasMessage("id 't0000' appears twice");
        assertThatThrownBy(() -> new VerdictTrainer.Example("x", Set.of(), "text", "flag", null))
                .hasMessageContaining("flag text 'x' has no category");
        assertThatThrownBy(() -> new VerdictTrainer.Example("x", Set.of(), "text", "maybe", null))
                .hasMessageContaining("label must be 'flag' or 'ok'");
        assertThatThrownBy(() -> VerdictTrainer.train(ex.subList(0, 4), options().withFolds(5, 1)))
                .hasMessageContaining("too few texts");
    }

    @Test
    void screeningKeepsContextRulesAndTheNormalisedText() {
        Screener s = Packs.screener(Packs.only(Packs.testPack()));
        VerdictTrainer.Example e = VerdictTrainer.screen(s, new Sample("d1", "辟谣：神药不存在", Label.OK, "health"));
        assertThat(e.firedRuleIds()).contains("CTX_T_DEBUNK", "PS_T_REMEDY");
        assertThat(e.normalized()).isEqualTo(s.explain("辟谣：神药不存在").normalized());
        assertThat(e.label()).isEqualTo("ok");
        VerdictTrainer.Example f = VerdictTrainer.screen(s, new Sample("d2", "ＱＱ 神药", Label.FLAG,
                "pseudo_science"));
        assertThat(f.normalized()).doesNotContain("Ｑ"); // the pipeline's normalisation (width folded)
        assertThat(f.category()).isEqualTo("pseudo_science");
    }

    @Test
    void theTrainingSetFileRoundTrips(@TempDir Path dir) throws Exception {
        List<VerdictTrainer.Example> ex = labelled(30, 6);
        Path f = dir.resolve("models/verdict.train.jsonl");
        VerdictTrainingSet.write(f, ex, Map.of("t0001", "abc"));
        VerdictTrainingSet.Contents back = VerdictTrainingSet.read(f);
        assertThat(back.examples()).isEqualTo(ex);
        assertThat(back.rulesets()).containsEntry("abc", 1).containsEntry("(unknown)", 29);
        Files.writeString(f, Files.readString(f) + "{\"id\":\"z\"}\n");
        assertThatThrownBy(() -> VerdictTrainingSet.read(f)).hasMessageContaining("verdict.train.jsonl:31: not a "
                + "training example");
    }
}
