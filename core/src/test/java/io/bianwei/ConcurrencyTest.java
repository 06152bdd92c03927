package io.bianwei;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest {
    private static final String[] TEXTS = {
            "这个偏方能根治糖尿病", "辟谣：偏方能根治糖尿病是假的", "今天天气很好", "祖传秘方治愈高血压。",
            "【辟谣】网传偏方能根治糖尿病", "", "偏 方 能 根 治 糖 尿 病", "高血压患者请遵医嘱服药",
    };

    /** Compares what matters: verdict, score, findings (not elapsed time). */
    private static String key(ScreeningResult r) {
        return r.verdict() + "/" + r.score() + "/" + r.categoryScores() + "/" + r.findings();
    }

    @Test
    void eightThreadsGetExactlyTheSequentialResults() throws Exception {
        Screener screener = TestPacks.screener();
        List<String> expected = new ArrayList<>();
        for (String t : TEXTS) {
            expected.add(key(screener.screen(t)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int th = 0; th < 8; th++) {
                final int offset = th;
                futures.add(pool.submit(() -> {
                    List<String> got = new ArrayList<>();
                    for (int i = 0; i < 1000; i++) {
                        int k = (i + offset) % TEXTS.length;
                        got.add(k + "=" + key(screener.screen(TEXTS[k])));
                    }
                    return got;
                }));
            }
            for (Future<List<String>> f : futures) {
                List<String> got = f.get();
                assertThat(got).hasSize(1000);
                for (String g : got) {
                    int k = Integer.parseInt(g.substring(0, g.indexOf('=')));
                    assertThat(g.substring(g.indexOf('=') + 1)).isEqualTo(expected.get(k));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
