package io.bianwei.flink;

import io.bianwei.Screener;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The serialisable half of a {@link Screener}: everything but the rule folders, whose location differs between the
 * client (its own paths) and the TaskManagers (Flink's distributed cache). Same options as the CLI.
 */
public final class ScreenerSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The library's defaults, used for a threshold that is not given. */
    public static final int DEFAULT_REVIEW = 40;
    public static final int DEFAULT_BLOCK = 70;

    /** Whether the default rule pack (bianwei-rules) is loaded. */
    public boolean defaultRules = true;
    /** REVIEW threshold, or null for the default. */
    public Integer review;
    /** BLOCK threshold, or null for the default. */
    public Integer block;
    /** Screen only these categories (empty: all). */
    public ArrayList<String> only = new ArrayList<>();
    /** Rule ids to disable. */
    public ArrayList<String> disable = new ArrayList<>();

    /** Builds the screener (1–3 s: compiles the pack) with these settings and the given extra rule folders. */
    public Screener build(List<Path> ruleFolders) {
        Screener.Builder b = Screener.builder();
        if (!defaultRules) {
            b.withoutDefaultRules();
        }
        ruleFolders.forEach(b::addRules);
        if (review != null || block != null) {
            b.thresholds(review == null ? DEFAULT_REVIEW : review, block == null ? DEFAULT_BLOCK : block);
        }
        if (!only.isEmpty()) {
            b.onlyCategories(only);
        }
        if (!disable.isEmpty()) {
            b.disableRules(disable);
        }
        return b.build();
    }
}
