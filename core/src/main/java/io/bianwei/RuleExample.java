package io.bianwei;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An example carried by a rule, LanguageTool style. A {@code HIT} example must make the rule fire with exactly the
 * marked spans as its evidence; an {@code OK} example must not make it fire.
 *
 * <p>In DRL metadata the evidence is marked with {@code «…»}, one pair per span:
 * {@code @hit1("这个«偏方»«能根治»«糖尿病»")}.
 *
 * @param kind   HIT or OK
 * @param text   the example text with the markers removed
 * @param marked for HIT examples the marked spans of {@code text}, sorted; empty for OK examples
 */
public record RuleExample(Kind kind, String text, List<Span> marked) {
    public enum Kind { HIT, OK }

    public RuleExample {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        marked = List.copyOf(marked);
    }

    /** The first marked span, or null when none is marked. */
    public Span expected() {
        return marked.isEmpty() ? null : marked.get(0);
    }

    /**
     * Parses a marked example: {@code «…»} pairs, not nested, each non-empty.
     *
     * @throws IllegalArgumentException for unbalanced, nested or empty markers
     */
    public static RuleExample parse(Kind kind, String written) {
        StringBuilder text = new StringBuilder(written.length());
        List<int[]> ranges = new ArrayList<>();
        int open = -1;
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if (c == '«') {
                if (open >= 0) {
                    throw new IllegalArgumentException("nested «: " + written);
                }
                open = text.length();
            } else if (c == '»') {
                if (open < 0) {
                    throw new IllegalArgumentException("» without «: " + written);
                }
                if (text.length() == open) {
                    throw new IllegalArgumentException("empty «»: " + written);
                }
                ranges.add(new int[]{open, text.length()});
                open = -1;
            } else {
                text.append(c);
            }
        }
        if (open >= 0) {
            throw new IllegalArgumentException("« without »: " + written);
        }
        String t = text.toString();
        List<Span> spans = ranges.stream().map(r -> Span.of(t, r[0], r[1])).sorted().toList();
        return new RuleExample(kind, t, spans);
    }

    /** The example as written in DRL, markers included. */
    public String written() {
        StringBuilder b = new StringBuilder(text);
        for (int i = marked.size() - 1; i >= 0; i--) {
            b.insert(marked.get(i).end(), '»').insert(marked.get(i).start(), '«');
        }
        return b.toString();
    }
}
