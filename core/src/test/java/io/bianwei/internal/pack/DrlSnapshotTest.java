package io.bianwei.internal.pack;

import io.bianwei.internal.text.Source;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DrlSnapshotTest {
    private static final String HEAD = "package bianwei.pseudo_science;\nimport io.bianwei.facts.*;\n"
            + "global io.bianwei.facts.Out out;\n";

    private static final List<Source> FILES = List.of(new Source("classpath:x/a.drl", HEAD + """
            rule "PS_A"
                @category("pseudo_science") @weight(30) @big(5000000000) @ratio(0.5) @on(true) @bare
                @description("说明 \\"引号\\" 与反斜杠 \\\\")
            when
                $r : Hit(list == "remedy")
                $v : Hit(list == "cure" || list == "modal", sentence == $r.sentence, start > $r.end)
                not Hit(list == "negation", sentence == $r.sentence)
                Doc(count("cure") >= 2)
                eval(Re.find("(a+)+b", $r.getTerm()))
            then
                out.emit(kcontext, $r, $v);
            end
            rule "PS_B"
            when
                $s : Sentence(question)
            then
                out.emit(kcontext, $s);
            end
            """), new Source("classpath:x/b.drl", HEAD + """
            rule "PS_C"
            when
                $c : Claim()
            then
                out.emit(kcontext, $c);
            end
            """));

    private static byte[] written(List<DrlModel.FileModel> models) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(DrlSnapshot.write(models, out)).isTrue();
        return out.toByteArray();
    }

    @Test
    void whatIsReadBackEqualsWhatParsingGives() throws Exception {
        List<DrlModel.FileModel> parsed = FILES.stream().map(DrlModel::parse).toList();
        assertThat(parsed).allSatisfy(m -> assertThat(m.errors()).isEmpty());
        assertThat(parsed.get(0).rules().get(0).metadata()).containsKeys("weight", "big", "ratio", "on", "bare");
        List<DrlModel.FileModel> read = DrlSnapshot.read(written(parsed), FILES);
        assertThat(read).isEqualTo(parsed);
        assertThat(read.get(0).rules().get(0).metadata()).containsExactlyEntriesOf(
                parsed.get(0).rules().get(0).metadata()); // same order, same value types
    }

    @Test
    void otherFilesABrokenFileOrDamagedBytesAreNotUsed() throws Exception {
        List<DrlModel.FileModel> parsed = FILES.stream().map(DrlModel::parse).toList();
        byte[] bytes = written(parsed);
        assertThat(DrlSnapshot.read(bytes, List.of(FILES.get(0), new Source("classpath:x/b.drl",
                FILES.get(1).content() + "\n")))).isNull();
        assertThat(DrlSnapshot.read(bytes, List.of(FILES.get(1), FILES.get(0)))).isNull();
        for (int cut : new int[]{0, 3, 40, bytes.length / 2, bytes.length - 1}) {
            byte[] shorter = java.util.Arrays.copyOf(bytes, cut);
            assertThat(catching(shorter)).as("cut at %d", cut).isNull();
        }
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThat(DrlSnapshot.read(longer, FILES)).isNull();
        DrlModel.FileModel broken = DrlModel.parse(new Source("classpath:x/c.drl", HEAD + "rule \"X\" when then"));
        assertThat(broken.errors()).isNotEmpty();
        assertThat(DrlSnapshot.write(List.of(broken), new ByteArrayOutputStream())).isFalse();
    }

    /** What the class-path reader makes of these bytes: an exception counts as "not used". */
    private static List<DrlModel.FileModel> catching(byte[] bytes) {
        try {
            return DrlSnapshot.read(bytes, FILES);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
