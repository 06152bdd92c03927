package io.bianwei.internal.pipeline;

import io.bianwei.facts.Sentence;
import io.bianwei.internal.segment.Segmenter;
import io.bianwei.internal.segment.Token;
import io.bianwei.internal.text.NormalizedText;
import io.bianwei.internal.text.Normalizer;
import io.bianwei.internal.text.Sentences;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boundary stage segments clauses, not sentences: from the clause mark before a clause to the one after it. That
 * is only right if HanLP's words inside such a piece are exactly its words in the whole sentence — checked here on
 * every sentence of the seed corpus and on sentences built to be ambiguous at their marks (的滋生地, 小鸡肉).
 */
class BoundaryFilterTest {
    private static final Segmenter SEGMENTER = new Segmenter(List.of("祖传秘方", "偏方", "根治", "糖尿病"));
    private static final Normalizer NORMALIZER = new Normalizer(s -> s);

    private static List<String> texts() throws IOException {
        List<String> out = new ArrayList<>(List.of(
                "成为细菌和病毒的滋生地,因此拔掉它能预防疾病。",
                "此外,小鸡肉中的水分相对较高,能够起到润肠通便、缓解便秘等作用。",
                "据悉:由于空隙很容易藏污纳垢;成为滋生地、因此,偏方能根治糖尿病。",
                "价格1,000元,时间10:30,联系人a;b,到时见。", "来源于:연합뉴스http://t.cn/x,见(所、站),结束。"));
        Path seeds = Path.of("../seeds");
        if (Files.isDirectory(seeds)) {
            try (var files = Files.list(seeds)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                    out.addAll(List.of(Files.readString(p).split("\n")));
                }
            }
            for (String line : Files.readAllLines(seeds.resolve("samples.jsonl"))) {
                int t = line.indexOf("\"text\":");
                if (t >= 0) {
                    out.add(line.substring(t + 8, Math.max(t + 8, line.indexOf('"', t + 8))));
                }
            }
        }
        return out;
    }

    @Test
    void everyClauseWithItsMarksIsSegmentedAsInTheWholeSentence() throws IOException {
        int pieces = 0;
        for (String text : texts()) {
            NormalizedText norm = NORMALIZER.normalize(text);
            String nt = norm.text();
            List<Sentence> sentences = Sentences.split(norm);
            int[] starts = BoundaryFilter.pieces(nt, sentences);
            for (int si = 0; si < sentences.size(); si++) {
                int from = si == 0 ? 0 : sentences.get(si).getStart();
                int to = si + 1 < sentences.size() ? sentences.get(si + 1).getStart() : nt.length();
                Set<String> whole = new TreeSet<>();
                for (Token t : SEGMENTER.segment(nt.substring(from, to))) {
                    whole.add((t.start() + from) + ":" + t.word());
                }
                Set<String> pieced = new TreeSet<>();
                for (int pi = 0; pi < starts.length; pi++) {
                    int a = starts[pi];
                    int b = pi + 1 < starts.length ? starts[pi + 1] : nt.length();
                    if (a < from || a >= to) {
                        continue;
                    }
                    if (b < nt.length() && b < to && BoundaryFilter.isMark(nt, b)) {
                        b++;
                    }
                    pieces++;
                    for (Token t : SEGMENTER.segment(nt.substring(a, b))) {
                        pieced.add((t.start() + a) + ":" + t.word());
                    }
                }
                assertThat(pieced).as("%s", nt.substring(from, to)).isEqualTo(whole);
            }
        }
        assertThat(pieces).isGreaterThan(50);
    }
}
