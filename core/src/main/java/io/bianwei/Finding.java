package io.bianwei;

import java.util.List;
import java.util.Objects;

/**
 * One rule's contribution to a result.
 *
 * @param ruleId   the rule's stable id, e.g. {@code PS_CURE_CLAIM}
 * @param category the category whose score this finding moves (for a context rule: the category of the claim it
 *                 qualifies, e.g. {@code pseudo_science}; its weight is then negative)
 * @param weight   the rule's hand weight: the points it contributes to that category when the verdict is hand-weighted
 *                 (negative for context)
 * @param message  a human-readable message
 * @param spans    evidence in the original text, sorted, at least one
 * @param contribution what it contributed to the verdict: its points (the weight) when hand-weighted, its part of
 *                 the category's log-odds under the learned verdict
 */
public record Finding(String ruleId, String category, int weight, String message, List<Span> spans,
                      double contribution) {
    /** A finding whose contribution is its weight (hand-weighted scoring). */
    public Finding(String ruleId, String category, int weight, String message, List<Span> spans) {
        this(ruleId, category, weight, message, spans, weight);
    }

    /** This finding with another contribution. */
    public Finding withContribution(double c) {
        return new Finding(ruleId, category, weight, message, spans, c);
    }

    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(message, "message");
        spans = List.copyOf(spans);
        if (spans.isEmpty()) {
            throw new IllegalArgumentException("a finding needs at least one evidence span: " + ruleId);
        }
    }

    /** True for findings of context rules (debunking, law enforcement, warnings), which lower a score. */
    public boolean isContext() {
        return weight < 0;
    }
}
