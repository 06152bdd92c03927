package io.bianwei.internal.pack;

import io.bianwei.internal.text.Source;
import io.bianwei.PackWarning;
import io.bianwei.RulePackException.Problem;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.PatternSourceDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;
import org.kie.internal.builder.conf.LanguageLevelOption;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DRL file as Drools' own parser reads it (the DRL6 parser, which is what the engine compiles with): its package,
 * its rules with their line and character range, and, from each rule's condition descriptors, what the pack needs to
 * know before compiling: the term lists a rule needs to fire (for the fast path), every list it names, the literal
 * patterns it hands to {@code Re}, and lint warnings (backtracking-prone {@code matches}, consequences, {@code eval}s,
 * functions and {@code from} expressions that do more than read facts).
 */
public final class DrlModel {
    /** Marks a rule that fires only after an evidence rule has: it needs a {@code Claim}. */
    public static final String CLAIM = "<claim>";
    /** {@code sentence == $h.sentence} or {@code clause == $h.clause}, alone in a constraint. */
    /** {@code list > $h.list} or {@code list < $h.list}, alone in a constraint. */
    private static final Pattern LIST_ORDER = Pattern.compile("\\s*list\\s*[<>]\\s*\\$(\\w+)\\.list\\s*");
    /** {@code count("x") >= N} in a Doc pattern. */
    private static final Pattern DOC_COUNT = Pattern.compile("\\s*count\\(\\s*\"(\\w+)\"\\s*\\)\\s*>=\\s*(\\d+)\\s*");
    /** {@code index == $h.sentence} in a Sentence pattern. */
    private static final Pattern SENTENCE_INDEX = Pattern.compile("\\s*index\\s*==\\s*\\$(\\w+)\\.sentence\\s*");
    private static final Pattern SAME_PLACE = Pattern.compile("\\s*(sentence|clause)\\s*==\\s*\\$(\\w+)\\.(sentence|clause)\\s*");
    /**
     * Marks a rule that needs a known-claim match ({@code KnownClaim}): no term list satisfies it; the pipeline lets
     * a text with a match through on its own.
     */
    public static final String KNOWN_CLAIM = "<known-claim>";

