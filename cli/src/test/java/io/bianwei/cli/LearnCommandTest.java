package io.bianwei.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LearnCommandTest {
    @TempDir
    Path dir;

    private Path labels() throws IOException {
        String[] flag = {"震惊！这种水果千万别吃，快转给家人", "紧急扩散！喝这个能排毒养颜，转给家人",
                "千万别吃隔夜菜，转给你爱的人", "震惊！原来这样喝水会致癌，快转发", "不转不是中国人！这种菜千万别吃",
                "紧急通知：千万别买这种饮料，快转给家人", "震惊！孩子千万别喝，赶紧转发", "千万别再这样吃了，快转给家人看看",
                "震惊！这种饮料千万别喝，快转给家人", "紧急！千万别吃这种菜，转发给亲人"};
        String[] ok = {"市卫健委今天发布流感防治指南", "研究团队在期刊发表论文，介绍新的检测方法",
                "本市今年新增三所社区医院", "专家解读国家膳食指南的主要变化", "气象台发布明天的天气预报",
                "学校组织学生参观科技馆", "图书馆延长周末开放时间", "新建的公园本周末对市民开放",
                "社区举办健康讲座", "博物馆推出新的展览"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < flag.length; i++) {
            lines.add("{\"id\":\"f" + i + "\",\"text\":\"" + flag[i] + "\",\"label\":\"flag\",\"category\":\"pseudo_science\"}");
            lines.add("{\"id\":\"o" + i + "\",\"text\":\"" + ok[i] + "\",\"label\":\"ok\"}");
        }
        Path f = dir.resolve("labels.jsonl");
        Files.write(f, lines, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void learnWritesAModelAndItsRulesThatScreenLoads() throws IOException {
        Path pack = dir.resolve("pack");
        TestCli.Run r = TestCli.run("learn", "--labels", labels().toString(), "--out", pack.toString(),
                "--provenance", "written for the test");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("pseudo_science model of 10 flag and 10 ok texts")
                .contains("Cross-validated").contains("threshold  recall").contains("Score distribution");
        Path model = pack.resolve("models/pseudo_science.nb");
        assertThat(Files.readString(model)).startsWith("#bianwei-model 1\ncategory\tpseudo_science\nprovenance\twritten for the test");
        assertThat(Files.readString(pack.resolve("learned_pseudo_science.drl"))).contains("rule \"ML_PS_90\"");

        TestCli.Run test = TestCli.run("rules", "test", pack.toString());
        assertThat(test.exit()).as(test.toString()).isZero();
        TestCli.Run screen = TestCli.run("screen", "-f", "jsonl", "--rules", pack.toString(), "-t", "震惊！这种饮料千万别喝，转给家人");
        assertThat(screen.out()).contains("\"rule\":\"ML_PS_90\"");

        // incremental: learning the same file again changes nothing; forgetting it empties the model
        String before = Files.readString(model);
        assertThat(TestCli.run("learn", "--labels", labels().toString(), "--out", pack.toString(), "--add").exit()).isZero();
        assertThat(Files.readString(model)).isEqualTo(before);
        assertThat(TestCli.run("learn", "--labels", labels().toString(), "--out", pack.toString(), "--forget").exit()).isZero();
        assertThat(Files.readString(model)).contains("texts\t0\t0");
    }

    @Test
    void aForeignModelFileIsAUsageErrorNamingTheFile() throws IOException {
        Path pack = dir.resolve("bad");
        Files.createDirectories(pack.resolve("models"));
        Files.writeString(pack.resolve("models/pseudo_science.nb"), "not a model\n");
        TestCli.Run r = TestCli.run("learn", "--labels", labels().toString(), "--out", pack.toString(), "--add");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("pseudo_science.nb").contains("not a Bianwei model file");
    }
}
