package io.bianwei.internal.model;

import io.bianwei.RulePackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LinearVerdictTest {
    private static final LinearVerdict.Features FEATURES = new LinearVerdict.Features(Ngrams.DEFAULT_SCHEME, 18, 1,
            3, 400, 3.0);

    static LinearVerdict model() {
        int mifang = Ngrams.indexOf("秘方", 18);
        int genzhi = Ngrams.indexOf("根治", 18);
        int piyao = Ngrams.indexOf("辟谣", 18);
        return LinearVerdict.of(FEATURES,
                new LinearVerdict.Thresholds(0.6, 0.9, 0.02, 0.005, 0.018, 0.004),
                new LinearVerdict.Provenance("unit test\nsecond line", "2026-05-01", 10, 4, 6),
                List.of(new LinearVerdict.CategoryWeights("pseudo_science", 100, 3, 7, -2.5,
                                Map.of("PS_CURE_CLAIM", 0.8, "CTX_DEBUNK", -1.25, "ZERO", 0.0000001),
                                Map.of(mifang, 3.0, genzhi, 2.123456789, piyao, -4.0)),
                        new LinearVerdict.CategoryWeights("privacy_abuse", 30, 1, 9, -4.0,
                                Map.of("PA_SELL_DATA", 1.5), Map.of(Ngrams.indexOf("开房", 18), 5.0))));
    }

    @Test
    void contributionsSumToTheLogit() {
        LinearVerdict m = model();
        String text = "祖传秘方三天根治糖尿病，秘方";
        LinearVerdict.Score s = m.score(Set.of("PS_CURE_CLAIM", "CTX_DEBUNK", "UNKNOWN"), m.vector(text));
        LinearVerdict.CategoryScore ps = s.categories().get("pseudo_science");
        double sum = ps.bias() + ps.rules().stream().mapToDouble(LinearVerdict.RuleContribution::contribution).sum()
                + ps.ngrams().stream().mapToDouble(LinearVerdict.NgramContribution::contribution).sum();
        assertThat(sum).isCloseTo(ps.logit(), within(1e-9));
        assertThat(ps.probability()).isCloseTo(1 / (1 + Math.exp(-ps.logit())), within(1e-12));
        assertThat(ps.rules()).extracting(LinearVerdict.RuleContribution::ruleId)
                .containsExactly("CTX_DEBUNK", "PS_CURE_CLAIM"); // |−3.75| before |2.4|; unknown rule adds nothing
        assertThat(ps.rules().get(1).contribution()).isCloseTo(0.8 * 3.0, within(1e-12));
        assertThat(ps.ngrams()).extracting(LinearVerdict.NgramContribution::index)
                .startsWith(Ngrams.indexOf("秘方", 18));
        for (int k = 1; k < ps.ngrams().size(); k++) {
            assertThat(Math.abs(ps.ngrams().get(k).contribution()))
                    .isLessThanOrEqualTo(Math.abs(ps.ngrams().get(k - 1).contribution()));
        }
        assertThat(s.probability()).isEqualTo(Math.max(ps.probability(),
                s.categories().get("privacy_abuse").probability()));
        assertThat(s.topCategory()).isEqualTo("pseudo_science");
        assertThat(m.probability(Set.of("PS_CURE_CLAIM", "CTX_DEBUNK"), m.vector(text))).isEqualTo(s.probability());
        assertThat(m.probability("pseudo_science", Set.of("PS_CURE_CLAIM", "CTX_DEBUNK"), m.vector(text)))
                .isEqualTo(ps.probability());
    }

    @Test
    void writeThenReadScoresTheSameAndWritesTheSameBytes(@TempDir Path dir) throws Exception {
        LinearVerdict m = model();
        Path f = dir.resolve("models/verdict.model");
        m.write(f);
        LinearVerdict back = LinearVerdict.read(f);
        assertThat(back.format()).isEqualTo(m.format());
        assertThat(back.version()).isEqualTo(m.version()).hasSize(12);
        String text = "辟谣：祖传秘方不能根治糖尿病";
        Set<String> fired = Set.of("PS_CURE_CLAIM", "CTX_DEBUNK");
        assertThat(back.score(fired, back.vector(text))).isEqualTo(m.score(fired, m.vector(text)));
        assertThat(back.reviewThreshold()).isEqualTo(0.6);
        assertThat(back.blockThreshold()).isEqualTo(0.9);
        assertThat(back.provenance()).isEqualTo(new LinearVerdict.Provenance("unit test second line", "2026-05-01", 10,
                4, 6));
        assertThat(back.features()).isEqualTo(FEATURES);
        LinearVerdict fromStream = LinearVerdict.read(new ByteArrayInputStream(Files.readAllBytes(f)));
        assertThat(fromStream.version()).isEqualTo(m.version());
    }

    @Test
    void theFileIsSortedRoundedAndHoldsOnlyNonZeroWeights() {
        String text = model().format();
        assertThat(text).startsWith("bianwei-linear-verdict 1\nprovenance unit test second line\n"
                + "trained 2026-05-01 10 4 6\nfeatures fnv1a-fmix32-word 18 1 3 400 3\n"
                + "thresholds 0.6 0.9 0.02 0.005 0.018 0.004\ncategory privacy_abuse 30 1 9\nbias -4\n"
                + "rule PA_SELL_DATA 1.5\n");
        assertThat(text).contains("category pseudo_science 100 3 7\nbias -2.5\nrule CTX_DEBUNK -1.25\n"
                + "rule PS_CURE_CLAIM 0.8\nngram ");
        assertThat(text).contains(" 2.123457\n").doesNotContain("ZERO").doesNotContain("E-").doesNotContain("e-");
        // the same parts in another order make the same file
        LinearVerdict m = model();
        LinearVerdict again = LinearVerdict.of(m.features(), m.thresholds(), m.provenance(),
                List.of(m.weights().get(1), m.weights().get(0)));
        assertThat(again.format()).isEqualTo(text);
    }

    @Test
    void numbersAreWrittenWithFixedFormatting() {
        assertThat(LinearVerdict.num(LinearVerdict.round(-0.0000004))).isEqualTo("0");
        assertThat(LinearVerdict.num(LinearVerdict.round(1e-6))).isEqualTo("0.000001");
        assertThat(LinearVerdict.num(LinearVerdict.round(-12.3456789))).isEqualTo("-12.345679");
        assertThat(LinearVerdict.num(100)).isEqualTo("100");
        for (double d : new double[]{0.1, 0.7, 1.000001, 123.456789, -0.000123}) {
            assertThat(Double.parseDouble(LinearVerdict.num(LinearVerdict.round(d)))).isEqualTo(LinearVerdict.round(d));
        }
    }

    @Test
    void badFilesNameTheLine() {
        String good = model().format();
        assertThatThrownBy(() -> parse("hello\n")).isInstanceOf(RulePackException.class)
                .hasMessageContaining("models/verdict.model:1: not a Bianwei linear verdict model");
        String badRule = good.replace("rule PS_CURE_CLAIM 0.8\n", "rule PS_CURE_CLAIM\n");
        int line = lineOf(badRule, "rule PS_CURE_CLAIM");
        assertThatThrownBy(() -> parse(badRule))
                .hasMessageContaining("models/verdict.model:" + line + ": expected 'rule <id> <weight>'");
        String badNumber = good.replace("bias -2.5", "bias minus");
        assertThatThrownBy(() -> parse(badNumber)).hasMessageContaining("models/verdict.model:"
                + lineOf(badNumber, "bias minus") + ": bias is not a number: 'minus'");
        String badIndex = good.replaceFirst("ngram \\d+", "ngram 999999999");
        assertThatThrownBy(() -> parse(badIndex)).hasMessageContaining(":" + lineOf(badIndex, "ngram 999999999")
                + ": n-gram index must be within 0..262143");
        String unsorted = good.replace("rule CTX_DEBUNK -1.25\nrule PS_CURE_CLAIM 0.8\n",
                "rule PS_CURE_CLAIM 0.8\nrule CTX_DEBUNK -1.25\n");
        assertThatThrownBy(() -> parse(unsorted)).hasMessageContaining("rule ids must be sorted");
        assertThatThrownBy(() -> parse(good.replace("fnv1a-fmix32-word", "md5")))
                .hasMessageContaining(":4: unknown n-gram scheme 'md5'");
        assertThatThrownBy(() -> parse(good.replace("thresholds 0.6 0.9", "thresholds 0.6 0.5")))
                .hasMessageContaining(":5: block threshold must be within 0.6..1");
        assertThatThrownBy(() -> parse(good.substring(0, good.indexOf("category"))))
                .hasMessageContaining("models/verdict.model: the model has no category");
        assertThatThrownBy(() -> parse(good.replace("bias -4\n", "")))
                .hasMessageContaining("expected 'bias <weight>'");
        assertThatThrownBy(() -> parse(good + "weight 3\n"))
                .hasMessageContaining(":" + (good.split("\n").length + 1) + ": expected 'rule <id> <weight>', 'ngram");
        // comments and blank lines are allowed after the first line, and are not part of the model's version
        assertThat(parse(good.replace("\ncategory pseudo", "\n# a comment\n\ncategory pseudo")).version())
                .isEqualTo(model().version());
        assertThatThrownBy(() -> LinearVerdict.read(new ByteArrayInputStream(new byte[]{(byte) 0xff, 0x41}), "x.model"))
                .hasMessageContaining("x.model: the model file is not UTF-8 text");
        assertThatThrownBy(() -> LinearVerdict.read(Path.of("no/such/verdict.model")))
                .hasMessageContaining("no/such/verdict.model: cannot read the model file");
    }

    @Test
    void thresholdsAndSettingsAreChecked() {
        assertThatThrownBy(() -> new LinearVerdict.Thresholds(0.9, 0.5, 0.02, 0.005, 0, 0))
                .hasMessageContaining("block threshold");
        assertThatThrownBy(() -> new LinearVerdict.Features(Ngrams.DEFAULT_SCHEME, 18, 1, 3, 400, 0))
                .hasMessageContaining("ruleValue");
        assertThatThrownBy(() -> new LinearVerdict.CategoryWeights("two words", 1, 0, 0, 0, Map.of(), Map.of()))
                .hasMessageContaining("one word");
        assertThatThrownBy(() -> LinearVerdict.of(FEATURES, model().thresholds(), model().provenance(),
                List.of(new LinearVerdict.CategoryWeights("x", 1, 0, 0, 0, Map.of(), Map.of(1 << 18, 1.0)))))
                .hasMessageContaining("outside");
    }

    @Test
    void occurrencesUseTheModelsSettings() {
        LinearVerdict m = model();
        String text = "祖传秘方，秘方";
        List<Integer> starts = new java.util.ArrayList<>();
        m.occurrences(text, Ngrams.indexOf("秘方", 18), (s, e) -> starts.add(s));
        assertThat(starts).containsExactly(2, 5);
    }

    private static LinearVerdict parse(String content) {
        return LinearVerdict.read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                "models/verdict.model");
    }

    private static int lineOf(String content, String start) {
        String[] lines = content.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError(start);
    }

    @Test
    void nGramLinesReadWithoutStringsAreReadAsTheGeneralPathReadsThem() {
        java.util.Random r = new java.util.Random(11);
        Map<Integer, Double> ngrams = new java.util.HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            double w = switch (i % 4) {
                case 0 -> r.nextGaussian();
                case 1 -> r.nextGaussian() * 1e-5;
                case 2 -> r.nextGaussian() * 1e7;
                default -> r.nextInt(2_000) - 1_000;
            };
            ngrams.put(r.nextInt(1 << 18), w);
        }
        LinearVerdict m = LinearVerdict.of(FEATURES, new LinearVerdict.Thresholds(0.6, 0.9, 0.02, 0.005, 0.018, 0.004),
                new LinearVerdict.Provenance("random", "2026-05-01", 10, 4, 6),
                List.of(new LinearVerdict.CategoryWeights("x", 1, 1, 1, 0.5, Map.of("R", 1.0), ngrams)));
        String text = m.format();
        // the same lines in forms the fast reader leaves to the general one: spaces doubled, CRLF, no final newline
        for (String variant : List.of(text, text.replace("\nngram ", "\nngram  "), text.replace("\n", "\r\n"),
                text.substring(0, text.length() - 1))) {
            LinearVerdict read = parse(variant);
            assertThat(read.weights()).isEqualTo(m.weights());
            assertThat(read.version()).isEqualTo(m.version());
        }
        // numbers the writer never writes but a person may: each is what Double.parseDouble makes of it
        String head = text.substring(0, text.indexOf("ngram "));
        String[] odd = {"007.50", "1.", "-0", "0.0000001", "123456789.123456", "123456789.1234567", "-999999999",
                "1e-3", "+2", "0.1234567", "-.5"};
        StringBuilder fast = new StringBuilder(head);
        StringBuilder slow = new StringBuilder(head);
        for (int k = 0; k < odd.length; k++) {
            fast.append("ngram ").append(k + 1).append(' ').append(odd[k]).append('\n');
            slow.append("ngram  ").append(k + 1).append(' ').append(odd[k]).append('\n');
        }
        LinearVerdict f = parse(fast.toString());
        assertThat(f.weights()).isEqualTo(parse(slow.toString()).weights());
        assertThat(f.version()).isEqualTo(parse(slow.toString()).version());
        for (int k = 0; k < odd.length; k++) {
            double expected = LinearVerdict.round(Double.parseDouble(odd[k]));
            assertThat(f.weights().get(0).ngrams().getOrDefault(k + 1, 0.0)).as(odd[k])
                    .isEqualTo(expected == 0 ? 0.0 : expected);
        }
        // a line break inside the run of n-grams, a tab in a rule id: named with their line
        assertThatThrownBy(() -> parse(fast.toString().replace("ngram 3 -0", "ngram 3")))
                .hasMessageContaining("expected 'ngram <index> <weight>'");
        assertThatThrownBy(() -> parse(text.replace("rule R 1", "rule R\tS 1")))
                .hasMessageContaining(": a rule id is one word, got 'R\tS'");
    }

    @Test
    void fieldsAreSplitAsTheRegularExpressionSplitsThem() {
        java.util.Random r = new java.util.Random(7);
        String alphabet = "ab 1.-\t";
        for (int k = 0; k < 2_000; k++) {
            StringBuilder sb = new StringBuilder();
            for (int i = r.nextInt(12); i > 0; i--) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String l = sb.toString().strip();
            if (l.isEmpty()) {
                continue;
            }
            assertThat(LinearVerdict.fields(l)).as("'%s'", l).containsExactly(l.split(" +"));
        }
    }
}
