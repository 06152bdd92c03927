package io.bianwei.bench;

import com.github.houbb.sensitive.word.bs.SensitiveWordBs;
import com.github.houbb.sensitive.word.support.result.WordResultHandlers;
import com.hankcs.hanlp.HanLP;
import io.bianwei.Screener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cold start in a fresh JVM (one shot per fork, no warm-up): building the default Screener, and building it and
 * screening one text (which also loads HanLP's dictionaries for the segmentation); the baselines' equivalents for
 * scale. Run with several forks ({@code -f 4}); the score is the mean over forks.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(4)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class StartupBench {
    static final String TEXT = "祖传秘方三天根治糖尿病";

    @Benchmark
    public Object buildScreener() {
        return Screener.builder().build();
    }

    @Benchmark
    public Object buildScreenerAndScreenOne() {
        return Screener.builder().build().screen(TEXT);
    }

    @Benchmark
    public Object hanlpFirstSegment() {
        HanLP.Config.enableDebug(false);
        return HanLP.newSegment().seg(TEXT);
    }

    /** The pack's vocabulary, read before the shot (reading it builds a Screener, which is not sensitive-word's cost). */
    @State(Scope.Benchmark)
    public static class Terms {
        List<String> terms;

        @Setup
        public void load() {
            terms = RulePackTerms.load();
        }
    }

    @Benchmark
    public Object sensitiveWordInitAndFindAll(Terms t) {
        List<String> terms = t.terms;
        return SensitiveWordBs.newInstance().wordDeny(() -> terms).wordAllow(List::of).init()
                .findAll(TEXT, WordResultHandlers.raw());
    }
}
