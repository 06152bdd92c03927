package io.bianwei.internal.pack;

import io.bianwei.internal.text.Source;
import io.bianwei.PackWarning;
import io.bianwei.internal.pack.JavaTokens.Tok;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.EnumDeclarationDescr;
import org.drools.drl.ast.descr.EnumLiteralDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.FunctionImportDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.PatternSourceDescr;
import org.drools.drl.ast.descr.QueryDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;
import org.drools.drl.ast.descr.WindowDeclarationDescr;
import org.drools.drl.parser.antlr4.JavaLexer;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every place a DRL file can hold code that does more than read facts and emit findings, found from Drools' own parse
 * of the file (its descriptor tree) and, inside expressions and consequences, from Java tokens, never by searching the
 * text. What it finds is a {@link PackWarning.Kind#CODE} warning: {@code rules check} shows it and strict mode refuses
 * the pack, before anything is compiled.
 *
 * <p>What a strict pack may hold: rules whose conditions are patterns (also under {@code not}, {@code exists},
 * {@code forall}, {@code or}) with constraints made of fields, bound variables, literals and operators, and calls only
 * to the facts' own methods, a few read-only {@code String} methods, {@code Re.find}/{@code Re.matches} and
 * {@code Math.abs/min/max}; {@code accumulate} with the built-in functions and {@code collect} into a
 * {@code java.util} collection; literal attribute and annotation values; and one consequence,
 * {@code out.emit(kcontext, $a, ...)}. Everything else is reported: {@code salience}, {@code enabled} and other
 * attributes given as expressions, {@code timer}, {@code duration} and {@code calendars}, annotation values that are
 * not literals (Drools evaluates them as code when it compiles the pack), {@code from}, accumulate code blocks,
 * {@code eval}, functions and imported functions, globals other than {@code out}, queries, declared types with
 * initial values, windows, named consequences, and Java unicode escapes anywhere in the file (Java translates
 * {@code \u000a} into a line break before it reads the code, so an escape can end a comment and start code).
 */
final class CodeCheck {
    /** Methods a condition may call on a fact: every public method the facts declare (they only read). */
    private static final Set<String> FACT_METHODS = factMethods();
    /** Read-only methods of {@code String} (and of lists, for a fact's list of spans). */
    private static final Set<String> VALUE_METHODS = Set.of("contains", "startsWith", "endsWith", "length",
            "isEmpty", "isBlank", "equals", "equalsIgnoreCase", "indexOf", "lastIndexOf", "charAt", "substring",
            "compareTo", "size", "trim", "strip");
    private static final Set<String> STATIC_CALLS = Set.of("Re.find", "Re.matches", "io.bianwei.facts.Re.find",
            "io.bianwei.facts.Re.matches", "Math.abs", "Math.min", "Math.max", "java.lang.Math.abs",
            "java.lang.Math.min", "java.lang.Math.max");
    private static final Set<String> CLASSES = Set.of("Re", "Math");
    private static final Set<String> ACCUMULATE_FUNCTIONS = Set.of("count", "sum", "min", "max", "average",
            "collectList", "collectSet");
    private static final Set<String> COLLECTIONS = Set.of("ArrayList", "java.util.ArrayList", "LinkedList",
            "java.util.LinkedList", "HashSet", "java.util.HashSet", "List", "java.util.List", "Collection",
            "java.util.Collection", "Set", "java.util.Set");
    private static final Set<String> LITERAL_ATTRIBUTES = Set.of("no-loop", "lock-on-active", "auto-focus",
            "agenda-group", "activation-group", "ruleflow-group", "dialect", "date-effective", "date-expires");
    /** Token types an expression may use: names, literals, brackets, operators (no assignment, blocks, lambdas). */
    private static final Set<Integer> EXPRESSION_TOKENS = Set.of(JavaLexer.IDENTIFIER, JavaLexer.LPAREN,
            JavaLexer.RPAREN, JavaLexer.LBRACK, JavaLexer.RBRACK, JavaLexer.COMMA, JavaLexer.DOT, JavaLexer.COLON,
            JavaLexer.QUESTION, JavaLexer.GT, JavaLexer.LT, JavaLexer.BANG, JavaLexer.TILDE, JavaLexer.EQUAL,
            JavaLexer.LE, JavaLexer.GE, JavaLexer.NOTEQUAL, JavaLexer.AND, JavaLexer.OR, JavaLexer.ADD,
            JavaLexer.SUB, JavaLexer.MUL, JavaLexer.DIV, JavaLexer.MOD, JavaLexer.BITAND, JavaLexer.BITOR,
            JavaLexer.CARET, JavaLexer.INSTANCEOF, JavaLexer.THIS);

    /** A string literal without escapes of quotes or characters, or a plain number: certainly one literal. */
    private static final java.util.regex.Pattern SIMPLE_LITERAL = java.util.regex.Pattern.compile(
            "\"[^\"\\\\\\n]*\"|[+-]?\\d+(\\.\\d+)?|true|false");

    private final Source source;
    private final String text;
    private final int[] lineStarts;
    private final List<PackWarning> out = new ArrayList<>();

    private CodeCheck(Source source) {
        this.source = source;
        this.text = source.content();
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The code warnings of one file (parsed here with the DRL parser the engine compiles with). */
    static List<PackWarning> check(Source source) {
        CodeCheck c = new CodeCheck(source);
        c.unicodeEscapes();
        org.drools.drl.parser.DrlParser parser = new org.drools.drl.parser.DrlParser(
                org.kie.internal.builder.conf.LanguageLevelOption.DRL6);
        try {
            PackageDescr pkg = parser.parse(false, source.content());
            if (pkg != null && !parser.hasErrors()) {
                c.pkg(pkg);
            }
        } catch (org.drools.drl.parser.DroolsParserException | RuntimeException e) {
            // a file that does not parse fails the build on its own
        }
        return List.copyOf(c.out);
    }

    private void warn(int line, String rule, String message) {
        out.add(new PackWarning(source.name(), Math.max(line, 0), rule, PackWarning.Kind.CODE, message));
    }

    private int lineOf(int offset) {
        int k = java.util.Arrays.binarySearch(lineStarts, Math.max(0, offset));
        return k >= 0 ? k + 1 : -k - 1;
    }

    // --- the file ---------------------------------------------------------------------------------------------

    /**
     * Java translates a backslash that is preceded by an even number of backslashes and followed by {@code u} into
     * the character it names, before comments and strings are known (JLS 3.3): the text a check reads would not be
     * the text Java compiles. A strict pack writes characters as themselves.
     */
    private void unicodeEscapes() {
        int lastLine = -1;
        int run = 0; // backslashes just before i
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (run % 2 == 0 && i + 1 < text.length() && text.charAt(i + 1) == 'u') {
                    int line = lineOf(i);
                    if (line != lastLine) {
                        int end = i + 1;
                        while (end < text.length() && text.charAt(end) == 'u') {
                            end++;
                        }
                        String escape = text.substring(i, Math.min(text.length(), end + 4));
                        warn(line, null, "Java unicode escape " + escape + ": Java turns it into a character before"
                                + " it reads comments and strings, so it can hide code (\\u000a ends a // comment);"
                                + " write the character itself");
                        lastLine = line;
                    }
                }
                run++;
            } else {
                run = 0;
            }
        }
    }

    private void pkg(PackageDescr pkg) {
        for (FunctionDescr f : pkg.getFunctions()) {
            warn(f.getLine(), null, "function " + f.getName() + "(...) runs arbitrary Java when a rule calls it; keep"
                    + " helpers in reviewed Java code");
        }
        for (FunctionImportDescr f : pkg.getFunctionImports()) {
            warn(f.getLine(), null, "import function " + f.getTarget() + " lets rules call Java code");
        }
        for (var a : pkg.getAccumulateImports()) {
            warn(a.getLine(), null, "import accumulate " + a.getTarget() + " lets rules run Java code");
        }
        for (GlobalDescr g : pkg.getGlobals()) {
            boolean outGlobal = "out".equals(g.getIdentifier())
                    && ("Out".equals(g.getType()) || "io.bianwei.facts.Out".equals(g.getType()));
            if (!outGlobal) {
                warn(g.getLine(), null, "global " + g.getType() + " " + g.getIdentifier() + ": rules reach host"
                        + " objects through globals; a pack needs only 'global io.bianwei.facts.Out out'");
            }
        }
        for (TypeDeclarationDescr t : pkg.getTypeDeclarations()) {
            annotations(t.getAnnotations(), t.getLine(), null, "declare " + t.getTypeName());
            for (TypeFieldDescr f : t.getFields().values()) {
                if (f.getInitExpr() != null && !JavaTokens.isSingleLiteral(f.getInitExpr())) {
                    warn(f.getLine() > 0 ? f.getLine() : t.getLine(), null, "declare " + t.getTypeName() + ": field "
                            + f.getFieldName() + " has the initial value " + abbreviate(f.getInitExpr())
                            + ", which is code run whenever one is made");
                }
                annotations(f.getAnnotations(), f.getLine() > 0 ? f.getLine() : t.getLine(), null,
                        "declare " + t.getTypeName() + "." + f.getFieldName());
            }
        }
        for (EnumDeclarationDescr e : pkg.getEnumDeclarations()) {
            for (EnumLiteralDescr l : e.getLiterals()) {
                for (String arg : l.getConstructorArgs()) {
                    if (!JavaTokens.isSingleLiteral(arg)) {
                        warn(e.getLine(), null, "declare enum " + e.getTypeName() + ": " + l.getName() + "("
                                + abbreviate(arg) + ") is code run when the enum is loaded");
                    }
                }
            }
        }
        for (WindowDeclarationDescr w : pkg.getWindowDeclarations()) {
            warn(w.getLine(), null, "declare window " + w.getName() + ": windows are not used by screening");
        }
        for (RuleDescr r : pkg.getRules()) {
            rule(r);
        }
    }

    private void annotations(java.util.Collection<AnnotationDescr> annotations, int line, String rule, String where) {
        for (AnnotationDescr a : annotations) {
            for (Map.Entry<String, Object> v : a.getValueMap().entrySet()) {
                if (!literal(v.getValue())) {
                    warn(line, rule, "@" + a.getName() + "(" + abbreviate(String.valueOf(v.getValue())) + ") on "
                            + where + " is not a literal: Drools evaluates annotation values as code when it"
                            + " compiles the pack");
                }
            }
        }
    }

    private static boolean literal(Object v) {
        if (v instanceof String s) {
            String t = s.strip();
            if (SIMPLE_LITERAL.matcher(t).matches()) {
                return true; // a plain string or number: no need to lex it
            }
            if (t.length() >= 2 && t.startsWith("'") && t.endsWith("'")) { // DRL also quotes strings with '
                return t.substring(1, t.length() - 1).replaceAll("\\\\.", "").indexOf('\'') < 0;
            }
            return JavaTokens.isSingleLiteral(s);
        }
        if (v instanceof Object[] array) {
            for (Object o : array) {
                if (!literal(o)) {
                    return false;
                }
            }
            return true;
        }
        return v instanceof Number || v instanceof Boolean;
    }

    // --- a rule -----------------------------------------------------------------------------------------------

    private void rule(RuleDescr r) {
        String id = r.getName();
        if (r instanceof QueryDescr) {
            warn(r.getLine(), null, "query " + id + ": queries are not used by screening and run as code on demand");
            return;
        }
        for (AnnotationDescr a : r.getAnnotations()) {
            for (Map.Entry<String, Object> v : a.getValueMap().entrySet()) {
                if (!literal(v.getValue())) {
                    warn(annotationLine(r, a.getName()), id, "@" + a.getName() + "(" + abbreviate(String.valueOf(v.getValue())) + ") is not a"
                            + " literal: Drools evaluates annotation values as code when it compiles the pack");
                }
            }
        }
        for (Map.Entry<String, AttributeDescr> e : r.getAttributes().entrySet()) {
            attribute(id, e.getKey(), e.getValue(), r.getLine());
        }
        if (r.getLhs() != null) {
            lhs(id, r.getLhs());
        }
        if (!r.getNamedConsequences().isEmpty()) {
            warn(r.getConsequenceLine(), id, "named consequences (then[" + String.join("], then[",
                    r.getNamedConsequences().keySet()) + "]) are more code; a rule has one consequence");
        }
        consequence(r);
    }

    private int annotationLine(RuleDescr r, String name) {
        int from = Math.max(0, r.getStartCharacter());
        int to = r.getLhs() != null && r.getLhs().getStartCharacter() > from ? r.getLhs().getStartCharacter()
                : Math.min(text.length(), r.getEndCharacter() > from ? r.getEndCharacter() : text.length());
        List<Tok> ts = JavaTokens.code(text.substring(from, Math.min(to, text.length())));
        for (int i = 0; i + 1 < ts.size(); i++) {
            if (ts.get(i).is(JavaLexer.AT) && ts.get(i + 1).isIdentifier(name)) {
                return lineOf(from + ts.get(i).offset());
            }
        }
        return r.getLine();
    }

    private void attribute(String id, String name, AttributeDescr a, int ruleLine) {
        String value = a.getValue() == null ? "" : a.getValue();
        int line = a.getLine() > 0 ? a.getLine() : ruleLine;
        switch (name) {
            case "salience" -> {
                if (!JavaTokens.isInteger(value)) {
                    warn(line, id, "salience " + abbreviate(value) + " is code run for every match; give a number"
                            + " (salience 10)");
                }
            }
            case "enabled" -> {
                if (!JavaTokens.isBoolean(value)) {
                    warn(line, id, "enabled " + abbreviate(value) + " is code run for every match; write enabled"
                            + " true or false");
                }
            }
            case "timer", "duration", "calendars" -> warn(line, id, name + " " + abbreviate(value)
                    + " schedules the consequence as code outside the screening of a text; not used by screening");
            default -> {
                if (!LITERAL_ATTRIBUTES.contains(name)) {
                    warn(line, id, "attribute " + name + " " + abbreviate(value) + " is not one screening uses");
                } else if (a.getType() == AttributeDescr.Type.EXPRESSION && !JavaTokens.isSingleLiteral(value)) {
                    warn(line, id, name + " " + abbreviate(value) + " is an expression, which is code; give a literal");
                }
            }
        }
    }

    private void lhs(String rule, BaseDescr d) {
        if (d instanceof PatternDescr p) {
            pattern(rule, p);
        } else if (d instanceof AndDescr || d instanceof OrDescr || d instanceof NotDescr
                || d instanceof ExistsDescr || d instanceof ForallDescr) {
            for (BaseDescr c : ((org.drools.drl.ast.descr.ConditionalElementDescr) d).getDescrs()) {
                lhs(rule, c);
            }
        } else if (d instanceof EvalDescr ev) {
            warn(ev.getLine(), rule, "eval(" + abbreviate(String.valueOf(ev.getContent()))
                    + ") runs Java on every match; prefer constraints on facts");
        } else {
            warn(d.getLine(), rule, "a condition uses " + name(d) + ", which strict packs do not allow");
        }
    }

    private void pattern(String rule, PatternDescr p) {
        if (p.isQuery()) {
            warn(p.getLine(), rule, "a condition calls the query " + p.getObjectType());
        }
        if (!p.getBehaviors().isEmpty()) {
            warn(p.getLine(), rule, "a sliding window on " + p.getObjectType() + " is not used by screening");
        }
        for (BaseDescr c : p.getDescrs()) {
            if (c instanceof ExprConstraintDescr e) {
                expression(rule, e.getExpression(), e.getLine() > 0 ? e.getLine() : p.getLine(), "a condition");
            } else {
                warn(c.getLine() > 0 ? c.getLine() : p.getLine(), rule, "a condition uses " + name(c)
                        + ", which strict packs do not allow");
            }
        }
        PatternSourceDescr src = p.getSource();
        if (src == null) {
            return;
        }
        int line = src.getLine() > 0 ? src.getLine() : p.getLine();
        if (src instanceof FromDescr f) {
            warn(line, rule, "from " + abbreviate(String.valueOf(f.getExpression())) + " runs Java to make facts;"
                    + " match the facts screening inserts");
        } else if (src instanceof CollectDescr col) {
            if (!COLLECTIONS.contains(p.getObjectType())) {
                warn(line, rule, "collect into " + p.getObjectType() + " makes an object of that class; collect"
                        + " into java.util.ArrayList");
            }
            if (col.getInputPattern() != null) {
                pattern(rule, col.getInputPattern());
            }
        } else if (src instanceof AccumulateDescr acc && src.getClass() == AccumulateDescr.class) {
            if (!acc.isExternalFunction() || acc.getInitCode() != null || acc.getActionCode() != null
                    || acc.getReverseCode() != null || acc.getResultCode() != null) {
                warn(line, rule, "accumulate with init/action/reverse/result runs Java code on every fact;"
                        + " use count(), sum(...), min(...), max(...) or average(...)");
            }
            for (AccumulateDescr.AccumulateFunctionCallDescr fn : acc.getFunctions()) {
                if (!ACCUMULATE_FUNCTIONS.contains(fn.getFunction())) {
                    warn(line, rule, "accumulate function " + fn.getFunction() + "(...) is not one of "
                            + new java.util.TreeSet<>(ACCUMULATE_FUNCTIONS));
                }
                for (String param : fn.getParams()) {
                    expression(rule, param, line, "accumulate");
                }
            }
            if (acc.getInput() != null) {
                lhs(rule, acc.getInput());
            }
        } else {
            warn(line, rule, "a condition takes facts from " + name(src) + ", which strict packs do not allow");
        }
    }

    private static String name(BaseDescr d) {
        String n = d.getClass().getSimpleName();
        return n.endsWith("Descr") ? n.substring(0, n.length() - "Descr".length()) : n;
    }

    /**
     * Checks an expression: only names, literals, brackets and operators; calls only to the facts' methods, read-only
     * value methods and the allowed static helpers; no class other than {@code Re} and {@code Math} named.
     */
    private void expression(String rule, String expr, int line, String where) {
        List<Tok> ts = JavaTokens.code(expr);
        Set<String> said = new HashSet<>();
        for (int i = 0; i < ts.size(); i++) {
            Tok t = ts.get(i);
            int at = line + t.line() - 1;
            if (JavaTokens.isLiteral(t)) {
                continue;
            }
            if (!EXPRESSION_TOKENS.contains(t.type())) {
                boolean unification = t.is(JavaLexer.ASSIGN) && i > 0 && ts.get(i - 1).is(JavaLexer.COLON);
                if (!unification && said.add("token " + t.text())) {
                    warn(at, rule, where + " uses '" + t.text() + "' in " + abbreviate(expr)
                            + ", which is code (an assignment, a block, a new object or a lambda), not a comparison");
                }
                continue;
            }
            if (!t.is(JavaLexer.IDENTIFIER)) {
                continue;
            }
            // a chain of names: a.b.c, maybe called: a.b.c( ; after a dot, the chain hangs on a value: (x).y, "s".y
            boolean onAValue = i > 0 && ts.get(i - 1).is(JavaLexer.DOT);
            int end = i;
            while (end + 2 < ts.size() && ts.get(end + 1).is(JavaLexer.DOT) && ts.get(end + 2).is(JavaLexer.IDENTIFIER)) {
                end += 2;
            }
            StringBuilder chain = new StringBuilder();
            for (int k = i; k <= end; k += 2) {
                chain.append(k > i ? "." : "").append(ts.get(k).text());
            }
            boolean call = end + 1 < ts.size() && ts.get(end + 1).is(JavaLexer.LPAREN);
            String root = t.text();
            boolean afterInstanceof = i > 0 && ts.get(i - 1).is(JavaLexer.INSTANCEOF);
            if (call) {
                String method = ts.get(end).text();
                boolean operator = end == i && !onAValue && ("in".equals(method) || "not".equals(method));
                if (!operator && !allowedCall(chain.toString(), root, method, end == i && !onAValue, onAValue)
                        && said.add("call " + chain)) {
                    warn(at, rule, where + " calls " + chain + "(...), which may do more than read facts");
                }
            } else if (!afterInstanceof && namesAClass(chain.toString()) && said.add("class " + chain)) {
                warn(at, rule, where + " refers to " + chain + ", a class outside the facts; constraints read the"
                        + " fields of facts");
            }
            i = end;
        }
    }

    /** Whether a chain of names (not called) starts at a class or passes one: System.out, java.lang.System.out. */
    private static boolean namesAClass(String chain) {
        String[] segs = chain.split("\\.");
        for (int k = 0; k < segs.length; k++) {
            if (!segs[k].isEmpty() && Character.isUpperCase(segs[k].charAt(0)) && !(k == 0 && CLASSES.contains(segs[k]))) {
                return true;
            }
        }
        return false;
    }

    private static boolean allowedCall(String chain, String root, String method, boolean unqualified,
                                       boolean onAValue) {
        if (STATIC_CALLS.contains(chain)) {
            return true;
        }
        if (unqualified) {
            return FACT_METHODS.contains(method); // a method of the pattern's own fact: count("x")
        }
        if (Character.isUpperCase(root.charAt(0)) && !onAValue) {
            return false; // a static method of some class
        }
        for (String seg : chain.split("\\.")) {
            if (!seg.isEmpty() && Character.isUpperCase(seg.charAt(0))) {
                return false; // a class on the way: java.lang.System.exit
            }
        }
        return FACT_METHODS.contains(method) || VALUE_METHODS.contains(method);
    }

    /** The consequence must be nothing, or exactly {@code out.emit(kcontext, $a, ...);}. */
    private void consequence(RuleDescr r) {
        Object rhs = r.getConsequence();
        String code = rhs == null ? "" : rhs.toString();
        List<Tok> ts = JavaTokens.code(code);
        if (ts.isEmpty() || emitOnly(ts)) {
            return;
        }
        int start = code.isBlank() ? -1 : text.indexOf(code.strip(), Math.max(0, r.getStartCharacter()));
        int line = start >= 0 ? lineOf(start) : r.getConsequenceLine() + 1;
        String shown = code.strip().replaceAll("\\s+", " ");
        warn(line, r.getName(), "consequence does more than emit findings: " + shown.substring(0,
                Math.min(80, shown.length())));
    }

    private static boolean emitOnly(List<Tok> ts) {
        if (ts.size() < 7 || !ts.get(0).isIdentifier("out") || !ts.get(1).is(JavaLexer.DOT)
                || !ts.get(2).isIdentifier("emit") || !ts.get(3).is(JavaLexer.LPAREN)
                || !ts.get(4).isIdentifier("kcontext")) {
            return false;
        }
        int i = 5;
        while (i + 1 < ts.size() && ts.get(i).is(JavaLexer.COMMA) && ts.get(i + 1).is(JavaLexer.IDENTIFIER)) {
            i += 2;
        }
        return i + 2 == ts.size() && ts.get(i).is(JavaLexer.RPAREN) && ts.get(i + 1).is(JavaLexer.SEMI);
    }

    private static Set<String> factMethods() {
        Set<String> out = new HashSet<>();
        for (Class<?> c : List.of(io.bianwei.facts.Hit.class, io.bianwei.facts.Sentence.class,
                io.bianwei.facts.Doc.class, io.bianwei.facts.Claim.class, io.bianwei.facts.KnownClaim.class,
                io.bianwei.Span.class)) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())) {
                    out.add(m.getName());
                }
            }
        }
        out.removeAll(Set.of("wait", "notify", "notifyAll", "getClass"));
        return Set.copyOf(out);
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
        return one.length() <= 60 ? one : one.substring(0, 57) + "...";
    }
}
