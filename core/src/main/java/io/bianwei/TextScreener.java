package io.bianwei;

/**
 * What screens texts: a {@link Screener} (one pack, for ever) or a {@link ReloadingScreener} (the pack of the moment,
 * swapped atomically when its folders change). Code that only screens should depend on this. Thread-safe.
 */
public interface TextScreener {
    /** Screens a text with no id. */
    default ScreeningResult screen(String text) {
        return screen(null, text);
    }

    /**
     * Screens one text.
     *
     * @param id   the caller's id, echoed in the result (may be null)
     * @param text the text; must not be null
     */
    ScreeningResult screen(String id, String text);

    /** Screens and returns every intermediate step, with the same pack as a screen at this moment would use. */
    Explanation explain(String text);

    /** The version results carry now (see {@link Screener#rulesetVersion()}). */
    String rulesetVersion();
}
