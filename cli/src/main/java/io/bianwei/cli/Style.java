package io.bianwei.cli;

/** ANSI styling for people's output; all methods return the text unchanged when colour is off. */
final class Style {
    static final Style PLAIN = new Style(false);
    static final Style COLOUR = new Style(true);

    private static final String RESET = "\u001b[0m";

    private final boolean on;

    private Style(boolean on) {
        this.on = on;
    }

    static Style of(boolean colour) {
        return colour ? COLOUR : PLAIN;
    }

    boolean isOn() {
        return on;
    }

    private String wrap(String code, String s) {
        return on ? "\u001b[" + code + "m" + s + RESET : s;
    }

    String bold(String s) {
        return wrap("1", s);
    }

    String dim(String s) {
        return wrap("2", s);
    }

    String verdict(String verdict) {
        return switch (verdict) {
            case "PASS" -> wrap("1;32", verdict);
            case "REVIEW" -> wrap("1;33", verdict);
            case "BLOCK" -> wrap("1;31", verdict);
            default -> wrap("1;35", verdict);
        };
    }

    /** Evidence in a text: red for evidence rules, cyan for context; «…» marks when colour is off. */
    String evidence(String s, boolean context) {
        return on ? wrap(context ? "1;4;36" : "1;4;31", s) : "«" + s + "»";
    }

    String weight(int w) {
        String s = (w > 0 ? "+" : "") + w;
        return wrap(w < 0 ? "36" : "31", s);
    }
}
