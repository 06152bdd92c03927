package io.bianwei;

import java.util.Set;

/** The category names rules may use. */
public final class Category {
    public static final String PSEUDO_SCIENCE = "pseudo_science";
    public static final String PRIVACY_ABUSE = "privacy_abuse";
    /** Context rules (debunking, news, warnings): negative weight, applied to the category of a claim. */
    public static final String CONTEXT = "context";

    public static final Set<String> ALL = Set.of(PSEUDO_SCIENCE, PRIVACY_ABUSE, CONTEXT);

    private Category() {
    }
}
