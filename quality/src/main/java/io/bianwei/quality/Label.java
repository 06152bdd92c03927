package io.bianwei.quality;

import java.util.Locale;

/** The label of a text: what the screener should say about it. */
public enum Label {
    /** Should be flagged (REVIEW or BLOCK). */
    FLAG,
    /** Should PASS. */
    OK;

    /**
     * {@code flag} or {@code ok}, any case, surrounding blanks ignored.
     *
     * @throws IllegalArgumentException for anything else, or null
     */
    public static Label parse(String s) {
        if (s != null) {
            switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "flag":
                    return FLAG;
                case "ok":
                    return OK;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("label must be 'flag' or 'ok', got " + (s == null ? "nothing" : "'" + s + "'"));
    }

    /** {@code flag} or {@code ok}, as written in labelled files and JSON reports. */
    public String lowerCase() {
        return name().toLowerCase(Locale.ROOT);
    }
}
