package io.bianwei.json;

import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How every bianwei input reads JSON: a JSONL line of the CLI and the Flink job ({@link InputRecord#parseJsonl}), a
 * request body of the screening service ({@link #read}). One set of rules, so the same record is read the same way
 * everywhere:
 * <ul>
 *   <li>numbers keep the text they were written as ({@code 1E2}, {@code 1e400}, {@code 0.10000000000000000555},
 *       {@code -0}) and are written back exactly so when a record passes through;</li>
 *   <li>a key given twice in one object is an error naming the key (never "the last one wins");</li>
 *   <li>a string (or key) holding an unpaired surrogate ({@code "\ud800"}) is an error naming the field: it is not
 *       Unicode and could not be written back;</li>
 *   <li>broken JSON is an error saying, in our words, what was expected and where (line and column; never the
 *       parser's internals): {@link #describe}.</li>
 * </ul>
 * Strings are otherwise decoded and re-encoded ({@code "\u00e9"} comes back as {@code "é"}): the same JSON value.
 */
public final class JsonInput {
    /** Jackson's cap on string length is lifted: the readers cap whole records first, with a message naming them. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE) // numbers are kept as text, never converted on reading
                    .build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonInput() {
    }

    /**
     * One JSON document: exactly one value and nothing after it but white space.
     *
     * @throws JsonInputException what is wrong and where, in our words
     */
    public static JsonNode read(String json) throws JsonInputException {
        Parsed p = parse(json);
        if (p.trailing() != null) {
            throw p.trailing();
        }
        return p.value();
    }

    /**
     * A value and, separately, what is wrong after it (content after the value), so that a JSONL record with a second
     * object on its line keeps its first object's id in the error.
     */
    record Parsed(JsonNode value, JsonInputException trailing) {
    }

    static Parsed parse(String json) throws JsonInputException {
        boolean multiLine = json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0;
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonNode value;
            try {
                if (p.nextToken() == null) {
                    throw new JsonInputException("no JSON value: the input is empty", 1, 1);
                }
                value = value(p, "", multiLine);
            } catch (JsonProcessingException e) {
                throw describe(e, json, p);
            }
            JsonInputException trailing = null;
            try {
                if (p.nextToken() != null) {
                    trailing = trailing(value, p.currentTokenLocation(), multiLine);
                }
            } catch (JsonProcessingException e) {
                trailing = trailing(value, e.getLocation(), multiLine);
            }
            return new Parsed(value, trailing);
        } catch (IOException e) {
            if (e instanceof JsonInputException j) {
                throw j;
            }
            throw new UncheckedIOException(e); // a String source does not fail to read
        }
    }

    private static JsonInputException trailing(JsonNode value, JsonLocation at, boolean multiLine) {
        int line = at == null ? 1 : at.getLineNr();
        int column = at == null ? 1 : at.getColumnNr();
        return new JsonInputException("trailing content after the JSON " + kind(value) + " at " + where(line, column, multiLine)
                + (multiLine ? " (one value only)" : " (one object per line)"), line, column);
    }

    static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            default -> "value";
        };
    }

    // --- the tree ---------------------------------------------------------------------------------------------------

    /** The value at the parser's current token, numbers verbatim, strings checked for unpaired surrogates. */
    private static JsonNode value(JsonParser p, String path, boolean multiLine) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
                    String name = p.currentName();
                    if (surrogate(name) >= 0) {
                        throw unpaired(p, "a key" + (path.isEmpty() ? "" : " in \"" + path + "\""), name, multiLine);
                    }
                    p.nextToken();
                    o.set(name, value(p, path.isEmpty() ? name : path + "." + name, multiLine));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(value(p, path + "[" + i++ + "]", multiLine));
                }
                return a;
            }
            case VALUE_STRING -> {
                String s = p.getText();
                if (surrogate(s) >= 0) {
                    throw unpaired(p, path.isEmpty() ? "the string" : "field \"" + path + "\"", s, multiLine);
                }
                return TextNode.valueOf(s);
            }
            case VALUE_NUMBER_INT -> {
                return new VerbatimNumber(p.getText(), true);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new VerbatimNumber(p.getText(), false);
            }
            case VALUE_TRUE -> {
                return BooleanNode.TRUE;
            }
            case VALUE_FALSE -> {
                return BooleanNode.FALSE;
            }
            case VALUE_NULL -> {
                return NullNode.instance;
            }
            default -> throw new IllegalStateException("unexpected token " + t); // the parser gives no other
        }
    }

    /** Index of the first unpaired surrogate in s, or -1. */
    static int surrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static JsonInputException unpaired(JsonParser p, String what, String s, boolean multiLine) {
        JsonLocation at = p.currentTokenLocation();
        char c = s.charAt(surrogate(s));
        return new JsonInputException(what + " holds an unpaired surrogate (\\u" + String.format(Locale.ROOT, "%04x",
                (int) c) + ", at " + where(at.getLineNr(), at.getColumnNr(), multiLine) + "): not valid Unicode, "
                + "so it cannot be read or written back", at.getLineNr(), at.getColumnNr());
    }

    // --- errors in our words ----------------------------------------------------------------------------------------

    private static final Pattern FOUND = Pattern.compile("\\('.*?' \\(code (\\d+)");
    private static final Pattern TOKEN = Pattern.compile("token '(.*?)'");
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'$", Pattern.DOTALL);
    private static final Pattern CONTROL = Pattern.compile("code (\\d+)");
    private static final Pattern CLOSE = Pattern.compile("^Unexpected close marker '(.)'");
    private static final Pattern EXPECTED_CLOSE = Pattern.compile("expected '(.)'");

    /**
     * What a parser found wrong with {@code input}, in our words: what was expected, what was found and where, as
     * {@code broken JSON: …} (or {@code the key "text" appears twice …}). Lines are named only when the input has
     * more than one; columns count UTF-16 units from 1.
     */
    static JsonInputException describe(JsonProcessingException e, String input, JsonParser reading) {
        boolean multiLine = input.indexOf('\n') >= 0 || input.indexOf('\r') >= 0;
        JsonParser parser = e.getProcessor() instanceof JsonParser jp ? jp : reading;
        JsonLocation loc = e.getLocation() != null ? e.getLocation() : parser != null ? parser.currentLocation() : null;
        int line = loc == null ? 1 : loc.getLineNr();
        int column = loc == null ? 1 : loc.getColumnNr();
        String at = where(line, column, multiLine);
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        JsonStreamContext ctx = parser == null ? null : parser.getParsingContext();
        String found = found(m, input, loc);

        Matcher dup = DUPLICATE.matcher(m);
        if (dup.find()) {
            String key = dup.group(1);
            int[] keyAt = keyPosition(input, key, loc);
            if (keyAt != null) {
                line = keyAt[0];
                column = keyAt[1];
            }
            return new JsonInputException("the key \"" + key + "\" appears twice in one object (again at "
                    + where(line, column, multiLine) + "): which value is meant is unclear", line, column);
        }
        String reason;
        if (e instanceof StreamConstraintsException) {
            if (e.getLocation() == null && column > 1) { // the parser's position is past the bracket that went over
                column--;
                at = where(line, column, multiLine);
            }
            reason = m.contains("nesting depth")
                    ? "nested more than " + StreamReadConstraints.DEFAULT_MAX_DEPTH + " levels deep at " + at
                    : "a value at " + at + " is over the size limit";
        } else if (e instanceof JsonEOFException || m.startsWith("Unexpected end-of-input")) {
            String ended = "(input ended at " + at + ")";
            if (m.contains("closing quote") || m.contains("character escape")) {
                JsonLocation s = parser == null ? null : parser.currentTokenLocation();
                reason = s == null ? "a string is not closed " + ended
                        : "the string that starts at " + where(s.getLineNr(), s.getColumnNr(), multiLine)
                        + " is not closed " + ended;
            } else if (m.contains("in field name")) {
                reason = "a key is not closed " + ended;
            } else if (ctx != null && (ctx.inObject() || ctx.inArray())) {
                JsonLocation s = ctx.startLocation(null);
                reason = "the " + (ctx.inObject() ? "object" : "array") + " that starts at "
                        + where(s.getLineNr(), s.getColumnNr(), multiLine) + " is not closed " + ended;
            } else {
                reason = "the input ended before a value " + ended;
            }
        } else if (m.contains("maybe a (non-standard) comment")) {
            reason = "a comment at " + at + ": JSON has no comments";
        } else if (m.startsWith("Non-standard token")) {
            Matcher t = TOKEN.matcher(m);
            reason = (t.find() ? t.group(1) : "this") + " at " + at + " is not a JSON number (JSON has no NaN or "
                    + "Infinity: write null or a string)";
        } else if (m.startsWith("Unexpected close marker")) {
            Matcher c = CLOSE.matcher(m);
            String mark = c.find() ? c.group(1) : "a closing bracket";
            Matcher x = EXPECTED_CLOSE.matcher(m);
            if (x.find() && ctx != null && (ctx.inObject() || ctx.inArray())) {
                JsonLocation s = ctx.startLocation(null);
                reason = "the " + (ctx.inObject() ? "object" : "array") + " that starts at "
                        + where(s.getLineNr(), s.getColumnNr(), multiLine) + " is closed with " + mark + " at " + at
                        + " (expected " + x.group(1) + ")";
            } else {
                reason = mark + " at " + at + " closes nothing (no " + ("}".equals(mark) ? "object" : "array")
                        + " is open there)";
            }
        } else if (m.contains("was expecting double-quote to start field name")) {
            if ("'}'".equals(found) && previousNonSpace(input, loc) == ',') {
                reason = "a comma before } at " + at + ": a comma must be followed by another key";
            } else if ("'''".equals(found)) {
                reason = "a key in single quotes at " + at + ": keys take double quotes";
            } else {
                reason = "expected a key in double quotes at " + at + ", found " + found;
            }
        } else if (m.contains("was expecting comma to separate Object entries")) {
            reason = "expected , or } after a value at " + at + ", found " + found;
        } else if (m.contains("was expecting comma to separate Array entries")) {
            reason = "expected , or ] after a value at " + at + ", found " + found;
        } else if (m.contains("was expecting a colon to separate field name and value")) {
            reason = "expected : after the key at " + at + ", found " + found;
        } else if (m.contains("in numeric value") || m.startsWith("Invalid numeric value")) {
            String why = m.contains("Leading zeroes") ? "a leading zero is not allowed"
                    : m.contains("Decimal point not followed by a digit") ? "a decimal point must be followed by a digit"
                    : m.contains("Exponent indicator not followed by a digit") ? "an exponent needs digits"
                    : m.contains("minus sign") ? "a minus sign must be followed by a digit"
                    : m.contains("plus sign") ? "a number cannot start with +"
                    : "it is not a valid number";
            reason = "the number at " + at + " is not valid JSON: " + why;
        } else if (m.startsWith("Illegal unquoted character")) {
            reason = "a control character (" + control(m) + ") inside a string at " + at
                    + ": write it as an escape (\\n, \\t, \\u001f …)";
        } else if (m.startsWith("Unrecognized character escape")) {
            reason = "\\" + (found.length() == 3 ? found.substring(1, 2) : "?") + " at " + at + " is not a JSON escape "
                    + "(valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)";
        } else if (m.contains("hex-digit for character escape")) {
            reason = "a \\u escape at " + at + " needs four hex digits, found " + found;
        } else if (m.startsWith("Illegal character")) {
            reason = "a control character (" + control(m) + ") at " + at + ": only spaces, tabs and line ends may "
                    + "stand between values";
        } else if (m.startsWith("Unrecognized token")) {
            Matcher t = TOKEN.matcher(m);
            reason = "expected a value at " + at + ", found " + (t.find() ? "'" + t.group(1) + "'" : found)
                    + " (a value is a string in double quotes, a number, an object, an array, true, false or null)";
        } else if (m.contains("expected a valid value") || m.contains("expected a value")) {
            if (("']'".equals(found) || "'}'".equals(found)) && previousNonSpace(input, loc) == ',') {
                reason = "a comma before " + found.charAt(1) + " at " + at + ": a comma must be followed by a value";
            } else if ("'}'".equals(found) && previousNonSpace(input, loc) == ':') {
                reason = "a key without a value at " + at;
            } else {
                reason = "expected a value at " + at + ", found " + found + " (a value is a string in double quotes, "
                        + "a number, an object, an array, true, false or null)";
            }
        } else {
            reason = "not valid JSON at " + at + (found.isEmpty() ? "" : ", found " + found);
        }
        return new JsonInputException("broken JSON: " + reason, line, column);
    }

    /** {@code column 7}, or {@code line 2, column 7} for input of more than one line. */
    static String where(int line, int column, boolean multiLine) {
        return multiLine ? "line " + line + ", column " + column : "column " + column;
    }

    /** The character a parser stopped at, quoted ({@code 'x'}), or by code point for invisible ones. */
    private static String found(String message, String input, JsonLocation loc) {
        int cp = -1;
        Matcher f = FOUND.matcher(message);
        if (f.find()) {
            cp = Integer.parseInt(f.group(1));
        } else if (loc != null && loc.getCharOffset() >= 0 && loc.getCharOffset() < input.length()) {
            cp = input.codePointAt((int) loc.getCharOffset());
        }
        if (cp < 0) {
            return "the end of the input";
        }
        if (cp <= ' ' || Character.isSpaceChar(cp) || Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
            String name = Character.getName(cp);
            return String.format(Locale.ROOT, "U+%04X", cp) + (name == null ? "" : " " + name.toLowerCase(Locale.ROOT));
        }
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    private static String control(String message) {
        Matcher c = CONTROL.matcher(message);
        if (!c.find()) {
            return "a control character";
        }
        int cp = Integer.parseInt(c.group(1));
        String name = Character.getName(cp);
        return String.format(Locale.ROOT, "U+%04X", cp) + (name == null ? "" : " " + name.toLowerCase(Locale.ROOT));
    }

    private static char previousNonSpace(String input, JsonLocation loc) {
        if (loc == null || loc.getCharOffset() < 0) {
            return 0;
        }
        for (int i = (int) Math.min(loc.getCharOffset(), input.length()) - 1; i >= 0; i--) {
            char c = input.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c;
            }
        }
        return 0;
    }

    /** Line and column of the last {@code "key"} before the parser's position (where a duplicate key starts). */
    private static int[] keyPosition(String input, String key, JsonLocation loc) {
        if (loc == null || loc.getCharOffset() < 0) {
            return null;
        }
        int end = (int) Math.min(loc.getCharOffset(), input.length());
        int i = input.lastIndexOf("\"" + key + "\"", end);
        if (i < 0) {
            return null;
        }
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < i; k++) {
            char c = input.charAt(k);
            if (c == '\n' || c == '\r' && (k + 1 >= input.length() || input.charAt(k + 1) != '\n')) {
                line++;
                lineStart = k + 1;
            }
        }
        return new int[]{line, i - lineStart + 1};
    }
}
