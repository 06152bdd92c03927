package io.bianwei.quality;

import java.util.Objects;

/**
 * A labelled text.
 *
 * @param id       the text's id
 * @param text     the text
 * @param label    what the screener should say
 * @param category the category it belongs to ({@code pseudo_science}, {@code privacy_abuse}, or any other name such
 *                 as {@code health} for ok texts); null when none (a blank one is null, others are stripped)
 * @param family   the family of the taxonomy the text belongs to (a {@code family} field, e.g. {@code detox}); null
 *                 when none
 */
public record Sample(String id, String text, Label label, String category, String family) {
    /** A sample with no family. */
    public Sample(String id, String text, Label label, String category) {
        this(id, text, label, category, null);
    }

    public Sample {
        family = family == null || family.isBlank() ? null : family.strip();
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
        category = category == null || category.isBlank() ? null : category.strip();
    }

    /** Whether the text should be flagged. */
    public boolean flag() {
        return label == Label.FLAG;
    }
}
