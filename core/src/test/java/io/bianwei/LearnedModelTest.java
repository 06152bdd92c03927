package io.bianwei;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LearnedModelTest {
    /** Small synthetic training set written for this test: rumour-style posts against plain news. */
    static List<LearnedModel.Example> examples() {
        String[] flag = {"震惊！这种水果千万别吃，快转给家人", "紧急扩散！喝这个能排毒养颜，转给家人",
                "千万别吃隔夜菜，转给你爱的人", "震惊！原来这样喝水会致癌，快转发", "不转不是中国人！这种菜千万别吃",
                "紧急通知：千万别买这种饮料，快转给家人", "震惊！孩子千万别喝，赶紧转发", "千万别再这样吃了，快转给家人看看"};
        String[] ok = {"市卫健委今天发布流感防治指南", "研究团队在期刊发表论文，介绍新的检测方法",
                "本市今年新增三所社区医院", "专家解读国家膳食指南的主要变化", "气象台发布明天的天气预报",
                "学校组织学生参观科技馆", "图书馆延长周末开放时间", "新建的公园本周末对市民开放"};
        List<LearnedModel.Example> out = new ArrayList<>();
        for (int i = 0; i < flag.length; i++) {
            out.add(new LearnedModel.Example("f" + i, flag[i], true));
            out.add(new LearnedModel.Example("o" + i, ok[i], false));
        }
        return out;
    }

    @Test
    void trainingIsDeterministicAndScoresSeparateTheClasses() {
        LearnedModel a = LearnedModel.train(Category.PSEUDO_SCIENCE, examples(), "test");
        LearnedModel b = LearnedModel.train(Category.PSEUDO_SCIENCE, examples(), "test");
        assertThat(a.format()).isEqualTo(b.format());
        assertThat(a.version()).isEqualTo(b.version());
        assertThat(a.flagTexts()).isEqualTo(8);
        assertThat(a.okTexts()).isEqualTo(8);
        assertThat(a.score("震惊！这种饮料千万别喝，快转给家人").probability()).isGreaterThan(0.9);
        assertThat(a.score("市卫健委发布流感疫苗接种指南").probability()).isLessThan(0.1);
        assertThat(a.score("").probability()).isEqualTo(0.5);
    }

    @Test
    void cluesAreValidSpansOfTheOriginalText() {
        LearnedModel m = LearnedModel.train(Category.PSEUDO_SCIENCE, examples(), "test");
        String text = "震\u200B惊！！！這種飲料千萬別喝，快轉給家人😀";
        LearnedModel.Score s = m.score(text);
        assertThat(s.clues()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.span().end()).isLessThanOrEqualTo(text.length());
            assertThat(text.substring(c.span().start(), c.span().end())).isEqualTo(c.span().text());
        });
    }

    @Test
    void roundTripsThroughItsFileAndLearnsAndForgetsIncrementally(@TempDir Path dir) throws IOException {
        LearnedModel m = LearnedModel.train(Category.PSEUDO_SCIENCE, examples(), "written for a test");
        Path f = dir.resolve("models/pseudo_science.nb");
        m.save(f);
        LearnedModel back = LearnedModel.load(f);
        assertThat(back.format()).isEqualTo(m.format());
        assertThat(back.provenance()).isEqualTo("written for a test");

        List<LearnedModel.Example> more = List.of(new LearnedModel.Example("x1", "震惊！量子水千万别错过", true));
        LearnedModel added = back.learn(more);
        assertThat(added.flagTexts()).isEqualTo(9);
        assertThat(added.learn(more).format()).as("a text learned twice counts once").isEqualTo(added.format());
        assertThat(added.forget(more).format()).as("forgetting undoes learning").isEqualTo(back.format());
        LearnedModel relabelled = added.learn(List.of(new LearnedModel.Example("x1", "震惊！量子水千万别错过", false)));
        assertThat(relabelled.flagTexts()).isEqualTo(8);
        assertThat(relabelled.okTexts()).isEqualTo(9);
    }

    @Test
    void brokenOrForeignModelFilesNameTheFile(@TempDir Path dir) throws IOException {
        Path foreign = dir.resolve("models/x.nb");
        Files.createDirectories(foreign.getParent());
        Files.writeString(foreign, "PK\u0003\u0004 not a model");
        RulePackException e = catchThrowableOfType(RulePackException.class, () -> LearnedModel.load(foreign));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(foreign.toString());
            assertThat(p.message()).contains("not a Bianwei model file");
        });
        Files.writeString(foreign, LearnedModel.MAGIC + "\ncategory\tpseudo_science\ntexts\t1\t1\n量子\tmany\t1\n");
        e = catchThrowableOfType(RulePackException.class, () -> TestPacks.builder().addRules(dir).build());
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).endsWith("x.nb");
            assertThat(p.line()).isEqualTo(4);
        });
    }

    /** The example text marked with the evidence a model reports for it (its five strongest flag-leaning tokens). */
    private static String marked(LearnedModel m, String text) {
        List<Span> spans = m.score(text).clues().stream().filter(c -> c.probability() > 0.5).limit(5)
                .map(LearnedModel.Clue::span).sorted().toList();
        List<Span> merged = new ArrayList<>();
        for (Span sp : spans) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && sp.start() < last.end()) {
                merged.set(merged.size() - 1, Span.of(text, last.start(), Math.max(last.end(), sp.end())));
            } else {
                merged.add(sp);
            }
        }
        return new RuleExample(RuleExample.Kind.HIT, text, merged).written();
    }

    private static void writePack(Path dir, LearnedModel m, int weight) throws IOException {
        m.save(dir.resolve("models/rumour.nb"));
        Files.writeString(dir.resolve("learned.drl"), """
                package bianwei.learned;
                import io.bianwei.facts.*;
                global io.bianwei.facts.Out out;
                rule "ML_T_90"
                    @category("pseudo_science") @weight(%d) @description("模型") @description_en("model")
                    @hit1("%s") @ok1("市卫健委发布指南")
                when
                    $l : Learned(model == "rumour", probability >= 0.9)
                then
                    out.emit(kcontext);
                end
                """.formatted(weight, marked(m, "震惊！这种饮料千万别喝")));
    }

    /** A pack folder with a model and a rule on its score: the model is a file of the pack, hot-reloaded like DRL. */
    @Test
    void aModelInAPackFolderGivesFindingsAndReloads(@TempDir Path dir) throws Exception {
        writePack(dir, LearnedModel.train(Category.PSEUDO_SCIENCE, examples(), "test"), 60);
        Screener s = TestPacks.builder().addRules(dir).build();
        ScreeningResult r = s.screen("震惊！这种饮料千万别喝");
        assertThat(r.fired("ML_T_90")).isTrue();
        assertThat(r.verdict()).as("a learned rule alone never blocks").isEqualTo(Verdict.REVIEW);
        assertThat(r.score()).isLessThan(s.blockThreshold());
        assertThat(s.screen("今天天气很好").fired("ML_T_90")).isFalse();
        assertThat(s.explain("震惊！这种饮料千万别喝").learned()).singleElement()
                .satisfies(sc -> assertThat(sc.probability()).isGreaterThan(0.9));

        List<ReloadingScreener.ReloadEvent> events = new CopyOnWriteArrayList<>();
        try (ReloadingScreener rs = ReloadingScreener.watch(() -> TestPacks.builder().addRules(dir), List.of(dir),
                events::add)) {
            String before = rs.current().rulesetVersion();
            List<LearnedModel.Example> more = new ArrayList<>(examples());
            more.add(new LearnedModel.Example("o9", "公园里的樱花开了", false));
            writePack(dir, LearnedModel.train(Category.PSEUDO_SCIENCE, more, "one more"), 60);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (rs.current().rulesetVersion().equals(before) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(rs.current().rulesetVersion()).as("events %s", events).isNotEqualTo(before);
        }
    }
}
