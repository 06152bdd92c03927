package io.bianwei.internal.pack;

import io.bianwei.internal.match.Boundary;
import io.bianwei.internal.match.TermList;
import io.bianwei.internal.text.Source;
import io.bianwei.RulePackException.Problem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TermListsTest {
    private static Map<String, TermList> parse(List<Problem> problems, String... nameAndContent) {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < nameAndContent.length; i += 2) {
            sources.add(new Source("terms/" + nameAndContent[i] + ".txt", nameAndContent[i + 1]));
        }
        return TermLists.parse(sources, problems);
    }

    @Test
    void defaultsAreWhatMostListsWant() {
        List<Problem> problems = new ArrayList<>();
        TermList l = parse(problems, "x", "偏方\n").get("x");
        assertThat(problems).isEmpty();
        assertThat(l.boundary()).isEqualTo(Boundary.LOOSE);
        assertThat(l.pinyin()).isTrue();
        assertThat(l.variants()).isTrue();
        assertThat(l.homophones()).isNull();
    }

    @Test
    void classesBringInHanLpsWordsWithTheirOrigin() {
        List<Problem> problems = new ArrayList<>();
        TermList l = parse(problems, "disease", """
                # diseases: HanLP's classes plus what they lack
                @cilin Dl01A     # Cilin: diseases
                @pos nhd         # HanLP's dictionary: tagged disease
                !噩梦
                新冠
                """).get("disease");
        assertThat(problems).isEmpty();
        assertThat(l.terms()).contains("糖尿病", "高血压", "白血病", "冠心病", "新冠").doesNotContain("噩梦", "病");
        assertThat(l.origin("新冠")).isNull();
        assertThat(l.origin("白血病")).isEqualTo("cilin:Dl01A");
        assertThat(l.terms().stream().filter(t -> "pos:nhd".equals(l.origin(t)))).isNotEmpty();
        assertThat(l.terms()).allSatisfy(t -> assertThat(t.codePointCount(0, t.length())).isGreaterThanOrEqualTo(2));

        TermList one = parse(problems, "d1", "#@ class-min-length: 1\n@cilin Dl01A01\n").get("d1");
        assertThat(one.terms()).contains("病", "疾病");
    }

    @Test
    void unknownClassesAndMalformedLinesNameTheirLine() {
        List<Problem> problems = new ArrayList<>();
        parse(problems, "bad", "@cilin Zz99\n@pos nosuchtag\n@color red\n!\n#@ class-min-length: 0\n偏方\n");
        assertThat(problems).extracting(Problem::line, Problem::message).anySatisfy(t -> assertThat(t.toList())
                .containsExactly(1, "no word of HanLP's Tongyici Cilin is filed under 'Zz99'"));
        assertThat(problems).extracting(Problem::line).contains(2, 3, 4, 5);
    }
}
