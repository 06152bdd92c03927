package io.bianwei;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of screening one text.
 *
 * @param id              the caller's document id, or {@code null} when none was given
 * @param verdict         PASS, REVIEW or BLOCK
 * @param score           0–100 after the saturating map of all category points
 * @param categoryScores  0–100 per category that had any finding (sorted by name)
 * @param findings        what fired, strongest first
 * @param rulesetVersion  a short hash of the rule pack's sources, term lists and weights
 * @param elapsed         wall time spent in {@code screen} (not part of {@link #equals})
 * @param complete        false when screening stopped early (see {@code notes})
 * @param notes           why a result is incomplete or truncated; empty normally
 */
public record ScreeningResult(String id, Verdict verdict, int score, Map<String, Integer> categoryScores,
                              List<Finding> findings, String rulesetVersion, Duration elapsed, boolean complete,
                              List<String> notes) {
    public ScreeningResult {
        Objects.requireNonNull(verdict, "verdict");
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score out of range: " + score);
        }
        categoryScores = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(categoryScores));
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
        Objects.requireNonNull(rulesetVersion, "rulesetVersion");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Equal when everything but {@link #elapsed} is: the same text screened twice gives equal results. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ScreeningResult r && Objects.equals(id, r.id) && verdict == r.verdict && score == r.score
                && categoryScores.equals(r.categoryScores) && findings.equals(r.findings)
                && rulesetVersion.equals(r.rulesetVersion) && complete == r.complete && notes.equals(r.notes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, verdict, score, categoryScores, findings, rulesetVersion, complete, notes);
    }

    /** Whether any finding came from the given rule. */
    public boolean fired(String ruleId) {
        return findings.stream().anyMatch(f -> f.ruleId().equals(ruleId));
    }
}
