package io.bianwei.quality;

import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CurvesTest {
    /** 100 ok texts scoring 0..99; positives 97, 96, 50, 10. */
    private static Curves.Curve example() {
        double[] ok = new double[100];
        for (int i = 0; i < 100; i++) {
            ok[i] = i;
        }
        return Curves.curve("pseudo_science", Curves.Ranking.SCORE, new double[]{97, 96, 50, 10}, ok);
    }

    @Test
    void recallAtRatesCutsWhereAtMostThatShareOfOkTextsScores() {
        Curves.Curve c = example();
        assertThat(c.atRates()).extracting(Curves.AtRate::rate).containsExactly(0.005, 0.01, 0.02, 0.05);
        // 0.5 %: none of 100 may pass: just above 99
        assertThat(c.atRates().get(0).threshold()).isGreaterThan(99).isLessThan(99.001);
        assertThat(c.atRates().get(0).okRate()).isZero();
        // 2 %: 98 and 99 may pass: the cut is 97.5, 97 stays out
        assertThat(c.atRates().get(2).threshold()).isEqualTo(97.5);
        assertThat(c.atRates().get(2).okRate()).isEqualTo(0.02);
        assertThat(c.atRates().get(2).caught()).isZero();
        // 5 %: 95..99 pass, cut 94.5: 97 and 96 caught
        assertThat(c.atRates().get(3).threshold()).isEqualTo(94.5);
        assertThat(c.atRates().get(3).recall()).isEqualTo(0.5);
        assertThat(c.atRates().get(3).okRate()).isEqualTo(0.05);
    }

    @Test
    void rocAucCountsTiesAsHalf() {
        // per positive: ok texts below it + half the tie: 97.5 + 96.5 + 50.5 + 10.5 = 255 of 400 pairs
        assertThat(example().rocAuc()).isCloseTo(255 / 400.0, within(1e-12));
        Curves.Curve perfect = Curves.curve("x", Curves.Ranking.SCORE, new double[]{5, 6}, new double[]{1, 2, 3});
        assertThat(perfect.rocAuc()).isEqualTo(1.0);
        Curves.Curve allTied = Curves.curve("x", Curves.Ranking.SCORE, new double[]{0, 0}, new double[]{0, 0, 0});
        assertThat(allTied.rocAuc()).isEqualTo(0.5);
        assertThat(Curves.curve("x", Curves.Ranking.SCORE, new double[]{}, new double[]{1}).rocAuc()).isNaN();
    }

    @Test
    void pointsRunFromNothingFlaggedToEverything() {
        List<Curves.Point> p = example().points();
        assertThat(p.get(0).recall()).isZero();
        assertThat(p.get(0).okRate()).isZero();
        assertThat(p.get(p.size() - 1).recall()).isEqualTo(1.0);
        assertThat(p.get(p.size() - 1).okRate()).isEqualTo(1.0);
        for (int k = 1; k < p.size(); k++) {
            assertThat(p.get(k).recall()).isGreaterThanOrEqualTo(p.get(k - 1).recall());
            assertThat(p.get(k).okRate()).isGreaterThanOrEqualTo(p.get(k - 1).okRate());
        }
    }

    private static ScreeningResult result(int score, Map<String, Integer> cats) {
        return new ScreeningResult("x", score >= 40 ? Verdict.REVIEW : Verdict.PASS, score, cats, List.of(), "v",
                Duration.ZERO, true, List.of());
    }

    @Test
    void theAccumulatorRanksByScoreAndByCategoryScore() {
        Curves.Accumulator acc = new Curves.Accumulator();
        acc.add(new Sample("f1", "t", Label.FLAG, "pseudo_science"), result(50, Map.of("pseudo_science", 50)));
        acc.add(new Sample("f2", "t", Label.FLAG, "privacy_abuse"), result(80, Map.of("privacy_abuse", 80)));
        acc.add(new Sample("f3", "t", Label.FLAG, null), result(0, Map.of()));
        acc.add(new Sample("o1", "t", Label.OK, null), result(60, Map.of("privacy_abuse", 60)));
        acc.add(new Sample("o2", "t", Label.OK, "health"), result(0, Map.of()));
        Curves.Report r = acc.report();
        assertThat(r.of(Curves.Ranking.SCORE)).extracting(Curves.Curve::category)
                .containsExactly("privacy_abuse", "pseudo_science", Evaluation.NO_CATEGORY);
        Curves.Curve psByScore = r.of(Curves.Ranking.SCORE).get(1);
        Curves.Curve psByCat = r.of(Curves.Ranking.CATEGORY_SCORE).get(1);
        assertThat(psByScore.rocAuc()).isEqualTo(0.5); // 50: above o2 (0), below o1 (60)
        assertThat(psByCat.rocAuc()).isEqualTo(1.0); // o1 has no pseudo_science score
        assertThat(psByScore.flag()).isEqualTo(1);
        assertThat(psByScore.ok()).isEqualTo(2);
    }

    @Test
    void theSvgIsWellFormedXmlWithTheFiguresInTheTitle() throws Exception {
        Curves.Report r = new Curves.Report(List.of(example(), Curves.curve("privacy_abuse & <co>",
                Curves.Ranking.CATEGORY_SCORE, new double[]{1}, new double[]{0})));
        String svg = Curves.svg(r, "eval of \"labels\" <test>");
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(d.getDocumentElement().getNodeName()).isEqualTo("svg");
        assertThat(d.getElementsByTagName("polyline").getLength()).isEqualTo(4); // 2 curves x 2 panels
        assertThat(svg).contains("pseudo_science: recall 0.0% at 1% ok flagged, 0.0% at 2%, ROC AUC 0.638 "
                + "(4 flag, 100 ok)").contains("&lt;test&gt;");
    }
}
