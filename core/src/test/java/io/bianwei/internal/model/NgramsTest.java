package io.bianwei.internal.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NgramsTest {
    private static final String TEXT = "祖传秘方三天根治糖尿病，无效退款。祖传秘方，qq123";

    @Test
    void theVectorIsSortedDistinctAndL2Normalised() {
        Ngrams.Vector v = Ngrams.of(TEXT, 18, 1, 3, 0);
        assertThat(v.size()).isPositive();
        for (int k = 1; k < v.size(); k++) {
            assertThat(v.index(k)).isGreaterThan(v.index(k - 1));
        }
        for (int k = 0; k < v.size(); k++) {
            assertThat(v.index(k)).isBetween(0, (1 << 18) - 1);
            assertThat(v.value(k)).isPositive();
        }
        assertThat(v.norm()).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void indicesAreFixedNumbersOnEveryJvm() {
        // FNV-1a over UTF-16 units, XOR n * 0x9E3779B9, fmix32, low 18 bits: pinned, so that a change of the hash
        // (which would silently invalidate every model file) fails here
        assertThat(Ngrams.indexOf("秘方", 18)).isEqualTo(115892);
        assertThat(Ngrams.indexOf("秘", 18)).isEqualTo(45113);
        assertThat(Ngrams.indexOf("根治糖", 18)).isEqualTo(27556);
        int h = 0x811C9DC5;
        for (char c : "秘方".toCharArray()) {
            h = (h ^ c) * 0x01000193;
        }
        assertThat(Ngrams.fmix32(h ^ (2 * 0x9E3779B9)) & 0x3FFFF).isEqualTo(115892);
    }

    @Test
    void countsAreWhatTheTextHolds() {
        // 秘方 occurs twice, 无效 once: their values are in the ratio of their counts (barring a collision)
        Ngrams.Vector v = Ngrams.of(TEXT, 20, 1, 3, 0);
        float twice = v.valueAt(Ngrams.indexOf("秘方", 20));
        float once = v.valueAt(Ngrams.indexOf("无效", 20));
        assertThat(twice).isCloseTo(2 * once, within(1e-6f));
        // the same n-gram counted by hand: the vector's squared values sum to 1 over counts^2
        assertThat(once).isPositive();
    }

    @Test
    void sameInputSameVectorAndTheArraysAreCopies() {
        Ngrams.Vector a = Ngrams.of(TEXT, 18, 1, 3, 400);
        Ngrams.Vector b = Ngrams.of(new StringBuilder(TEXT), 18, 1, 3, 400);
        assertThat(a).isEqualTo(b);
        int[] idx = a.indices();
        idx[0] = -5;
        assertThat(a.index(0)).isNotEqualTo(-5);
    }

    @Test
    void punctuationOnlyNgramsAreNoFeaturesInTheDefaultScheme() {
        assertThat(Ngrams.of("，。！", 18, 1, 3, 0).size()).isZero();
        assertThat(Ngrams.of("，。！", Ngrams.Scheme.FNV1A_FMIX32_ALL, 18, 1, 3, 0).size()).isPositive();
        // the non-ASCII scheme leaves out any n-gram with an ASCII letter or digit
        Ngrams.Vector v = Ngrams.of("qq", Ngrams.Scheme.FNV1A_FMIX32_NONASCII, 18, 1, 3, 0);
        assertThat(v.size()).isZero();
        assertThat(Ngrams.of("qq", 18, 1, 3, 0).size()).isEqualTo(2); // q, qq
    }

    @Test
    void onlyTheFirstMaxCharsCount() {
        String longer = "秘方".repeat(300) + "根治";
        Ngrams.Vector v = Ngrams.of(longer, 20, 1, 3, 400);
        assertThat(v.valueAt(Ngrams.indexOf("根治", 20))).isZero();
        assertThat(Ngrams.of(longer, 20, 1, 3, 0).valueAt(Ngrams.indexOf("根治", 20))).isPositive();
        assertThat(Ngrams.of("", 18, 1, 3, 0).size()).isZero();
        assertThat(Ngrams.of("秘", 18, 2, 3, 0).size()).isZero();
    }

    @Test
    void occurrencesFindEveryPlaceOfAFeature() {
        List<int[]> at = new ArrayList<>();
        Ngrams.occurrences(TEXT, Ngrams.indexOf("秘方", 18), 18, 1, 3, 0, (s, e) -> at.add(new int[]{s, e}));
        assertThat(at).extracting(a -> TEXT.substring(a[0], a[1])).contains("秘方");
        assertThat(at.stream().filter(a -> TEXT.substring(a[0], a[1]).equals("秘方"))).hasSize(2);
        assertThat(at.get(0)[0]).isEqualTo(2);
        // every index of the vector occurs somewhere
        Ngrams.Vector v = Ngrams.of(TEXT, 18, 1, 3, 0);
        for (int k = 0; k < v.size(); k++) {
            int[] n = {0};
            Ngrams.occurrences(TEXT, v.index(k), 18, 1, 3, 0, (s, e) -> n[0]++);
            assertThat(n[0]).isPositive();
        }
    }

    @Test
    void longTextsUseTheRadixSortAndAgreeWithAPlainSort() {
        StringBuilder sb = new StringBuilder();
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 2000; i++) {
            sb.append((char) (0x4E00 + r.nextInt(3000)));
        }
        Ngrams.Vector v = Ngrams.of(sb, 18, 1, 3, 0);
        java.util.TreeMap<Integer, Integer> counts = new java.util.TreeMap<>();
        for (int i = 0; i < sb.length(); i++) {
            for (int n = 1; n <= 3 && i + n <= sb.length(); n++) {
                counts.merge(Ngrams.indexOf(sb.subSequence(i, i + n), 18), 1, Integer::sum);
            }
        }
        assertThat(v.size()).isEqualTo(counts.size());
        assertThat(v.indices()).containsExactly(counts.keySet().stream().mapToInt(Integer::intValue).toArray());
        double norm = Math.sqrt(counts.values().stream().mapToDouble(c -> (double) c * c).sum());
        int k = 0;
        for (int c : counts.values()) {
            assertThat((double) v.value(k++)).isCloseTo(c / norm, within(1e-6));
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> Ngrams.of("a", 0, 1, 3, 0)).hasMessageContaining("dimBits");
        assertThatThrownBy(() -> Ngrams.of("a", 18, 3, 2, 0)).hasMessageContaining("minN");
        assertThatThrownBy(() -> Ngrams.Scheme.parse("md5")).hasMessageContaining("unknown n-gram scheme 'md5'");
        assertThatThrownBy(() -> Ngrams.Vector.of(new int[]{2, 1}, new float[]{1, 1})).hasMessageContaining("ascending");
    }
}
