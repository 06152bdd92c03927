package io.bianwei.internal.pack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final Pattern LIST_IN = Pattern.compile("\\blist\\s+in\\s*\\(([^)]*)\\)");
    private static final Pattern LIST_CALL = Pattern.compile("\\b(?:count|distinct)\\s*\\(([^)]*)\\)");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    /** A rule declaration or a list reference at a line. */
    public record Located(String name, String file, int line) {
    }

    private static final Pattern MATCHES = Pattern.compile("\\b(?:not\\s+)?matches\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern RE_CALL = Pattern.compile("\\bRe\\.(?:find|matches|compile)\\s*\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** A quantified group that itself contains a quantifier or an alternation: (a+)+, (.*)*, (a|ab)*. */
    private static final Pattern NESTED = Pattern.compile("\\((?:[^()\\\\]|\\\\.)*(?:[+*}]|\\|)(?:[^()\\\\]|\\\\.)*\\)(?:[+*]|\\{\\d+,\\d*\\})");
    private static final Pattern CONSEQUENCE = Pattern.compile("(?s)\\bthen\\b(.*?)\\n\\s*end\\b");
    private static final Pattern EMIT = Pattern.compile("(?s)out\\.emit\\s*\\(\\s*kcontext\\s*(?:,[^;]*)?\\)\\s*;");

    private DrlScanner() {
    }

    private static final Pattern RULE_BLOCK = Pattern.compile(
            "(?ms)^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))(.*?)\\bwhen\\b(.*?)\\bthen\\b");
    private static final Pattern PATTERN_START = Pattern.compile("\\b(Hit|Claim)\\s*\\(");

    /**
     * What each rule needs before it can fire, read from its {@code when} block: for every positive (not negated)
     * {@code Hit(...)} pattern, the set of lists it accepts (an empty set: any hit). {@code null} for a rule whose
     * conditions the scan cannot bound (no positive Hit or Claim pattern): such a rule may fire on any text.
     * Rules that need a {@code Claim} are marked with the single requirement set {@code {"<claim>"}}.
     */
    public static Map<String, List<Set<String>>> requirements(Source s) {
        Map<String, List<Set<String>>> out = new LinkedHashMap<>();
        String text = stripComments(s.content());
        Matcher m = RULE_BLOCK.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String when = m.group(5);
            List<Set<String>> req = new ArrayList<>();
            boolean needsClaim = false;
            Matcher p = PATTERN_START.matcher(when);
            while (p.find()) {
                String before = when.substring(Math.max(0, p.start() - 40), p.start()).replaceAll("\\$\\w+\\s*:\\s*$", "")
                        .replaceAll("[\\s(]+$", "");
                if (before.endsWith("not") || before.endsWith("exists") || before.endsWith("forall")
                        || before.endsWith("accumulate") || before.endsWith("from")) {
                    continue;
                }
                int open = p.end() - 1;
                int depth = 0;
                int close = open;
                for (int i = open; i < when.length(); i++) {
                    char c = when.charAt(i);
                    if (c == '(') {
                        depth++;
                    } else if (c == ')' && --depth == 0) {
                        close = i;
                        break;
                    }
                }
                String body = when.substring(open + 1, Math.max(open + 1, close));
                if (p.group(1).equals("Claim")) {
                    needsClaim = true;
                    continue;
                }
                Set<String> lists = new java.util.TreeSet<>();
                Matcher eq = LIST_REF.matcher(body);
                while (eq.find()) {
                    lists.add(eq.group(1));
                }
                Matcher in = LIST_IN.matcher(body);
                while (in.find()) {
                    Matcher q = QUOTED.matcher(in.group(1));
                    while (q.find()) {
                        lists.add(q.group(1));
                    }
                }
                req.add(lists);
            }
            if (needsClaim) {
                req = List.of(Set.of(CLAIM));
            }
            out.put(name, req.isEmpty() ? null : req);
        }
        return out;
    }

    /** Marks a rule that fires only after an evidence rule has. */
    public static final String CLAIM = "<claim>";

    /** A lint finding: not an error, but what {@code rules check} should show a rule author. */
    public record Warning(String file, int line, String message) {
    }

    /**
     * Lints a DRL source: java.util.regex {@code matches} patterns prone to catastrophic backtracking (use
     * {@code Re.find}, which is linear), invalid {@code Re.find} patterns (returned as errors by the caller), and
     * consequences that do anything other than emit findings (rule packs are code: DRL consequences run arbitrary
     * Java).
     */
    public static List<Warning> lint(Source s) {
        List<Warning> out = new ArrayList<>();
        String text = stripComments(s.content());
        Matcher m = MATCHES.matcher(text);
        while (m.find()) {
            String re = m.group(1);
            String why = NESTED.matcher(re).find() ? "nested quantifier, prone to catastrophic backtracking"
                    : "java.util.regex can backtrack";
            out.add(new Warning(s.name(), lineOf(text, m.start()), "'matches \"" + re + "\"': " + why
                    + "; prefer io.bianwei.facts.Re.find(\"...\", text), which runs in linear time"));
        }
        Matcher c = CONSEQUENCE.matcher(text);
        while (c.find()) {
            String rest = EMIT.matcher(c.group(1)).replaceAll("").strip();
            if (!rest.isEmpty()) {
                out.add(new Warning(s.name(), lineOf(text, c.start(1)), "consequence does more than emit findings: "
                        + rest.replaceAll("\\s+", " ").substring(0, Math.min(80, rest.replaceAll("\\s+", " ").length()))));
            }
        }
        return out;
    }

    /** The literal patterns passed to {@code Re.find/matches/compile}, to check at build time. */
    public static List<Located> rePatterns(Source s) {
        List<Located> out = new ArrayList<>();
        String text = stripComments(s.content());
        Matcher m = RE_CALL.matcher(text);
        while (m.find()) {
            out.add(new Located(m.group(1).replace("\\\\", "\\").replace("\\\"", "\""), s.name(), lineOf(text, m.start())));
        }
        return out;
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
        for (Pattern group : List.of(LIST_CALL, LIST_IN)) {
            addQuoted(group.matcher(text), text, s, out);
        }
        return out;
    }

    private static void addQuoted(Matcher c, String text, Source s, List<Located> out) {
        while (c.find()) {
            Matcher q = QUOTED.matcher(c.group(1));
            while (q.find()) {
                out.add(new Located(q.group(1), s.name(), lineOf(text, c.start())));
            }
        }
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
