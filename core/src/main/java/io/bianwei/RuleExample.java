package io.bianwei;

import java.util.Objects;

/**
 * An example carried by a rule, LanguageTool style. A {@code HIT} example must make the rule fire with the marked
 * span among its evidence; an {@code OK} example must not make it fire.
 *
 * <p>In DRL metadata the span is marked with {@code «…»}: {@code @hit1("这个偏方能«根治糖尿病»")}.
 *
 * @param kind     HIT or OK
 * @param text     the example text with the markers removed
 * @param expected for HIT examples the marked span of {@code text}; {@code null} when unmarked or for OK examples
 */
public record RuleExample(Kind kind, String text, Span expected) {
    public enum Kind { HIT, OK }

    public RuleExample {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    /** Parses a marked example; at most one {@code «…»} pair is allowed. */
    public static RuleExample parse(Kind kind, String marked) {
        int open = marked.indexOf('«');
        int close = marked.indexOf('»');
        if (open < 0 && close < 0) {
            return new RuleExample(kind, marked, null);
        }
        if (open < 0 || close < open + 1 || marked.indexOf('«', open + 1) >= 0 || marked.indexOf('»', close + 1) >= 0) {
            throw new IllegalArgumentException("example needs exactly one non-empty «…» marker: " + marked);
        }
        String text = marked.substring(0, open) + marked.substring(open + 1, close) + marked.substring(close + 1);
        return new RuleExample(kind, text, Span.of(text, open, close - 1));
    }
}
