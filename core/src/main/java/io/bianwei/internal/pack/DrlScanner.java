package io.bianwei.internal.pack;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A light textual scan of DRL sources, before compiling: where each rule is declared (for file:line in messages
 * and duplicate-id detection) and which term lists a file names in {@code list == "…"} constraints.
 */
public final class DrlScanner {
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))",
            Pattern.MULTILINE);
    private static final Pattern LIST_REF = Pattern.compile("\\blist\\s*==\\s*\"([^\"]*)\"");
    private static final Pattern LIST_CALL = Pattern.compile("\\b(?:count|distinct)\\s*\\(([^)]*)\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    /** A rule declaration or a list reference at a line. */
    public record Located(String name, String file, int line) {
    }

    private DrlScanner() {
    }

    public static List<Located> rules(Source s) {
        List<Located> out = new ArrayList<>();
        String text = stripComments(s.content());
        Matcher m = RULE.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            out.add(new Located(name, s.name(), lineOf(text, m.start(1) >= 0 ? m.start(1)
                    : m.start(2) >= 0 ? m.start(2) : m.start(3))));
        }
        return out;
    }

    public static List<Located> listReferences(Source s) {
        List<Located> out = new ArrayList<>();
        String text = stripComments(s.content());
        Matcher m = LIST_REF.matcher(text);
        while (m.find()) {
            out.add(new Located(m.group(1), s.name(), lineOf(text, m.start())));
        }
        Matcher c = LIST_CALL.matcher(text);
        while (c.find()) {
            Matcher q = QUOTED.matcher(c.group(1));
            while (q.find()) {
                out.add(new Located(q.group(1), s.name(), lineOf(text, c.start())));
            }
        }
        return out;
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Blanks out comments (keeping newlines and offsets) so commented-out rules are not counted. */
    static String stripComments(String s) {
        StringBuilder b = new StringBuilder(s);
        int i = 0;
        boolean inString = false;
        char quote = 0;
        while (i < b.length()) {
            char c = b.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == quote) {
                    inString = false;
                }
                i++;
            } else if (c == '"' || c == '\'') {
                inString = true;
                quote = c;
                i++;
            } else if (c == '/' && i + 1 < b.length() && b.charAt(i + 1) == '/') {
                while (i < b.length() && b.charAt(i) != '\n') {
                    b.setCharAt(i++, ' ');
                }
            } else if (c == '/' && i + 1 < b.length() && b.charAt(i + 1) == '*') {
                while (i < b.length() && !(b.charAt(i) == '*' && i + 1 < b.length() && b.charAt(i + 1) == '/')) {
                    if (b.charAt(i) != '\n') {
                        b.setCharAt(i, ' ');
                    }
                    i++;
                }
                if (i < b.length()) {
                    b.setCharAt(i, ' ');
                    if (i + 1 < b.length()) {
                        b.setCharAt(i + 1, ' ');
                    }
                    i += 2;
                }
            } else {
                i++;
            }
        }
        return b.toString();
    }
}
