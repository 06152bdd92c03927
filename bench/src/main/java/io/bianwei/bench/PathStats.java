package io.bianwei.bench;

import io.bianwei.Explanation;
import io.bianwei.Screener;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the full pipeline does with each text of each corpus: no term hit, hits that all fall off at word
 * boundaries, rules run without a finding, rules run with findings. It uses {@code explain}, which runs every stage
 * (the rule-need fast path of {@code screen} is not visible through the public API), so the last two columns are an
 * upper bound of the texts that reach the rules. Not a benchmark:
 * {@code java -cp bench/target/benchmarks.jar io.bianwei.bench.PathStats}.
 */
public final class PathStats {
    private PathStats() {
    }

    public static void main(String[] args) {
        Screener screener = Screener.builder().build();
        List<String> names = args.length > 0 ? List.of(args) : List.of("mix", "flagged", "seed", "long");
        System.out.println("| corpus | texts | no term hit | hits dropped at word boundaries | rules ran, no finding"
                + " | rules ran, findings | chars segmented + ruled |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (String name : names) {
            Corpora.Corpus c = Corpora.load(name);
            int[] n = new int[4];
            long[] chars = new long[4];
            Map<String, Integer> listsOnRuledNoFinding = new HashMap<>();
            for (String t : c.texts()) {
                Explanation e = screener.explain(t);
                int k;
                if (e.hits().isEmpty()) {
                    k = 0;
                } else if (e.hits().stream().noneMatch(Explanation.TermHit::kept)) {
                    k = 1;
                } else if (e.result().findings().isEmpty()) {
                    k = 2;
                    e.hits().stream().filter(Explanation.TermHit::kept).map(Explanation.TermHit::list).distinct()
                            .forEach(l -> listsOnRuledNoFinding.merge(l, 1, Integer::sum));
                } else {
                    k = 3;
                }
                n[k]++;
                chars[k] += t.length();
            }
            int total = c.texts().size();
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %.0f %% |%n", name, total, pct(n[0], total),
                    pct(n[1], total), pct(n[2], total), pct(n[3], total),
                    100.0 * (chars[1] + chars[2] + chars[3]) / c.chars());
            if (!listsOnRuledNoFinding.isEmpty()) {
                System.err.println("[paths] " + name + ": lists hit in texts that ran rules without a finding (texts): "
                        + listsOnRuledNoFinding.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()).limit(12).map(en -> en.getKey() + "=" + en.getValue())
                        .collect(Collectors.joining(", ")));
            }
        }
    }

    private static String pct(int k, int total) {
        return String.format(Locale.ROOT, "%d (%.0f %%)", k, 100.0 * k / total);
    }
}
