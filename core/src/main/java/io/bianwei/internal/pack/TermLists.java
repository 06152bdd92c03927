package io.bianwei.internal.pack;

import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.match.Boundary;
import io.bianwei.internal.match.TermList;
import io.bianwei.internal.text.Source;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Parses term lists: UTF-8, one term per line, {@code #} starts a comment, and header directives
 * {@code #@ key: value}. The list's name is its file name without {@code .txt}; files of the same name (from an
 * extra pack) add terms to the list.
 *
 * <p>Directives (the defaults are what almost every list wants; say only what differs):
 * <ul>
 *   <li>{@code boundary: loose|auto|strict} — whether a hit must start and end on a word boundary of the
 *       segmentation: {@code loose} (default) never, {@code auto} only for terms of at most two characters,
 *       {@code strict} always;</li>
 *   <li>{@code pinyin: on|off} — also match the terms by toneless pinyin (tou拍, 破ji, she像头); default on;</li>
 *   <li>{@code homophones: on|off} — in the pinyin pass, also accept same-sound characters (摄象头 for 摄像头);
 *       unset: only for terms of three or more syllables, one substitution per three;</li>
 *   <li>{@code variants: on|off} — also match through the pack's look-alike and split-character tables and with
 *       letters inserted between characters (偷a拍, 扌罙); default on.</li>
 * </ul>
 * A term line {@code 社工库 = sgk, shegongku} adds aliases (matched as whole words only).
 *
 * <p>Classes from HanLP's own lexicon add every word they hold: {@code @cilin Dl01A} (every word Tongyici Cilin files
 * under a code prefix, all senses counted), {@code @pos nhd} (every word HanLP's dictionaries tag with a part of
 * speech), {@code @syn 痊愈} (every word on a Cilin synonym line that holds the word). Class words shorter than {@code #@ class-min-length: N} characters (default 2) are left out, and a line
 * {@code !词} removes a word a class brought in. A class hit is a hit like any other: the words go into the same
 * automaton, and {@link TermList#origins()} says where each came from.
 */
public final class TermLists {
    /** A class a list names, and the words it brought in. */
    private record ClassRef(String kind, String code, String file, int line) {
        String key() {
            return kind + ":" + code;
        }
    }

    private TermLists() {
    }

    public static Map<String, TermList> parse(List<Source> sources, List<Problem> problems) {
        Map<String, LinkedHashSet<String>> terms = new TreeMap<>();
        Map<String, Boundary> boundaries = new TreeMap<>();
        Map<String, Boolean> pinyin = new TreeMap<>();
        Map<String, Boolean> variants = new TreeMap<>();
        Map<String, Boolean> homophones = new TreeMap<>();
        Map<String, Map<String, List<String>>> aliases = new TreeMap<>();
        Map<String, String> where = new TreeMap<>();
        Map<String, List<ClassRef>> classes = new TreeMap<>();
        Map<String, Set<String>> excluded = new TreeMap<>();
        Map<String, Integer> minLength = new TreeMap<>();
        for (Source s : sources) {
            String file = s.name().replace('\\', '/');
            String name = file.substring(file.lastIndexOf('/') + 1).replaceFirst("\\.txt$", "");
            if (!name.matches("[a-z][a-z0-9_]*")) {
                problems.add(new Problem(s.name(), 0,
                        "term list name '" + name + "' must be lower_snake_case (letters, digits, _)"));
                continue;
            }
            Set<String> set = terms.computeIfAbsent(name, k -> new LinkedHashSet<>());
            where.putIfAbsent(name, s.name());
            int lineNo = 0;
            for (String raw : s.content().split("\r?\n", -1)) {
                lineNo++;
                String line = raw.strip();
                if (line.startsWith("#@")) {
                    String[] kv = line.substring(2).split(":", 2);
                    String key = kv[0].strip();
                    String value = kv.length > 1 ? kv[1].strip() : "";
                    if (key.equals("boundary")) {
                        try {
                            boundaries.put(name, Boundary.valueOf(value.toUpperCase(java.util.Locale.ROOT)));
                        } catch (IllegalArgumentException e) {
                            problems.add(new Problem(s.name(), lineNo, "boundary must be auto, strict or loose"));
                        }
                    } else if (key.equals("pinyin") || key.equals("variants") || key.equals("homophones")) {
                        if (!value.equals("on") && !value.equals("off")) {
                            problems.add(new Problem(s.name(), lineNo, key + " must be on or off"));
                        } else {
                            (key.equals("pinyin") ? pinyin : key.equals("variants") ? variants : homophones)
                                    .put(name, value.equals("on"));
                        }
                    } else if (key.equals("class-min-length")) {
                        try {
                            int n = Integer.parseInt(value);
                            if (n < 1) {
                                throw new NumberFormatException();
                            }
                            minLength.put(name, n);
                        } catch (NumberFormatException e) {
                            problems.add(new Problem(s.name(), lineNo, "class-min-length must be a positive number"));
                        }
                    } else {
                        problems.add(new Problem(s.name(), lineNo, "unknown directive '" + key + "'"));
                    }
                    continue;
                }
                if (line.startsWith("@")) {
                    String body = line.replaceFirst("\\s+#.*$", "").strip();
                    String[] kv = body.substring(1).strip().split("\\s+");
                    if (kv.length != 2 || !(kv[0].equals("cilin") || kv[0].equals("pos") || kv[0].equals("syn"))) {
                        problems.add(new Problem(s.name(), lineNo, "expected '@cilin CODE' (e.g. @cilin Dl01A),"
                                + " '@pos TAG' (e.g. @pos nhd) or '@syn WORD' (e.g. @syn 痊愈)"));
                    } else {
                        classes.computeIfAbsent(name, k -> new ArrayList<>())
                                .add(new ClassRef(kv[0], kv[1], s.name(), lineNo));
                    }
                    continue;
                }
                if (line.startsWith("!")) {
                    String word = line.substring(1).replaceFirst("\\s*#.*$", "").strip();
                    if (word.isEmpty()) {
                        problems.add(new Problem(s.name(), lineNo, "expected '!word' (a word a class must not bring in)"));
                    } else {
                        excluded.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(word);
                    }
                    continue;
                }
                int hash = line.indexOf('#');
                if (hash >= 0) {
                    line = line.substring(0, hash).strip();
                }
                if (line.isEmpty()) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq > 0) {
                    String canonical = line.substring(0, eq).strip();
                    List<String> alias = new ArrayList<>();
                    for (String a : line.substring(eq + 1).split("[,，]")) {
                        if (!a.isBlank()) {
                            alias.add(a.strip());
                        }
                    }
                    aliases.computeIfAbsent(name, k -> new TreeMap<>()).computeIfAbsent(canonical,
                            k -> new ArrayList<>()).addAll(alias);
                    line = canonical;
                }
                if (line.length() > 64) {
                    problems.add(new Problem(s.name(), lineNo, "term longer than 64 characters"));
                    continue;
                }
                set.add(line);
            }
        }
        Map<String, TermList> out = new TreeMap<>();
        terms.forEach((name, set) -> {
            Set<String> minus = excluded.getOrDefault(name, Set.of());
            set.removeAll(minus);
            Map<String, String> origins = new TreeMap<>();
            int min = minLength.getOrDefault(name, 2);
            for (ClassRef c : classes.getOrDefault(name, List.of())) {
                Set<String> words = switch (c.kind()) {
                    case "cilin" -> io.bianwei.internal.lexicon.Lexicon.cilin(c.code());
                    case "syn" -> io.bianwei.internal.lexicon.Lexicon.synonyms(c.code());
                    default -> io.bianwei.internal.lexicon.Lexicon.pos(c.code());
                };
                if (words.isEmpty()) {
                    problems.add(new Problem(c.file(), c.line(), switch (c.kind()) {
                        case "cilin" -> "no word of HanLP's Tongyici Cilin is filed under '" + c.code() + "'";
                        case "syn" -> "HanLP's Tongyici Cilin has no synonym line holding '" + c.code() + "'";
                        default -> "no word of HanLP's dictionaries is tagged '" + c.code() + "'";
                    }));
                    continue;
                }
                for (String w : words) {
                    if (w.codePointCount(0, w.length()) >= min && !minus.contains(w) && !set.contains(w)
                            && w.length() <= 64) {
                        set.add(w);
                        origins.put(w, c.key());
                    }
                }
            }
            if (set.isEmpty()) {
                problems.add(new Problem(where.get(name), 0, "term list '" + name + "' has no terms"));
            }
            out.put(name, new TermList(name, new ArrayList<>(set), boundaries.getOrDefault(name, Boundary.LOOSE),
                    where.get(name), pinyin.getOrDefault(name, true), variants.getOrDefault(name, true),
                    aliases.getOrDefault(name, Map.of()), homophones.get(name), Map.copyOf(origins)));
        });
        return out;
    }
}
