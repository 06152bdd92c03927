package io.bianwei.internal.pack;

import io.bianwei.internal.text.Source;
import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.pack.JavaTokens.Tok;
import org.drools.drl.parser.antlr4.JavaLexer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drools' error messages in the author's terms: one message per mistake, at the line of the mistake.
 *
 * <p>The DRL parser reports a missing {@code )} or {@code "} where it next stumbles, often a line or a rule later, and
 * once per stumble; the file is read again with the Java lexer up to that point, and an unclosed bracket or string
 * on an earlier line is named instead. The compiler reports a misspelt field without a line (when it is not on the
 * pattern's own fact) and in MVEL's words; the expression is found in the file and the message says which field is
 * unknown.
 */
final class ErrorMessages {
    private static final Pattern PARSER = Pattern.compile("\\[ERR \\d+\\] Line (\\d+):(\\d+) (.*?)(?: in rule \"?([^\"]*)\"?)?$");
    private static final Pattern ANALYSE = Pattern.compile("Unable to Analyse Expression (.*?):\\s*\\[Error: (.*?)\\]"
            + ".*");
    private static final Pattern NO_METHOD = Pattern.compile("unable to resolve method using strict-mode: ([\\w.$]+)\\.(\\w+)\\(\\)");
    private static final Pattern NO_READER = Pattern.compile("Field Reader does not exist for declaration '([^']*)' in '([^']*)'.*");

    private ErrorMessages() {
    }

    // --- parser errors -----------------------------------------------------------------------------------------

    /** The parser's errors of one file, each traced to the bracket or quote that was left open, deduplicated. */
    static List<Problem> parserErrors(Source s, List<Problem> raw) {
        Map<String, Problem> out = new LinkedHashMap<>();
        List<Problem> byStop = new ArrayList<>(raw);
        byStop.sort(java.util.Comparator.comparingInt(Problem::line)); // the first stumble over a mistake is said
        for (Problem p : byStop) {
            Problem q = traced(s, p);
            int cut = q.message().indexOf("; the parser stopped");
            String cause = cut < 0 ? q.message() : q.message().substring(0, cut);
            out.putIfAbsent(q.line() + "\u0000" + cause, q);
        }
        List<Problem> sorted = new ArrayList<>(out.values());
        sorted.sort(java.util.Comparator.comparingInt(Problem::line));
        return sorted;
    }

    private static Problem traced(Source s, Problem p) {
        Matcher m = PARSER.matcher(p.message());
        if (!m.matches()) {
            return p;
        }
        int row = Integer.parseInt(m.group(1));
        int col = Integer.parseInt(m.group(2));
        String what = m.group(3).replace("mismatched input '<eof>'", "the file ended")
                .replace("mismatched input ''", "the file ended").replace("mismatched input", "unexpected");
        String rule = m.group(4);
        String text = s.content();
        int offset = offset(text, row, col);
        String stopped = "the parser stopped at line " + row + ", column " + (col + 1) + ": " + what;
        List<Tok> tokens = JavaTokens.all(text.substring(0, offset));
        for (Tok t : tokens) {
            if (t.is(JavaLexer.TEXT) && (t.text().equals("\"") || t.text().equals("'"))) {
                return new Problem(s.name(), lineOf(text, t.offset()), "a string (" + t.text() + ") opened on this"
                        + " line is not closed on it; " + stopped);
            }
        }
        Deque<Tok> open = new ArrayDeque<>();
        for (Tok t : tokens) {
            if (t.is(JavaLexer.LPAREN) || t.is(JavaLexer.LBRACK) || t.is(JavaLexer.LBRACE)) {
                open.push(t);
            } else if (!open.isEmpty() && (t.is(JavaLexer.RPAREN) || t.is(JavaLexer.RBRACK) || t.is(JavaLexer.RBRACE))) {
                open.pop();
            }
        }
        String before = text.substring(lineStart(text, offset), offset);
        boolean startsItsLine = before.isBlank();
        if (!open.isEmpty()) {
            Tok innermost = open.peek();
            int line = lineOf(text, innermost.offset());
            boolean atEnd = offset >= text.length() || what.startsWith("the file ended");
            if (line < row && (startsItsLine || atEnd) && !continues(text, offset)) {
                String close = switch (innermost.text()) {
                    case "(" -> ")";
                    case "[" -> "]";
                    default -> "}";
                };
                return new Problem(s.name(), line, "'" + innermost.text() + "' opened on this line is not closed"
                        + " (a '" + close + "' is missing); " + stopped);
            }
        }
        if (what.startsWith("the file ended") && rule != null && !rule.isBlank()) {
            int at = text.indexOf("rule \"" + rule + "\"");
            return new Problem(s.name(), at >= 0 ? lineOf(text, at) : row, "rule " + rule + " is not closed: its"
                    + " 'end' is missing (" + stopped + ")");
        }
        return new Problem(s.name(), row, "syntax error at column " + (col + 1) + ": " + what
                + (rule == null || rule.isBlank() ? "" : " (in rule " + rule + ")"));
    }

    /** Whether the last code before {@code offset} on an earlier line asks for more: a comma, an operator. */
    private static boolean continues(String text, int offset) {
        List<Tok> code = JavaTokens.code(text.substring(0, lineStart(text, offset)));
        if (code.isEmpty()) {
            return false;
        }
        Tok last = code.get(code.size() - 1);
        return switch (last.type()) {
            case JavaLexer.COMMA, JavaLexer.AND, JavaLexer.OR, JavaLexer.ADD, JavaLexer.SUB, JavaLexer.MUL,
                 JavaLexer.DIV, JavaLexer.EQUAL, JavaLexer.NOTEQUAL, JavaLexer.LT, JavaLexer.GT, JavaLexer.LE,
                 JavaLexer.GE, JavaLexer.LPAREN, JavaLexer.COLON, JavaLexer.DOT -> true;
            default -> false;
        };
    }

    // --- compiler errors ---------------------------------------------------------------------------------------

    /**
     * The compiler's errors: an expression it could not analyse is found in its file (for its line), MVEL's
     * "unable to resolve method" is said as an unknown field, and repeats of one mistake are said once.
     */
    static List<Problem> compileErrors(List<Problem> raw, List<Source> sources) {
        Map<String, Source> byName = new LinkedHashMap<>();
        sources.forEach(s -> byName.put(s.name(), s));
        Map<String, Problem> out = new LinkedHashMap<>();
        for (Problem p : raw) {
            Problem q = compileError(p, byName.get(p.file()));
            out.putIfAbsent(q.file() + "\u0000" + q.message(), q);
        }
        return List.copyOf(out.values());
    }

    private static Problem compileError(Problem p, Source s) {
        String message = p.message();
        String expression = null;
        Matcher a = ANALYSE.matcher(message);
        if (a.matches()) {
            expression = a.group(1).strip();
            Matcher nm = NO_METHOD.matcher(a.group(2));
            if (nm.find()) {
                String type = nm.group(1).substring(nm.group(1).lastIndexOf('.') + 1);
                message = type + " has no field '" + nm.group(2) + "' (in: " + expression + ")" + fields(nm.group(1));
            } else {
                message = "cannot read the constraint " + expression + ": " + a.group(2).strip();
            }
        }
        Matcher r = NO_READER.matcher(message);
        if (r.matches()) {
            expression = r.group(2);
            String field = expression.substring(expression.indexOf(':') + 1).strip();
            message = "no field '" + field + "' to bind to " + r.group(1) + " (in: " + expression + ")";
        }
        message = message.replaceAll("\\s*\\[Line: \\d+, Column: \\d+\\]", "").strip();
        int line = p.line();
        if (expression != null && s != null) {
            List<Integer> lines = lines(s.content(), expression);
            if (line <= 0 && !lines.isEmpty()) {
                line = lines.get(0);
            }
            List<Integer> others = lines.stream().filter(l -> l != p.line() && l != lines.get(0)).toList();
            if (!others.isEmpty()) {
                message += "; also on line" + (others.size() > 1 ? "s " : " ")
                        + others.stream().map(String::valueOf).reduce((x, y) -> x + ", " + y).orElse("");
            }
        }
        return new Problem(p.file(), line, message);
    }

    /** {@code ; its fields are ...} for one of the facts' classes. */
    private static String fields(String className) {
        try {
            Class<?> c = Class.forName(className, false, ErrorMessages.class.getClassLoader());
            if (!c.getPackageName().equals("io.bianwei.facts")) {
                return "";
            }
            java.util.Set<String> names = new java.util.TreeSet<>();
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                String n = m.getName();
                if (m.getParameterCount() == 0 && java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
                    if (n.startsWith("get") && n.length() > 3) {
                        names.add(Character.toLowerCase(n.charAt(3)) + n.substring(4));
                    } else if (n.startsWith("is") && n.length() > 2) {
                        names.add(Character.toLowerCase(n.charAt(2)) + n.substring(3));
                    }
                }
            }
            return names.isEmpty() ? "" : "; its fields: " + String.join(", ", names);
        } catch (ClassNotFoundException | LinkageError e) {
            return "";
        }
    }

    /** The lines where {@code expression} is written (white space may differ). */
    private static List<Integer> lines(String text, String expression) {
        String[] words = expression.strip().split("\\s+");
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            re.append(i == 0 ? "" : "\\s*").append(Pattern.quote(words[i]));
        }
        List<Integer> out = new ArrayList<>();
        Matcher m = Pattern.compile(re.toString()).matcher(text);
        while (m.find()) {
            int l = lineOf(text, m.start());
            if (!out.contains(l)) {
                out.add(l);
            }
        }
        return out;
    }

    // --- positions ---------------------------------------------------------------------------------------------

    private static int offset(String text, int row, int col) {
        int line = 1;
        int i = 0;
        while (i < text.length() && line < row) {
            if (text.charAt(i++) == '\n') {
                line++;
            }
        }
        return Math.min(text.length(), i + Math.max(0, col));
    }

    private static int lineStart(String text, int offset) {
        int i = Math.min(offset, text.length());
        while (i > 0 && text.charAt(i - 1) != '\n') {
            i--;
        }
        return i;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
