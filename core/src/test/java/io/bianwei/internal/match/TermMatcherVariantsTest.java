package io.bianwei.internal.match;

import io.bianwei.RulePackException;
import io.bianwei.internal.match.TermMatcher.RawHit;
import io.bianwei.internal.text.Source;
import io.bianwei.internal.pack.TermLists;
import io.bianwei.internal.lexicon.Simplifier;
import io.bianwei.internal.text.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TermMatcherVariantsTest {
    private static final Normalizer N = new Normalizer(Simplifier::toSimplified);
    private static final TermMatcher M;

    static {
        List<RulePackException.Problem> problems = new ArrayList<>();
        var lists = TermLists.parse(List.of(
                new Source("terms/camera.txt", "#@ pinyin: on\n#@ variants: on\n#@ homophones: on\n摄像头 = sxt\n偷拍\n"),
                new Source("terms/data.txt", "#@ pinyin: on\n#@ variants: on\n社工库 = sgk\n破解\n探头\n私信\n"),
                new Source("terms/plain.txt", "#@ pinyin: off\n#@ variants: off\n糖尿病\n")), problems);
        VariantTables tables = VariantTables.parse(List.of(
                new Source("variants/lookalike.txt", "微: 薇 v\n"),
                new Source("variants/splits.txt", "探 扌罙\n")), problems);
        assertThat(problems).isEmpty();
        M = new TermMatcher(lists.values(), N, tables);
    }

    private static List<String> hits(String text) {
        String norm = N.normalize(text).text();
        return M.match(norm).stream().map(h -> h.term() + "/" + (h.via() == null ? "literal" : h.via()) + "/"
                + norm.substring(h.start(), h.end())).toList();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "出售摄像头账号|摄像头/literal/摄像头",
            "出售she像头账号|摄像头/pinyin/she像头",
            "出售shexiangtou账号|摄像头/pinyin/shexiangtou",
            "出售摄象头账号|摄像头/homophone/摄象头",
            "tou拍视频|偷拍/pinyin/tou拍",
            "偷排视频|偷拍/homophone/偷排",
            "破jie软件|破解/pinyin/破jie",
            "偷a拍视频|偷拍/variant/偷a拍",
            "扌罙头|探头/variant/扌罙头",
            "sgk查询|社工库/alias/sgk",
            "出售sxt|摄像头/alias/sxt",
    })
    void findsEvasions(String text, String expected) {
        assertThat(hits(text)).contains(expected);
    }

    @Test
    void doesNotInventHits() {
        assertThat(hits("这位是酒店的头牌")).as("头牌: same sound as 偷拍, no character in common").isEmpty();
        assertThat(hits("能杀si新冠")).as("si新 is not 私信: 新 is not the term's character").isEmpty();
        assertThat(hits("toupaiqi")).as("pinyin inside a longer Latin word").isEmpty();
        assertThat(hits("tangniaobing")).as("lists with pinyin: off stay literal").isEmpty();
        assertThat(M.match("masgkb")).as("an alias must sit on word boundaries (checked against the segmentation)")
                .allSatisfy(h -> assertThat(h.strict()).isTrue());
    }

    @Test
    void variantHitsMapBackToTheOriginalCharacters() {
        String text = "出售摄 x 像头";
        var norm = N.normalize(text);
        RawHit h = M.match(norm.text()).stream().filter(x -> x.term().equals("摄像头")).findFirst().orElseThrow();
        assertThat(norm.toOriginal(h.start(), h.end()).text()).isEqualTo("摄 x 像头");
    }
}