    private static final Pattern LIST_CALL = Pattern.compile("\\b(?:count|distinct)\\s*\\(([^)]*)\\)");
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern RE_CALL = Pattern.compile(
            "\\bRe\\s*\\.\\s*(?:find|matches|compile)\\s*\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    /** A quantified group that itself contains a quantifier or an alternation: (a+)+, (.*)*, (a|ab)*. */
    private static final Pattern NESTED = Pattern.compile(
            "\\((?:[^()\\\\]|\\\\.)*(?:[+*}]|\\|)(?:[^()\\\\]|\\\\.)*\\)(?:[+*]|\\{\\d+,\\d*\\})");

    private DrlModel() {
    }

    /** A name (rule, list, pattern) at a file and line. */
    public record Located(String name, String file, int line) {
    }

    /**
     * One rule.
     *
     * @param requirements per positive {@code Hit} pattern, the lists it accepts (empty: any hit); null when the
     *                     conditions cannot be bounded by term lists (the rule may fire on any text);
     *                     {@code [[<claim>]]} for a rule that needs a claim
     */
    public record Rule(String name, String file, int line, int startChar, int endChar,
                       List<Set<String>> requirements, Map<String, Object> metadata,
                       boolean oneSentence, boolean distinctLists, Map<String, Integer> minCounts,
                       List<Shape> patterns) {
    }

    /**
     * One pattern of a rule's conditions at the top level (or directly under a top-level {@code not}), as written:
     * what {@code rules test} uses to say which pattern of a rule that did not fire found nothing.
     *
     * @param index   1-based, in the order written
     * @param binding its variable ({@code $h}), or null
     * @param type    the fact type ({@code Hit}, {@code Sentence}, ...)
     * @param text    the pattern's source text, on one line
     * @param lists   for a {@code Hit} pattern, the lists it accepts (null: any list)
     * @param tiedTo  the variable of an earlier pattern whose sentence or clause it must share, or null
     * @param tie     {@code sentence} or {@code clause} (with {@code tiedTo})
     * @param negated under {@code not}
     */
    public record Shape(int index, String binding, String type, String text, int line, Set<String> lists,
                          String tiedTo, String tie, boolean negated) {
    }

    /**
     * A parsed file; {@code errors} non-empty means it did not parse (and {@code rules} is then empty).
     * {@code warnings} are the regex lint; {@link #codeWarnings()} the code strict mode refuses (computed on demand:
     * it costs a second parse and a lexer pass, which screening never needs).
     */
    public record FileModel(Source source, String packageName, List<Rule> rules, List<Located> listReferences,
                            List<Located> rePatterns, List<PackWarning> warnings, List<Problem> errors) {
        /** Every place the file holds code beyond reading facts and emitting findings ({@link CodeCheck}). */
        public List<PackWarning> codeWarnings() {
            return CodeCheck.check(source);
        }
    }

    /** Parses one DRL source. */
    public static FileModel parse(Source s) {
        String text = s.content();
        DrlParser parser = new DrlParser(LanguageLevelOption.DRL6); // one per file: its error list is never cleared
        PackageDescr pkg;
        try {
            pkg = parser.parse(false, text);
        } catch (DroolsParserException | RuntimeException e) {
            return failed(s, List.of(new Problem(s.name(), 0, "DRL parser failed: " + e.getMessage())));
        }
        if (parser.hasErrors() || pkg == null) {
            List<Problem> problems = new ArrayList<>();
            for (DroolsError e : parser.getErrors()) {
                int line = e instanceof ParserError pe ? Math.max(pe.getRow(), 0) : 0;
                problems.add(new Problem(s.name(), line, oneLine(e.getMessage())));
            }
            if (problems.isEmpty()) {
                problems.add(new Problem(s.name(), 0, "DRL does not parse"));
            }
            return failed(s, ErrorMessages.parserErrors(s, problems));
        }
        Walk walk = new Walk(s);
        List<Rule> rules = new ArrayList<>();
        for (RuleDescr r : pkg.getRules()) {
            rules.add(walk.rule(r));
        }
        for (FunctionDescr f : pkg.getFunctions()) {
            walk.rePatterns(f.getBody(), f.getLine());
        }
        return new FileModel(s, pkg.getName(), List.copyOf(rules), List.copyOf(walk.lists), List.copyOf(walk.res),
                List.copyOf(walk.warnings), List.of());
    }

    /**
     * A rule's annotations as Drools' compiler turns them into metadata (what {@code Rule.getMetaData()} gives after a
     * build): a quoted value is a String, its escapes kept as written but for a doubled backslash; a number is an Integer (or Long, Double);
     * {@code true}/{@code false} a Boolean. MetadataTest checks this against the compiled packs, so a rule listing can
     * read the DRL without compiling it.
     */
    static Map<String, Object> metadata(RuleDescr r) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (org.drools.drl.ast.descr.AnnotationDescr a : r.getAnnotations()) {
            Object v = a.hasValue() ? a.getSingleValue() : null;
            out.put(a.getName(), v == null ? null : value(String.valueOf(v).trim()));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Object value(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return unescape(v.substring(1, v.length() - 1));
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            // not an int
        }
        try {
            return Long.valueOf(v);
        } catch (NumberFormatException e) {
            // not a long
        }
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        try {
            return Double.valueOf(v);
        } catch (NumberFormatException e) {
            return v;
        }
    }

    /** Drools keeps a string annotation's escapes as written, except that a doubled backslash becomes one. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                i++;
            }
        }
        return b.toString();
    }

    private static FileModel failed(Source s, List<Problem> problems) {
        return new FileModel(s, "", List.of(), List.of(), List.of(), List.of(), problems);
    }

    /** Blanks out the named rules (keeping every newline, so later line numbers stay right). */
    public static Source cut(FileModel f, Set<String> ids) {
        StringBuilder b = new StringBuilder(f.source().content());
        for (Rule r : f.rules()) {
            if (ids.contains(r.name())) {
                for (int i = Math.max(0, r.startChar()); i < Math.min(b.length(), r.endChar()); i++) {
                    if (b.charAt(i) != '\n') {
                        b.setCharAt(i, ' ');
                    }
                }
            }
        }
        return new Source(f.source().name(), b.toString());
    }

    /** Walks rules' descriptors, collecting lists, patterns and warnings. */
    private static final class Walk {
        private final Source source;
        private final List<Located> lists = new ArrayList<>();
        private final List<Located> res = new ArrayList<>();
        private final List<PackWarning> warnings = new ArrayList<>();
        /** The bindings of the rule's positive Hit patterns so far, and whether each was tied to an earlier one's
         *  sentence or clause. */
        private List<String> hitVars = new ArrayList<>();
        private boolean colocated = true;
        /** Whether each positive Hit pattern orders its list after (or before) the previous one's: distinct lists. */
        private boolean ordered = true;
        /** {@code Doc(count("x") >= N)} at the top level: the text needs N hits of list x. */
        private Map<String, Integer> minCounts = new java.util.HashMap<>();
        /** The rule's top-level patterns and those directly under a top-level not, as written. */
        private List<Shape> shapes = new ArrayList<>();

        Walk(Source source) {
            this.source = source;
        }

        void warn(int line, String rule, PackWarning.Kind kind, String message) {
            warnings.add(new PackWarning(source.name(), Math.max(line, 0), rule, kind, message));
        }

        Rule rule(RuleDescr r) {
            List<Set<String>> req = new ArrayList<>();
            boolean[] flags = new boolean[3]; // [0]: needs a claim, [2]: a known claim
            hitVars = new ArrayList<>();
            colocated = true;
            ordered = true;
            minCounts = new java.util.HashMap<>();
            shapes = new ArrayList<>();
            if (r.getLhs() != null) {
                visit(r.getName(), r.getLhs(), 0, req, flags);
            }
            consequence(r);
            List<Set<String>> requirements = flags[0] ? List.of(Set.of(CLAIM))
                    : flags[2] && req.isEmpty() ? List.of(Set.of(KNOWN_CLAIM))
                    : req.isEmpty() ? null : List.copyOf(req);
            int end = r.getEndCharacter() > 0 ? r.getEndCharacter() + 1 : r.getStartCharacter();
            return new Rule(r.getName(), source.name(), r.getLine(), r.getStartCharacter(), end, requirements,
                    metadata(r), colocated,
                    hitVars.size() > 1 && ordered, Map.copyOf(minCounts), List.copyOf(shapes));
        }

        /**
         * @param depth 0 at the top-level {@code and}; positive inside {@code not}, {@code exists}, {@code forall},
         *              {@code or} or an accumulate/collect input: patterns there add no requirement
         */
        private void visit(String rule, BaseDescr d, int depth, List<Set<String>> req, boolean[] flags) {
            if (d instanceof PatternDescr p) {
                pattern(rule, p, depth, req, flags);
            } else if (d instanceof AndDescr a) {
                for (BaseDescr c : a.getDescrs()) {
                    visit(rule, c, depth, req, flags);
                }
            } else if (d instanceof NotDescr not && depth == 0 && not.getDescrs().size() == 1
                    && not.getDescrs().get(0) instanceof PatternDescr p) {
                shape(p, true);
                visit(rule, p, depth + 1, req, flags);
            } else if (d instanceof NotDescr || d instanceof ExistsDescr || d instanceof ForallDescr
                    || d instanceof OrDescr) {
                for (BaseDescr c : ((ConditionalElementDescr) d).getDescrs()) {
                    visit(rule, c, depth + 1, req, flags);
                }
            } else if (d instanceof EvalDescr ev) {
                rePatterns(String.valueOf(ev.getContent()), ev.getLine()); // CodeCheck reports the eval itself
            } else if (d instanceof ConditionalElementDescr ce) {
                for (BaseDescr c : ce.getDescrs()) {
                    visit(rule, c, depth + 1, req, flags);
                }
            }
        }

        /** Records a pattern's shape (its text, lists and the sentence or clause it shares with an earlier one). */
        private void shape(PatternDescr p, boolean negated) {
            String type = p.getObjectType();
            boolean isHit = "Hit".equals(type) || type.endsWith(".Hit");
            Set<String> accepted = null;
            String tiedTo = null;
            String tie = null;
            for (BaseDescr c : constraints(p)) {
                if (!(c instanceof ExprConstraintDescr e)) {
                    continue;
                }
                ConstraintConnectiveDescr tree = expression(e.getExpression());
                if (isHit && tree != null) {
                    Set<String> bound = bound(tree);
                    if (bound != null) {
                        accepted = accepted == null ? bound : intersect(accepted, bound);
                    }
                }
                Matcher m = SAME_PLACE.matcher(e.getExpression());
                if (tiedTo == null && m.matches() && m.group(1).equals(m.group(3))) {
                    tiedTo = "$" + m.group(2);
                    tie = m.group(1);
                }
                Matcher idx = SENTENCE_INDEX.matcher(e.getExpression());
                if (tiedTo == null && idx.matches()) {
                    tiedTo = "$" + idx.group(1);
                    tie = "sentence";
                }
            }
            String text = "";
            int from = p.getStartCharacter();
            int to = p.getEndCharacter();
            if (from >= 0 && to >= from && to < source.content().length()) {
                text = source.content().substring(from, to + 1).replaceAll("\\s+", " ").strip();
            }
            if (text.isEmpty()) {
                text = type + "(...)";
            }
            shapes.add(new Shape(shapes.size() + 1, p.getIdentifier(), type.substring(type.lastIndexOf('.') + 1),
                    text, p.getLine(), accepted == null ? null : Set.copyOf(accepted), tiedTo, tie, negated));
        }

        private void pattern(String rule, PatternDescr p, int depth, List<Set<String>> req, boolean[] flags) {
            String type = p.getObjectType();
            if (depth == 0) {
                shape(p, false);
            }
            boolean isHit = "Hit".equals(type) || type.endsWith(".Hit");
            Set<String> accepted = null; // null: the constraints do not bound the lists
            for (BaseDescr c : constraints(p)) {
                if (!(c instanceof ExprConstraintDescr e)) {
                    continue;
                }
                String expr = e.getExpression();
                int line = e.getLine() > 0 ? e.getLine() : p.getLine();
                ConstraintConnectiveDescr tree = expression(expr);
                if (tree != null) {
                    Set<String> named = new TreeSet<>();
                    names(tree, named, line);
                    if (isHit) {
                        Set<String> bound = bound(tree);
                        if (bound != null) {
                            accepted = accepted == null ? bound : intersect(accepted, bound);
                        }
                    }
                    regexes(rule, tree, line);
                }
                Matcher calls = LIST_CALL.matcher(expr);
                while (calls.find()) {
                    Matcher q = QUOTED.matcher(calls.group(1));
                    while (q.find()) {
                        lists.add(new Located(q.group(1), source.name(), line));
                    }
                }
                rePatterns(expr, line);
            }
            PatternSourceDescr src = p.getSource();
            if (src instanceof FromDescr f) {
                rePatterns(String.valueOf(f.getExpression()), p.getLine());
                return; // facts from an expression: no term-list requirement
            }
            if (src instanceof AccumulateDescr acc) {
                if (acc.getInput() != null) {
                    visit(rule, acc.getInput(), depth + 1, req, flags);
                }
                return;
            }
            if (src instanceof CollectDescr col) {
                if (col.getInputPattern() != null) {
                    visit(rule, col.getInputPattern(), depth + 1, req, flags);
                }
                return;
            }
            if (depth > 0) {
                return;
            }
            if ("Doc".equals(type) || type.endsWith(".Doc")) {
                for (BaseDescr c : constraints(p)) {
                    if (c instanceof ExprConstraintDescr e) {
                        Matcher m = DOC_COUNT.matcher(e.getExpression());
                        if (m.matches()) {
                            minCounts.merge(m.group(1), Integer.parseInt(m.group(2)), Math::max);
                        }
                    }
                }
            }
            if ("Claim".equals(type) || type.endsWith(".Claim")) {
                flags[0] = true;
            } else if ("KnownClaim".equals(type) || type.endsWith(".KnownClaim")) {
                flags[2] = true;
            } else if (isHit) {
                req.add(accepted == null ? Set.of() : Set.copyOf(accepted));
                if (!hitVars.isEmpty() && !tiedToEarlierHit(p)) {
                    colocated = false;
                }
                if (!hitVars.isEmpty() && !orderedAfter(p, hitVars.get(hitVars.size() - 1))) {
                    ordered = false;
                }
                hitVars.add(p.getIdentifier() == null ? "" : p.getIdentifier());
            }
        }

        /** Whether a constraint of the pattern is {@code list > $prev.list} (or {@code <}). */
        private static boolean orderedAfter(PatternDescr p, String prev) {
            for (BaseDescr c : constraints(p)) {
                if (c instanceof ExprConstraintDescr e) {
                    Matcher m = LIST_ORDER.matcher(e.getExpression());
                    if (m.matches() && ("$" + m.group(1)).equals(prev)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Whether a constraint of the pattern is {@code sentence == $h.sentence} or {@code clause == $h.clause} for
         *  an earlier positive Hit pattern {@code $h} (a clause lies within one sentence). */
        private boolean tiedToEarlierHit(PatternDescr p) {
            for (BaseDescr c : constraints(p)) {
                if (c instanceof ExprConstraintDescr e) {
                    Matcher m = SAME_PLACE.matcher(e.getExpression());
                    if (m.matches() && m.group(1).equals(m.group(3)) && hitVars.contains("$" + m.group(2))) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static List<? extends BaseDescr> constraints(PatternDescr p) {
            Object c = p.getConstraint();
            return c instanceof ConditionalElementDescr ce ? ce.getDescrs() : List.of();
        }

        /** The lists a constraint accepts ({@code list == "a" || list == "b"}), or null when it does not bound them. */
        private static Set<String> bound(BaseDescr d) {
            if (d instanceof ConstraintConnectiveDescr c) {
                List<BaseDescr> parts = c.getDescrs();
                boolean or = c.getConnective() == org.drools.drl.ast.descr.ConnectiveType.OR;
                Set<String> out = null;
                for (BaseDescr x : parts) {
                    Set<String> b = bound(x);
                    if (or) {
                        if (b == null) {
                            return null; // one alternative is unbounded: so is the whole
                        }
                        out = out == null ? new TreeSet<>(b) : union(out, b);
                    } else if (b != null) {
                        out = out == null ? new TreeSet<>(b) : intersect(out, b);
                    }
                }
                return out;
            }
            if (d instanceof RelationalExprDescr rel && !rel.isNegated() && "==".equals(rel.getOperator())) {
                String literal = listLiteral(rel);
                return literal == null ? null : Set.of(literal);
            }
            return null;
        }

        /** Every list named by {@code list == "x"} (or {@code !=}, or {@code in}) in a constraint. */
        private void names(BaseDescr d, Set<String> out, int line) {
            if (d instanceof ConstraintConnectiveDescr c) {
                for (BaseDescr x : c.getDescrs()) {
                    names(x, out, line);
                }
            } else if (d instanceof RelationalExprDescr rel) {
                String literal = listLiteral(rel);
                if (literal != null && out.add(literal)) {
                    lists.add(new Located(literal, source.name(), line));
                }
            }
        }

        private static String listLiteral(RelationalExprDescr rel) {
            if (rel.getLeft() instanceof AtomicExprDescr l && l.getExpression().strip().equals("list")
                    && rel.getRight() instanceof AtomicExprDescr v && v.isLiteral()
                    && v.getExpression().startsWith("\"") && v.getExpression().length() >= 2) {
                String q = v.getExpression();
                return q.substring(1, q.length() - 1).translateEscapes();
            }
            return null;
        }

        private void regexes(String rule, BaseDescr d, int line) {
            if (d instanceof ConstraintConnectiveDescr c) {
                for (BaseDescr x : c.getDescrs()) {
                    regexes(rule, x, line);
                }
            } else if (d instanceof RelationalExprDescr rel && "matches".equals(rel.getOperator())) {
                String re = rel.getRight() instanceof AtomicExprDescr a ? a.getExpression() : String.valueOf(rel.getRight());
                String body = re.length() >= 2 && re.startsWith("\"") ? re.substring(1, re.length() - 1) : re;
                String why = NESTED.matcher(body).find() ? "nested quantifier, prone to catastrophic backtracking"
                        : "java.util.regex can backtrack";
                warn(line, rule, PackWarning.Kind.REGEX, "'matches \"" + body + "\"': " + why
                        + "; prefer io.bianwei.facts.Re.find(\"...\", text), which runs in linear time");
            }
        }

        void rePatterns(String code, int line) {
            if (code == null) {
                return;
            }
            Matcher m = RE_CALL.matcher(code);
            while (m.find()) {
                res.add(new Located(m.group(1).translateEscapes(), source.name(), line + newlines(code, m.start())));
            }
        }

        private void consequence(RuleDescr r) {
            rePatterns(r.getConsequence() == null ? "" : r.getConsequence().toString(), r.getConsequenceLine());
        }

        private static Set<String> intersect(Set<String> a, Set<String> b) {
            Set<String> out = new TreeSet<>(a);
            out.retainAll(b);
            return out;
        }

        private static Set<String> union(Set<String> a, Set<String> b) {
            Set<String> out = new TreeSet<>(a);
            out.addAll(b);
            return out;
        }
    }

    private static ConstraintConnectiveDescr expression(String expr) {
        try {
            DrlExprParser p = DrlExprParserFactory.getDrlExprParser(LanguageLevelOption.DRL6);
            ConstraintConnectiveDescr tree = p.parse(expr);
            return p.hasErrors() ? null : tree;
        } catch (RuntimeException e) {
            return null; // the compiler reports what does not parse
        }
    }

    private static int newlines(String s, int upTo) {
        int n = 0;
        for (int i = 0; i < upTo && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
