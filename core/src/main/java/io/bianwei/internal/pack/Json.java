package io.bianwei.internal.pack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few JSON shapes the child check speaks: one object per line whose members are strings, whole numbers or arrays
 * of strings. (Core has no JSON library, and one object shape does not justify adding one.)
 */
final class Json {
    private Json() {
    }

    /** The object as one line of JSON; values are strings, numbers or lists of strings. */
    static String line(Map<String, ?> members) {
        StringBuilder b = new StringBuilder("{");
        List<Map.Entry<String, ?>> entries = new ArrayList<>(members.entrySet());
        // the marker member goes first: the parent recognises report lines by how they start
        entries.sort((x, y) -> Boolean.compare(!x.getKey().equals(ChildCheck.KEY), !y.getKey().equals(ChildCheck.KEY)));
        for (Map.Entry<String, ?> e : entries) {
            b.append(b.length() == 1 ? "" : ",");
            string(b, e.getKey());
            b.append(':');
            value(b, e.getValue());
        }
        return b.append('}').toString();
    }

    private static void value(StringBuilder b, Object v) {
        if (v instanceof Number n) {
            b.append(n.longValue());
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : ",");
                string(b, String.valueOf(l.get(i)));
            }
            b.append(']');
        } else {
            string(b, String.valueOf(v));
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** Reads one object of that shape; null when the line is not one. */
    static Map<String, Object> object(String line) {
        try {
            Reader r = new Reader(line.strip());
            Map<String, Object> out = r.object();
            return r.atEnd() ? out : null;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        boolean atEnd() {
            skip();
            return i == s.length();
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private void expect(char c) {
            skip();
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + i);
            }
            i++;
        }

        Map<String, Object> object() {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            skip();
            if (s.charAt(i) == '}') {
                i++;
                return out;
            }
            do {
                skip();
                String key = string();
                expect(':');
                out.put(key, value());
                skip();
            } while (s.charAt(i++) == ',');
            if (s.charAt(i - 1) != '}') {
                throw new IllegalArgumentException("expected } at " + (i - 1));
            }
            return out;
        }

        private Object value() {
            skip();
            char c = s.charAt(i);
            if (c == '"') {
                return string();
            }
            if (c == '[') {
                i++;
                List<Object> out = new ArrayList<>();
                skip();
                if (s.charAt(i) == ']') {
                    i++;
                    return out;
                }
                do {
                    out.add(value());
                    skip();
                } while (s.charAt(i++) == ',');
                if (s.charAt(i - 1) != ']') {
                    throw new IllegalArgumentException("expected ] at " + (i - 1));
                }
                return out;
            }
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '-')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("unexpected " + c + " at " + i);
            }
            return Long.parseLong(s.substring(start, i));
        }

        private String string() {
            skip();
            if (s.charAt(i) != '"') {
                throw new IllegalArgumentException("expected a string at " + i);
            }
            i++;
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            }
        }
    }
}
