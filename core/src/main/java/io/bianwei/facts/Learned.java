package io.bianwei.facts;

import io.bianwei.Span;

import java.util.List;

/**
 * What a learned model of the pack ({@code models/*.nb}) says about the text: the probability that it belongs to the
 * model's category, and the evidence (where its strongest flag-leaning tokens are). One per model per text; rules
 * decide what it is worth, e.g. {@code Learned(category == "pseudo_science", probability >= 0.95)}.
 */
public final class Learned {
    private final String model;
    private final String category;
    private final double probability;
    private final List<Span> evidence;

    public Learned(String model, String category, double probability, List<Span> evidence) {
        this.model = model;
        this.category = category;
        this.probability = probability;
        this.evidence = List.copyOf(evidence);
    }

    /** The model's name (its file name without {@code .nb}). */
    public String getModel() {
        return model;
    }

    public String getCategory() {
        return category;
    }

    /** 0–1; 0.5 means no evidence either way. */
    public double getProbability() {
        return probability;
    }

    /** The original spans of the tokens that pushed the score up most (at most five). */
    public List<Span> getEvidence() {
        return evidence;
    }

    @Override
    public String toString() {
        return "Learned(" + model + ", " + category + ", " + String.format(java.util.Locale.ROOT, "%.3f", probability) + ")";
    }
}
