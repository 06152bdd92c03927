package io.bianwei.server;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What an API key may do. {@link #SCREEN}: {@code /v1/screen}, {@code /v1/explain}, {@code /v1/rules} (and the
 * console's Try page); {@link #MODERATE}: the review queue and decisions; {@link #ADMIN}: everything, with retraining,
 * accepting a model and reloading the pack.
 */
public enum Role {
    SCREEN, MODERATE, ADMIN;

    /** {@code screen}, {@code moderate}, {@code admin}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The roles written before a key ({@code moderate:KEY}, {@code screen+moderate:KEY}), or null when the text before
     * the first colon is not a list of role names (then the whole text is the key).
     */
    static Set<Role> prefix(String written) {
        int colon = written.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (String name : written.substring(0, colon).split("\\+", -1)) {
            Role found = null;
            for (Role r : values()) {
                if (r.key().equals(name)) {
                    found = r;
                }
            }
            if (found == null) {
                return null;
            }
            out.add(found);
        }
        return out;
    }
}
