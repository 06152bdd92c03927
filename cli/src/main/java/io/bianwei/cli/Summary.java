package io.bianwei.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Finding;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import io.bianwei.json.Jsonl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts of a batch: documents per verdict, errors, time; the flagged documents per category and per rule (the
 * review view's closing table); the exit code they imply.
 */
final class Summary {
    /** Rules listed in the closing table; the rest are counted in one line. */
    static final int TOP_RULES = 10;

    private final Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
    /** Top category of a flagged document → [REVIEW, BLOCK]. */
    private final Map<String, int[]> categories = new TreeMap<>();
    /** Evidence rule → flagged documents it fired on. */
    private final Map<String, Integer> rules = new TreeMap<>();
    private final long t0 = System.nanoTime();
    private int errors;
    private int documents;
    private long elapsedNanos = -1;

    void add(BatchRunner.Outcome o) {
        documents++;
        if (o.isError()) {
            errors++;
            return;
        }
        ScreeningResult r = o.result();
        verdicts.merge(r.verdict(), 1, Integer::sum);
        if (r.verdict() == Verdict.PASS) {
            return;
        }
        r.categoryScores().entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .ifPresent(top -> categories.computeIfAbsent(top.getKey(), k -> new int[2])
                        [r.verdict() == Verdict.BLOCK ? 1 : 0]++);
        Set<String> fired = new LinkedHashSet<>();
        for (Finding f : r.findings()) {
            if (f.weight() > 0) {
                fired.add(f.ruleId());
            }
        }
        fired.forEach(id -> rules.merge(id, 1, Integer::sum));
    }

    void stop() {
        elapsedNanos = System.nanoTime() - t0;
    }

    int documents() {
        return documents;
    }

    int errors() {
        return errors;
    }

    int count(Verdict v) {
        return verdicts.getOrDefault(v, 0);
    }

    int flagged() {
        return count(Verdict.REVIEW) + count(Verdict.BLOCK);
    }

    double seconds() {
        return (elapsedNanos < 0 ? System.nanoTime() - t0 : elapsedNanos) / 1e9;
    }

    double rate() {
        double s = seconds();
        return s > 0 ? documents / s : 0;
    }

    /** 3 when any record was an error, else 1 when any verdict reaches the --fail-on level, else 0. */
    int exitCode(FailOn failOn) {
        if (errors > 0) {
            return ExitCodes.UNREADABLE;
        }
        boolean fail = switch (failOn) {
            case REVIEW -> flagged() > 0;
            case BLOCK -> count(Verdict.BLOCK) > 0;
            case NEVER -> false;
        };
        return fail ? ExitCodes.FLAGGED : ExitCodes.OK;
    }

    String line() {
        return String.format(Locale.ROOT, "%d document%s: %d PASS, %d REVIEW, %d BLOCK, %d error%s in %.1f s (%.1f docs/s)",
                documents, documents == 1 ? "" : "s", count(Verdict.PASS), count(Verdict.REVIEW),
                count(Verdict.BLOCK), errors, errors == 1 ? "" : "s", seconds(), rate());
    }

    /**
     * The flagged documents by top category and by evidence rule, as aligned table lines (empty when nothing was
     * flagged):
     * <pre>
     * flagged by category   REVIEW  BLOCK
     *   pseudo_science           8      4
     * flagged by rule         docs
     *   PS_CURE_CLAIM            9
     * </pre>
     */
    List<String> breakdown() {
        List<String> out = new ArrayList<>();
        if (flagged() == 0) {
            return out;
        }
        List<Map.Entry<String, Integer>> top = rules.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .toList();
        int w = "flagged by category".length();
        for (String c : categories.keySet()) {
            w = Math.max(w, 2 + Width.of(Highlighter.flat(c)));
        }
        for (var e : top.subList(0, Math.min(TOP_RULES, top.size()))) {
            w = Math.max(w, 2 + e.getKey().length());
        }
        out.add(Width.padRight("flagged by category", w) + "  REVIEW   BLOCK");
        for (var e : categories.entrySet()) {
            out.add(Width.padRight("  " + Highlighter.flat(e.getKey()), w)
                    + String.format(Locale.ROOT, "  %6d  %6d", e.getValue()[0], e.getValue()[1]));
        }
        out.add(Width.padRight("flagged by rule", w) + "    docs");
        for (var e : top.subList(0, Math.min(TOP_RULES, top.size()))) {
            out.add(Width.padRight("  " + e.getKey(), w) + String.format(Locale.ROOT, "  %6d", e.getValue()));
        }
        if (top.size() > TOP_RULES) {
            out.add("  … " + (top.size() - TOP_RULES) + " more rule(s) (-f json lists all)");
        }
        return out;
    }

    ObjectNode toJson() {
        ObjectNode o = Jsonl.mapper().createObjectNode();
        o.put("documents", documents);
        for (Verdict v : Verdict.values()) {
            o.put(v.name(), count(v));
        }
        o.put("ERROR", errors);
        o.put("seconds", Math.round(seconds() * 1000) / 1000.0);
        o.put("docsPerSecond", Math.round(rate() * 10) / 10.0);
        ObjectNode cats = o.putObject("flaggedByCategory");
        categories.forEach((c, n) -> cats.putObject(c).put("REVIEW", n[0]).put("BLOCK", n[1]));
        ObjectNode rs = o.putObject("flaggedByRule");
        rules.forEach(rs::put);
        return o;
    }

    /** When {@code screen} exits 1. */
    enum FailOn { REVIEW, BLOCK, NEVER }
}
