package io.bianwei.bench;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.DynamicCustomDictionary;
import com.hankcs.hanlp.seg.Segment;
import io.bianwei.Screener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Evidence for the proposed core and rule-pack changes, measured without changing them (not part of the main
 * suite; {@code BENCH_ABLATION=1 bench/run.sh} adds it). Same op as {@link ThroughputBench}: one pass over a corpus.
 * <ul>
 *   <li>{@code bianweiCtxFix}: the default pack with CTX_DEBUNK_ARTICLE replaced by the scalable rewrite in
 *       {@code bianwei/bench/ctxfix/context/debunk_article.drl} (same scores);</li>
 *   <li>{@code segmentAsBianweiPos} / {@code segmentAsBianweiNoPos}: HanLP configured as Bianwei's segmenter (custom
 *       dictionary of the pack's terms of 3+ chars, offsets, recognisers off) with part-of-speech tagging on, as
 *       now, and off. HanLP 1.8.6's POS tagging reallocates the whole 148×148 transition matrix on every call
 *       ({@code TransformMatrix.extend}: 148 natures ≠ 107 states), and the rules never read the tag.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx2g", "-XX:+ExitOnOutOfMemoryError"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 3, time = 2)
public class AblationBench {

    @State(Scope.Benchmark)
    public static class Texts {
        @Param({"mix", "flagged"})
        public String corpus;

        public String[] texts;

        @Setup(Level.Trial)
        public void load() {
            texts = Corpora.load(corpus).texts().toArray(String[]::new);
        }
    }

    @State(Scope.Benchmark)
    public static class CtxFix {
        public Screener screener;

        @Setup(Level.Trial)
        public void build(Texts t) {
            // addRules(Path) is the way to replace a default rule by id: copy the rewrite out of the jar
            Path dir;
            try (InputStream in = AblationBench.class.getResourceAsStream(
                    "/bianwei/bench/ctxfix/context/debunk_article.drl")) {
                dir = Files.createTempDirectory("bianwei-ctxfix");
                dir.toFile().deleteOnExit();
                Path drl = dir.resolve("debunk_article.drl");
                Files.copy(in, drl);
                drl.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            screener = Screener.builder().addRules(dir).build();
            int flagged = Guard.screenAll(screener, t.texts, "bianwei (ctx fix) on " + t.corpus);
            System.out.printf("[bench] bianwei with CTX_DEBUNK_ARTICLE rewritten: %d of %d texts not PASS%n", flagged,
                    t.texts.length);
        }
    }

    @State(Scope.Benchmark)
    public static class Segmenters {
        public Segment pos;
        public Segment noPos;

        @Setup(Level.Trial)
        public void build() {
            HanLP.Config.enableDebug(false);
            DynamicCustomDictionary dict = new DynamicCustomDictionary();
            for (String term : RulePackTerms.load()) {
                if (term.codePointCount(0, term.length()) >= 3) {
                    dict.insert(term, "nz 1024");
                }
            }
            pos = configure(dict).enablePartOfSpeechTagging(true);
            noPos = configure(dict).enablePartOfSpeechTagging(false);
        }

        private static Segment configure(DynamicCustomDictionary dict) {
            return HanLP.newSegment().enableOffset(true).enableCustomDictionary(dict)
                    .enableCustomDictionaryForcing(false).enableNameRecognize(false)
                    .enableTranslatedNameRecognize(false).enableJapaneseNameRecognize(false)
                    .enablePlaceRecognize(false).enableOrganizationRecognize(false)
                    .enableNumberQuantifierRecognize(false);
        }
    }

    @Benchmark
    public void bianweiCtxFix(Texts t, CtxFix b, Blackhole bh) {
        for (String s : t.texts) {
            bh.consume(b.screener.screen(s));
        }
    }

    @Benchmark
    public void segmentAsBianweiPos(Texts t, Segmenters s, Blackhole bh) {
        for (String x : t.texts) {
            bh.consume(s.pos.seg(x));
        }
    }

    @Benchmark
    public void segmentAsBianweiNoPos(Texts t, Segmenters s, Blackhole bh) {
        for (String x : t.texts) {
            bh.consume(s.noPos.seg(x));
        }
    }
}
