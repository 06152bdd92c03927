package io.bianwei.internal.lexicon;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** HanLP's dictionaries as the rule pack's term classes read them: Cilin classes, synonyms, natures, pinyin. */
class LexiconTest {
    @Test
    void cilinClassesHoldTheirWordsAndEveryWordItsCodes() {
        List<String> codes = Lexicon.cilinCodes("糖尿病");
        assertThat(codes).isNotEmpty();
        for (String code : codes) {
            assertThat(Lexicon.cilin(code)).contains("糖尿病");
            // a shorter prefix is a wider class
            assertThat(Lexicon.cilin(code.substring(0, 4))).containsAll(Lexicon.cilin(code));
        }
        assertThat(Lexicon.cilinCodes("并非一个词语")).isEmpty();
        assertThat(Lexicon.cilin("Zz99Z99=")).isEmpty();
    }

    @Test
    void synonymsShareACodeAndAnswersAreStable() {
        Set<String> s = Lexicon.synonyms("医生");
        assertThat(s).isNotEmpty();
        assertThat(Lexicon.synonyms("医生")).isEqualTo(s);
        for (String w : s) {
            assertThat(Lexicon.cilinCodes(w)).containsAnyElementsOf(Lexicon.cilinCodes("医生"));
        }
    }

    @Test
    void naturesListTheWordsHanLpTagsSo() {
        Set<String> diseases = Lexicon.pos("nhd");
        assertThat(diseases).isNotEmpty().contains("糖尿病");
        assertThat(Lexicon.pos("no-such-nature")).isEmpty();
    }

    @Test
    void pinyinGivesOneTonelessSyllablePerCharacter() {
        assertThat(Pinyin.syllable('偷')).isEqualTo(Pinyin.syllableId("tou"));
        assertThat(Pinyin.syllable('拍')).isEqualTo(Pinyin.syllable('排')).isEqualTo(Pinyin.syllableId("pai"));
        assertThat(Pinyin.syllable('a')).isEqualTo(-1);
        assertThat(Pinyin.syllableId("xyz")).isEqualTo(-1);
        assertThat(Pinyin.SYLLABLES).isSorted().contains("lv", "zhuang").doesNotContain("none");
    }

    @Test
    void traditionalBecomesSimplified() {
        assertThat(Simplifier.toSimplified("偏方根治糖尿病")).isEqualTo("偏方根治糖尿病");
        assertThat(Simplifier.toSimplified("祖傳秘方")).isEqualTo("祖传秘方");
        assertThat(Simplifier.toSimplified("")).isEmpty();
    }
}
