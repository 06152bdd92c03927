package io.bianwei.internal.claims;

import io.bianwei.RulePackException.Problem;
import io.bianwei.facts.KnownClaim;
import io.bianwei.internal.lexicon.Simplifier;
import io.bianwei.internal.match.VariantTables;
import io.bianwei.internal.text.Source;
import io.bianwei.internal.text.NormalizedText;
import io.bianwei.internal.text.Normalizer;
import io.bianwei.internal.text.Sentences;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimMatcherTest {
    static final Normalizer NORMALIZER = new Normalizer(Simplifier::toSimplified);
    static ClaimMatcher matcher;

    @BeforeAll
    static void build() {
        String shrimp = ClaimBaseTest.GOOD.replace("durian-cola", "shrimp-vitamin-c")
                .replace("榴莲和可乐一起吃会导致死亡", "虾和维生素C同吃会生成砒霜")
                .replace("[\"榴莲\"]", "[\"虾\", \"海鲜\"]").replace("[\"可乐\", \"碳酸饮料\"]", "[\"维生素C\", \"维C\"]")
                .replace("[\"死\", \"致命\"]", "[\"砒霜\", \"中毒\"]");
        List<Problem> problems = new ArrayList<>();
        ClaimBase base = ClaimBase.load(List.of(new Source("claims/a.jsonl", ClaimBaseTest.GOOD + "\n" + shrimp)),
                Map.of(), problems, new ArrayList<>());
        assertThat(problems).isEmpty();
        matcher = new ClaimMatcher(base, NORMALIZER, VariantTables.EMPTY);
    }

    static List<ClaimMatcher.Match> match(String text) {
        NormalizedText norm = NORMALIZER.normalize(text);
        return matcher.match(norm, Sentences.split(norm));
    }

    @Test
    void everyThingAndEffectGroupConfirmsAMatch() {
        List<ClaimMatcher.Match> m = match("转给家里人！千万别吃完榴莲马上喝可乐，隔壁村有人这么吃当晚就死了");
        assertThat(m).singleElement().satisfies(x -> {
            assertThat(x.claim().id()).isEqualTo("food_incompatibility/durian-cola");
            assertThat(x.sentence()).isEqualTo(1);
            assertThat(x.terms()).extracting(t -> t.span().text()).containsExactly("榴莲", "可乐", "死");
            assertThat(x.similarity()).isBetween(0.5, 1.0);
            assertThat(x.keyShare()).isEqualTo(3 / 3.5, org.assertj.core.data.Offset.offset(0.01));
        });
        assertThat(match("榴莲和可乐都好吃")).as("no effect").isEmpty();
        assertThat(match("可乐喝多了会死")).as("a thing missing").isEmpty();
    }

    @Test
    void theNextSentenceMayCompleteAMatchButNotTheOneAfter() {
        assertThat(match("吃完榴莲喝了可乐。当晚就死了。")).singleElement()
                .satisfies(x -> assertThat(x.sentence()).isZero());
        assertThat(match("吃完榴莲喝了可乐。后来去睡觉了。当晚就死了。")).isEmpty();
    }

    @Test
    void spansAreOriginalThroughFoldingAndEvasions() {
        String text = "吃完榴*蓮馬上喝可樂，會死人的";
        List<ClaimMatcher.Match> m = match(text);
        assertThat(m).singleElement().satisfies(x -> {
            assertThat(x.terms()).extracting(t -> t.span().text()).containsExactly("榴*蓮", "可樂", "死");
            assertThat(x.span().text()).isEqualTo("榴*蓮馬上喝可樂，會死");
            assertThat(x.sentenceSpan().text()).isEqualTo(text);
            KnownClaim f = x.fact();
            assertThat(f.getClaimId()).isEqualTo("food_incompatibility/durian-cola");
            assertThat(f.getCategory()).isEqualTo("pseudo_science");
            assertThat(f.getFamily()).isEqualTo("food_incompatibility");
            assertThat(f.getSpans()).extracting(io.bianwei.Span::text).containsExactly("榴*蓮", "可樂", "死");
            assertThat(text.substring(f.getOriginalStart(), f.getOriginalEnd())).isEqualTo("榴*蓮馬上喝可樂，會死");
            assertThat(f.getClause()).isZero();
            assertThat(f.getLastClause()).isEqualTo(1);
            assertThat(f.getEffectEnd() - f.getEffectStart()).isEqualTo(1);
        });
    }

    @Test
    void aCompoundMayServeTwoGroupsButOneOccurrenceServesOne() {
        // 维C inside 吃维C: fine; but one occurrence of 虾 cannot be both things
        assertThat(match("吃虾的时候千万别吃维C片，会变砒霜")).singleElement()
                .satisfies(x -> assertThat(x.claim().id()).isEqualTo("food_incompatibility/shrimp-vitamin-c"));
    }

    @Test
    void similarityGrowsWithTheClaimsOwnWording() {
        double own = match("榴莲和可乐一起吃会导致死亡").get(0).similarity();
        double reworded = match("刚吃完榴莲又喝可乐，小心送死").get(0).similarity();
        assertThat(own).isGreaterThan(reworded).isLessThanOrEqualTo(1.0);
        assertThat(own).isEqualTo(1.0);
    }

    @Test
    void aClaimIsReportedOncePerStretchOfText() {
        assertThat(match("榴莲配可乐会死。榴莲配可乐会死。榴莲配可乐会死。")).extracting(ClaimMatcher.Match::sentence)
                .containsExactly(0, 2);
    }

    @Test
    void nothingToMatchIsCheap() {
        assertThat(match("")).isEmpty();
        assertThat(match("今天天气很好，我们去公园散步")).isEmpty();
    }
}
