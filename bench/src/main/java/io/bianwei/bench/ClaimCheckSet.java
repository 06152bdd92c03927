package io.bianwei.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bianwei.KnownClaims;
import io.bianwei.RulePackException;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import io.bianwei.internal.claims.ClaimMatcher;
import io.bianwei.internal.pack.RulePack;
import io.bianwei.internal.text.NormalizedText;
import io.bianwei.internal.text.Sentences;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The known-claims feature on a held-out check set: re-posts ({@code label: flag}) and debunks ({@code label: ok}) of
 * debunked rumours written by someone who never saw the claims base. Prints figures only, never a text: the set is
 * measured, not read. For re-posts: matched a claim, flagged with a known-claim finding, flagged at all with and
 * without the known-claim rules; for debunks: matched, flagged with and without, and scored higher because of them.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar io.bianwei.bench.ClaimCheckSet FILE.jsonl}
 */
public final class ClaimCheckSet {
    private ClaimCheckSet() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        List<RulePackException.Problem> problems = new ArrayList<>();
        RulePack pack = RulePack.load(true, List.of(), List.of(), problems);
        ClaimMatcher matcher = pack.claimMatcher();
        Screener with = Screener.builder().build();
        Screener without = Screener.builder().disableRules(KnownClaims.RULES).build();
        ObjectMapper json = new ObjectMapper();
        int[] r = new int[5]; // n, matched, flagged with a known-claim finding, flagged with, flagged without
        int[] d = new int[6]; // n, matched, flagged with, flagged without, scored higher with, flagged by a known claim
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = json.readTree(line);
            String text = n.get("text").asText();
            boolean flag = "flag".equals(n.path("label").asText());
            NormalizedText norm = pack.normalizer().normalize(text);
            boolean matched = !matcher.match(norm, Sentences.split(norm)).isEmpty();
            ScreeningResult a = with.screen(text);
            ScreeningResult b = without.screen(text);
            boolean fa = a.verdict() != Verdict.PASS;
            boolean fb = b.verdict() != Verdict.PASS;
            boolean known = a.findings().stream().anyMatch(f -> KnownClaims.RULES.contains(f.ruleId()));
            if (flag) {
                r[0]++;
                r[1] += matched ? 1 : 0;
                r[2] += fa && known ? 1 : 0;
                r[3] += fa ? 1 : 0;
                r[4] += fb ? 1 : 0;
            } else {
                d[0]++;
                d[1] += matched ? 1 : 0;
                d[2] += fa ? 1 : 0;
                d[3] += fb ? 1 : 0;
                d[4] += a.score() > b.score() ? 1 : 0;
                d[5] += fa && !fb ? 1 : 0;
            }
        }
        System.out.printf(Locale.ROOT, "re-posts: %d; matched a known claim %d (%.1f %%); flagged with a known-claim"
                        + " finding %d (%.1f %%); flagged at all %d (%.1f %%), without the known-claim rules %d (%.1f %%)%n",
                r[0], r[1], pct(r[1], r[0]), r[2], pct(r[2], r[0]), r[3], pct(r[3], r[0]), r[4], pct(r[4], r[0]));
        System.out.printf(Locale.ROOT, "debunks: %d; matched a known claim %d (%.1f %%); flagged %d (%.1f %%), without"
                        + " the known-claim rules %d (%.1f %%); flagged because of them %d (%.1f %%); scored higher %d%n",
                d[0], d[1], pct(d[1], d[0]), d[2], pct(d[2], d[0]), d[3], pct(d[3], d[0]), d[5], pct(d[5], d[0]), d[4]);
    }

    private static double pct(int a, int b) {
        return b == 0 ? 0 : 100.0 * a / b;
    }
}
