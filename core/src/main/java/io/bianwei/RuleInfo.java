package io.bianwei;

import java.util.List;
import java.util.Objects;

/**
 * A rule of the loaded pack, as its metadata describes it.
 *
 * @param id            stable rule id (the DRL rule name)
 * @param category      {@code pseudo_science}, {@code privacy_abuse} or {@code context}
 * @param family        the family of the taxonomy the rule covers ({@code @family}, e.g. {@code detox}); "" when none
 * @param weight        the effective weight (after any weights file)
 * @param description   Chinese description
 * @param descriptionEn English description (may be empty)
 * @param message       message shown with a finding
 * @param source        where the rule is defined, as {@code file:line}
 * @param examples      the examples the rule carries
 * @param enabled       false when disabled by configuration
 */
public record RuleInfo(String id, String category, String family, int weight, String description, String descriptionEn,
                       String message, String source, List<RuleExample> examples, boolean enabled) {
    public RuleInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        family = family == null ? "" : family;
        examples = List.copyOf(examples);
    }

    public boolean isContext() {
        return Category.CONTEXT.equals(category);
    }
}
