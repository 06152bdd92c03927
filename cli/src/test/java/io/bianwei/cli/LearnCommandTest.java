package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.internal.model.LinearVerdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.bianwei.cli.TestCli.tp;
import static org.assertj.core.api.Assertions.assertThat;

class LearnCommandTest {
    @TempDir
    Path dir;

    private static final String[] PS = {"神药", "偏方", "祖传秘方", "根治", "包治百病"};
    private static final String[] PA = {"开房记录", "破解摄像头", "查人定位"};
    private static final String[] OK = {"今天天气很好", "医生建议规范治疗", "学校开学了", "超市打折", "周末去公园",
            "辟谣：神药不存在", "新闻联播", "记者采访专家"};

    /** A made-up labelled file: ids {@code prefix0..}, 20 % pseudo-science, 10 % privacy, the rest ok. */
    private Path labels(String name, String prefix, int n, long seed) throws IOException {
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int kind = i % 10 < 2 ? 0 : i % 10 == 2 ? 1 : 2;
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 3; k++) {
                String[] pool = kind == 0 && r.nextDouble() < 0.6 ? PS : kind == 1 && r.nextDouble() < 0.6 ? PA : OK;
                sb.append(pool[r.nextInt(pool.length)]).append('，');
            }
            String cat = kind == 0 ? "\"pseudo_science\"" : kind == 1 ? "\"privacy_abuse\"" : "null";
            lines.add("{\"id\":\"" + prefix + i + "\",\"text\":\"" + sb + "\",\"label\":\"" + (kind == 2 ? "ok" : "flag")
                    + "\",\"category\":" + cat + "}");
        }
        Path f = dir.resolve(name);
        Files.write(f, lines, StandardCharsets.UTF_8);
        return f;
    }

    private TestCli.Run learn(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--provenance", "made up for the test",
                "--threads", "2"));
        args.addAll(List.of(more));
        return TestCli.run(tp("learn", args.toArray(String[]::new)));
    }

    @Test
    void learnWritesTheModelAndTheTrainingSetAndReports() throws IOException {
        Path pack = dir.resolve("pack");
        TestCli.Run r = learn(pack, "--labels", labels("a.jsonl", "a", 100, 1).toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Trained " + pack.resolve("models/verdict.model") + ": 100 texts (30 flag, 70 ok)")
                .contains("100 added, 0 replaced, 0 forgotten")
                .contains("Provenance: made up for the test")
                .contains("REVIEW >= ").contains("for 2% of ok texts; met on the folds: ")
                .contains("BLOCK  >= ").contains("for 0.5% of ok texts")
                .contains("@0.5%").contains("@5%")
                .containsPattern("pseudo_science +20 ")
                .containsPattern("privacy_abuse +10 ");
        LinearVerdict m = LinearVerdict.read(pack.resolve("models/verdict.model"));
        assertThat(m.categories()).containsExactly("privacy_abuse", "pseudo_science");
        assertThat(m.provenance().texts()).isEqualTo(100);
        assertThat(m.thresholds().reviewRate()).isEqualTo(0.02);
        List<String> kept = Files.readAllLines(pack.resolve("models/verdict.train.jsonl"));
        assertThat(kept).hasSize(100);
        JsonNode first = TestCli.json(kept.get(0));
        assertThat(first.get("id").asText()).isEqualTo("a0");
        assertThat(first.has("normalized")).isTrue();
        assertThat(first.get("rules").isArray()).isTrue();
        assertThat(first.get("ruleset").asText()).isNotBlank();
        // the context rule's id is a feature like any other
        assertThat(kept.stream().anyMatch(l -> l.contains("CTX_T_DEBUNK"))).isTrue();

        // the same texts again: the same bytes
        byte[] before = Files.readAllBytes(pack.resolve("models/verdict.model"));
        assertThat(learn(pack, "--labels", dir.resolve("a.jsonl").toString()).exit()).isZero();
        assertThat(Files.readAllBytes(pack.resolve("models/verdict.model"))).isEqualTo(before);
    }

    @Test
    void addAndForgetTrainOnTheKeptSet() throws IOException {
        Path a = labels("a.jsonl", "a", 100, 2);
        Path b = labels("b.jsonl", "b", 40, 3);
        Path both = dir.resolve("both.jsonl");
        Files.writeString(both, Files.readString(a) + Files.readString(b));

        Path fresh = dir.resolve("fresh");
        assertThat(learn(fresh, "--labels", both.toString()).exit()).isZero();
        Path inc = dir.resolve("inc");
        assertThat(learn(inc, "--labels", a.toString()).exit()).isZero();
        byte[] onlyA = Files.readAllBytes(inc.resolve("models/verdict.model"));

        TestCli.Run added = learn(inc, "--labels", b.toString(), "--add");
        assertThat(added.exit()).as(added.toString()).isZero();
        assertThat(added.out()).contains("140 texts").contains("40 added, 0 replaced");
        assertThat(Files.readAllBytes(inc.resolve("models/verdict.model")))
                .isEqualTo(Files.readAllBytes(fresh.resolve("models/verdict.model")));
        assertThat(Files.readString(inc.resolve("models/verdict.train.jsonl")))
                .isEqualTo(Files.readString(fresh.resolve("models/verdict.train.jsonl")));

        // adding the same texts again replaces them: nothing changes
        assertThat(learn(inc, "--labels", b.toString(), "--add").out()).contains("0 added, 40 replaced");
        assertThat(Files.readAllBytes(inc.resolve("models/verdict.model")))
                .isEqualTo(Files.readAllBytes(fresh.resolve("models/verdict.model")));

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add("b" + i);
        }
        ids.add("nosuch");
        List<String> args = new ArrayList<>(List.of("--forget"));
        args.addAll(ids);
        TestCli.Run forgot = learn(inc, args.toArray(String[]::new));
        assertThat(forgot.exit()).as(forgot.toString()).isZero();
        assertThat(forgot.out()).contains("100 texts").contains("40 forgotten");
        assertThat(forgot.err()).contains("--forget: not in the training set: nosuch");
        assertThat(Files.readAllBytes(inc.resolve("models/verdict.model"))).isEqualTo(onlyA);
    }

    @Test
    void mistakesAreUsageErrorsAndBadRecordsAreLeftOut() throws IOException {
        Path pack = dir.resolve("p");
        assertThat(learn(pack).err()).contains("give --labels FILE.jsonl");
        TestCli.Run noSet = learn(pack, "--forget", "x");
        assertThat(noSet.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noSet.err()).contains("no kept training set to update");
        Path a = labels("a.jsonl", "a", 60, 4);
        assertThat(learn(pack, "--labels", a.toString(), "--review-rate", "lots").err())
                .contains("--review-rate: expected a share such as 2% or 0.02, got 'lots'");
        assertThat(learn(pack, "--labels", a.toString(), "--review-rate", "1%", "--block-rate", "2%").err())
                .contains("--block-rate must not be above --review-rate");
        Path onlyOk = dir.resolve("ok.jsonl");
        Files.writeString(onlyOk, "{\"id\":\"1\",\"text\":\"今天天气很好\",\"label\":\"ok\"}\n");
        TestCli.Run none = learn(pack, "--labels", onlyOk.toString());
        assertThat(none.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("cannot train: no flag texts to learn from");

        Path withBad = dir.resolve("bad.jsonl");
        Files.writeString(withBad, Files.readString(a) + "{\"id\":\"nocat\",\"text\":\"神药\",\"label\":\"flag\"}\n"
                + "{\"id\":\"nolabel\",\"text\":\"神药\"}\n");
        TestCli.Run bad = learn(pack, "--labels", withBad.toString());
        assertThat(bad.exit()).as(bad.toString()).isEqualTo(ExitCodes.UNREADABLE);
        assertThat(bad.err()).contains("left out nocat: flag text 'nocat' has no category");
        assertThat(bad.out()).contains("60 texts");
    }
}
