package io.bianwei.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Verdict;
import io.bianwei.json.Jsonl;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Counts of a batch: documents per verdict, errors, time; the exit code they imply. */
final class Summary {
    private final Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
    private final long t0 = System.nanoTime();
    private int errors;
    private int documents;
    private long elapsedNanos = -1;

    void add(BatchRunner.Outcome o) {
        documents++;
        if (o.isError()) {
            errors++;
        } else {
            verdicts.merge(o.result().verdict(), 1, Integer::sum);
        }
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
            case REVIEW -> count(Verdict.REVIEW) + count(Verdict.BLOCK) > 0;
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

    ObjectNode toJson() {
        ObjectNode o = Jsonl.mapper().createObjectNode();
        o.put("documents", documents);
        for (Verdict v : Verdict.values()) {
            o.put(v.name(), count(v));
        }
        o.put("ERROR", errors);
        o.put("seconds", Math.round(seconds() * 1000) / 1000.0);
        o.put("docsPerSecond", Math.round(rate() * 10) / 10.0);
        return o;
    }

    /** When {@code screen} exits 1. */
    enum FailOn { REVIEW, BLOCK, NEVER }
}
