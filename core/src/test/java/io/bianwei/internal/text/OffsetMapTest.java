package io.bianwei.internal.text;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetMapTest {
    @Test
    void identityStoresNothing() {
        OffsetMap m = new OffsetMap.Builder().add(0, 1).add(1, 2).add(2, 3).build();
        assertThat(m.entries()).isZero();
        assertThat(m.start(2)).isEqualTo(2);
        assertThat(m.end(2)).isEqualTo(3);
    }

    @Test
    void deletionsCollapsesAndExpansionsAreExact() {
        // source "a\u200Bbbbc㎏": a, (deleted), bbb collapsed to b, c, ㎏ expanded to k g
        OffsetMap m = new OffsetMap.Builder().add(0, 1).add(2, 5).add(5, 6).add(6, 7).add(6, 7).build();
        assertThat(m.length()).isEqualTo(5);
        int[][] expected = {{0, 1}, {2, 5}, {5, 6}, {6, 7}, {6, 7}};
        for (int i = 0; i < expected.length; i++) {
            assertThat(new int[]{m.start(i), m.end(i)}).as("char %d", i).isEqualTo(expected[i]);
        }
        assertThat(m.correct(1, 3)).containsExactly(2, 6);
        assertThat(m.entries()).isLessThanOrEqualTo(4);
    }

    @Test
    void outOfRangeAndDisorderFailLoudly() {
        OffsetMap m = new OffsetMap.Builder().add(0, 1).build();
        assertThatThrownBy(() -> m.start(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> m.correct(0, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new OffsetMap.Builder().add(3, 4).add(1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of order");
        assertThatThrownBy(() -> new OffsetMap.Builder().add(3, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Random monotone maps answer exactly as the dense per-char arrays they replace, alone and chained. */
    @Test
    void agreesWithDenseArraysOnRandomMaps() {
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            int n = 1 + random.nextInt(200);
            int[][] inner = randomRanges(random, n);
            OffsetMap.Builder b = new OffsetMap.Builder();
            for (int[] r : inner) {
                b.add(r[0], r[1]);
            }
            OffsetMap m = b.build();
            for (int i = 0; i < n; i++) {
                assertThat(m.start(i)).isEqualTo(inner[i][0]);
                assertThat(m.end(i)).isEqualTo(inner[i][1]);
            }
            // a view over the derived text, chained back to the source
            int[][] outer = randomRanges(random, n);
            int k = 0;
            while (k < outer.length && outer[k][1] <= n) {
                k++;
            }
            OffsetMap.Builder vb = new OffsetMap.Builder();
            for (int i = 0; i < k; i++) {
                vb.add(outer[i][0], outer[i][1]);
            }
            OffsetMap view = vb.build().then(m);
            for (int i = 0; i < k; i++) {
                assertThat(view.start(i)).isEqualTo(inner[outer[i][0]][0]);
                assertThat(view.end(i)).isEqualTo(inner[outer[i][1] - 1][1]);
            }
        }
    }

    private static int[][] randomRanges(Random random, int n) {
        int[][] out = new int[n][];
        int pos = 0;
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            if (kind == 0 && i > 0) {
                out[i] = out[i - 1].clone(); // expansion: same source as the previous char
                continue;
            }
            if (kind == 1) {
                pos += 1 + random.nextInt(3); // deletion before this char
            }
            int len = kind == 2 ? 2 + random.nextInt(3) : 1; // a collapsed run
            out[i] = new int[]{pos, pos + len};
            pos += len;
        }
        return out;
    }
}
