package io.bianwei.quality;

/** Texts shown on one line: the excerpts of the reports' cases, and the CLI's one-line fields. */
public final class Excerpts {
    /** How many code points of a text the reports' cases keep. */
    public static final int CASE_LENGTH = 60;

    private Excerpts() {
    }

    /** Control characters (line breaks, tabs) and line/paragraph separators as spaces, so a text stays on one line. */
    public static String flat(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return sb.toString();
    }

    /** The first {@code max} code points of a text on one line (runs of spaces as one), with "…" when cut. */
    public static String head(String text, int max) {
        String t = flat(text).strip().replaceAll(" {2,}", " ");
        if (t.codePointCount(0, t.length()) <= max) {
            return t;
        }
        return t.substring(0, t.offsetByCodePoints(0, max)) + "…";
    }
}
