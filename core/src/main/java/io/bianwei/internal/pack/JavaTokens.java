package io.bianwei.internal.pack;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.drools.drl.parser.antlr4.JavaLexer;

import java.util.ArrayList;
import java.util.List;

/**
 * Java (and DRL expression) text as tokens, read by the Java lexer that ships with Drools' DRL parser: comments and
 * string literals are told apart from code exactly as a compiler does, so a check over tokens cannot be fooled by code
 * written inside a comment or a string, or by a comment written to look like code.
 */
final class JavaTokens {
    private JavaTokens() {
    }

    /** One token: its type (a {@link JavaLexer} constant), text and 1-based line within the lexed text. */
    record Tok(int type, String text, int line, int offset) {
        boolean is(int t) {
            return type == t;
        }

        boolean isIdentifier(String name) {
            return type == JavaLexer.IDENTIFIER && text.equals(name);
        }
    }

    /** The tokens of {@code text} that are code: white space and comments are left out. */
    static List<Tok> code(String text) {
        List<Tok> out = new ArrayList<>();
        for (Tok t : all(text)) {
            if (!t.is(JavaLexer.WS) && !t.is(JavaLexer.COMMENT) && !t.is(JavaLexer.LINE_COMMENT)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Every token of {@code text}, comments and white space included; what the lexer cannot read is {@code TEXT}. */
    static List<Tok> all(String text) {
        JavaLexer lexer = new JavaLexer(CharStreams.fromString(text == null ? "" : text));
        lexer.removeErrorListeners();
        List<Tok> out = new ArrayList<>();
        for (Token t : lexer.getAllTokens()) {
            out.add(new Tok(t.getType(), t.getText(), t.getLine(), t.getStartIndex()));
        }
        return out;
    }

    /** Whether a token is a literal: string, text block, character, number, boolean or null. */
    static boolean isLiteral(Tok t) {
        return switch (t.type()) {
            case JavaLexer.STRING_LITERAL, JavaLexer.TEXT_BLOCK, JavaLexer.CHAR_LITERAL, JavaLexer.DECIMAL_LITERAL,
                 JavaLexer.HEX_LITERAL, JavaLexer.OCT_LITERAL, JavaLexer.BINARY_LITERAL, JavaLexer.FLOAT_LITERAL,
                 JavaLexer.HEX_FLOAT_LITERAL, JavaLexer.BOOL_LITERAL, JavaLexer.NULL_LITERAL -> true;
            default -> false;
        };
    }

    /**
     * Whether {@code text} is one literal value: a string, a number (optionally signed), {@code true}/{@code false},
     * optionally in parentheses.
     */
    static boolean isSingleLiteral(String text) {
        List<Tok> ts = code(text);
        int from = 0;
        int to = ts.size();
        while (to - from >= 2 && ts.get(from).is(JavaLexer.LPAREN) && ts.get(to - 1).is(JavaLexer.RPAREN)) {
            from++;
            to--;
        }
        if (to - from == 2 && (ts.get(from).is(JavaLexer.SUB) || ts.get(from).is(JavaLexer.ADD))) {
            from++;
        }
        return to - from == 1 && isLiteral(ts.get(from)) && !ts.get(from).is(JavaLexer.NULL_LITERAL);
    }

    /** Whether {@code text} is an integer, optionally signed and in parentheses. */
    static boolean isInteger(String text) {
        return isSingleLiteral(text) && code(text).stream().anyMatch(t -> t.is(JavaLexer.DECIMAL_LITERAL));
    }

    /** Whether {@code text} is {@code true} or {@code false}, optionally in parentheses. */
    static boolean isBoolean(String text) {
        return isSingleLiteral(text) && code(text).stream().anyMatch(t -> t.is(JavaLexer.BOOL_LITERAL));
    }
}
