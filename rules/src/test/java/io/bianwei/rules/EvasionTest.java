package io.bianwei.rules;

import io.bianwei.RuleExample;
import io.bianwei.RuleInfo;
import io.bianwei.Screener;
import com.hankcs.hanlp.HanLP;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evasion set, generated from every evidence rule's own HIT examples (context rules are left out: evasion hides
 * claims, and context lists deliberately do not match same-sound characters): each transformation rewrites the marked evidence
 * span (one or two characters to pinyin, a homophone, a look-alike, letters or symbols or zero-width characters
 * inserted, a character split into components) and the rule must still fire. Recall per transformation must stay at
 * least 90 % of the recall on the untouched examples.
 */
class EvasionTest {
    private static final Map<String, UnaryOperator<String>> TRANSFORMS = new LinkedHashMap<>();
    private static final Map<Integer, Integer> LOOKALIKE = new HashMap<>(); // canonical -> a variant
    private static final Map<Integer, String> SPLITS = new HashMap<>();      // char -> components
    private static final Map<String, List<Character>> HOMOPHONES = new HashMap<>();

    @BeforeAll
    static void tables() throws IOException {
        for (String line : resource("bianwei/rules/variants/lookalike.txt").split("\n")) {
            line = line.replaceFirst("#.*", "").strip();
            if (!line.isEmpty()) {
                String[] kv = line.split(":", 2);
                String[] vs = kv[1].strip().split("\\s+");
                LOOKALIKE.putIfAbsent(kv[0].strip().codePointAt(0), vs[0].codePointAt(0));
            }
        }
        for (String line : resource("bianwei/rules/variants/splits.txt").split("\n")) {
            line = line.replaceFirst("#.*", "").strip();
            if (!line.isEmpty()) {
                String[] parts = line.split("\\s+");
                SPLITS.put(parts[0].codePointAt(0), parts[1]);
            }
        }
        // common characters: those of the seed document, grouped by syllable
        TreeSet<Character> common = new TreeSet<>();
        for (char c : Files.readString(Path.of("../seeds/000_ec6c90cbe1acbcf1.txt")).toCharArray()) {
            if (isHan(c)) {
                common.add(c);
            }
        }
        Map<String, List<Character>> bySyllable = new TreeMap<>();
        for (char c : common) {
            String s = syllable(c);
            if (s != null) {
                bySyllable.computeIfAbsent(s, k -> new ArrayList<>()).add(c);
            }
        }
        bySyllable.forEach(HOMOPHONES::put);

        TRANSFORMS.put("pinyin-1", s -> toPinyin(s, 1));
        TRANSFORMS.put("pinyin-2", s -> toPinyin(s, 2));
        TRANSFORMS.put("homophone", EvasionTest::homophone);
        TRANSFORMS.put("look-alike", s -> replaceOne(s, c -> LOOKALIKE.containsKey(c)
                ? new String(Character.toChars(LOOKALIKE.get(c))) : null));
        TRANSFORMS.put("letters", s -> interleave(s, "x"));
        TRANSFORMS.put("symbols", s -> interleave(s, "*"));
        TRANSFORMS.put("zero-width", s -> interleave(s, "\u200B"));
        TRANSFORMS.put("split", s -> replaceOne(s, SPLITS::get));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EvasionTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    /** The toneless pinyin of a Han character (HanLP's default reading), or null. */
    static String syllable(char c) {
        if (!isHan(c)) {
            return null;
        }
        var py = HanLP.convertToPinyinList(String.valueOf(c));
        String s = py.isEmpty() ? "none" : py.get(0).getPinyinWithoutTone();
        return s.equals("none") ? null : s;
    }

    /** Replaces the last {@code n} Han characters with their toneless pinyin; null if fewer than n. */
    static String toPinyin(String s, int n) {
        StringBuilder sb = new StringBuilder(s);
        int done = 0;
        for (int i = sb.length() - 1; i >= 0 && done < n; i--) {
            char c = sb.charAt(i);
            String py = syllable(c);
            if (py != null) {
                sb.replace(i, i + 1, py);
                done++;
            }
        }
        return done == n ? sb.toString() : null;
    }

    /** One character replaced by a homophone; only for spans of three or more Han characters (the matcher's policy). */
    static String homophone(String s) {
        if (s.codePoints().filter(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN).count() < 3) {
            return null;
        }
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            String py = syllable(c);
            for (char h : py == null ? List.<Character>of() : HOMOPHONES.getOrDefault(py, List.of())) {
                if (h != c) {
                    return s.substring(0, i) + h + s.substring(i + 1);
                }
            }
        }
        return null;
    }

    static String replaceOne(String s, java.util.function.Function<Integer, String> f) {
        for (int i = s.length() - 1; i >= 0; i--) {
            String r = f.apply((int) s.charAt(i));
            if (r != null) {
                return s.substring(0, i) + r + s.substring(i + 1);
            }
        }
        return null;
    }

    static String interleave(String s, String sep) {
        return s.length() < 2 ? null : String.join(sep, s.split(""));
    }

    @Test
    void recallOnTransformedExamplesStaysWithinTenPercent() {
        Screener screener = DefaultPack.screener();
        int originals = 0;
        int originalHits = 0;
        Map<String, int[]> perTransform = new LinkedHashMap<>(); // applicable, fired
        List<String> misses = new ArrayList<>();
        for (RuleInfo rule : screener.rules()) {
            if (rule.isContext()) {
                continue; // evasion hides claims; nobody disguises the word 辟谣 to get past a filter
            }
            for (RuleExample ex : rule.examples()) {
                if (ex.kind() != RuleExample.Kind.HIT || ex.marked().isEmpty()) {
                    continue;
                }
                // an evader disguises the most telling word: the longest marked span
                io.bianwei.Span target = ex.marked().stream().max(java.util.Comparator.comparingInt(io.bianwei.Span::length)
                        .thenComparing(java.util.Comparator.comparingInt(io.bianwei.Span::start).reversed())).orElseThrow();
                originals++;
                if (screener.screen(ex.text()).fired(rule.id())) {
                    originalHits++;
                }
                String before = ex.text().substring(0, target.start());
                String after = ex.text().substring(target.end());
                for (var t : TRANSFORMS.entrySet()) {
                    String changed = t.getValue().apply(target.text());
                    if (changed == null) {
                        continue; // not applicable to this span
                    }
                    int[] c = perTransform.computeIfAbsent(t.getKey(), k -> new int[2]);
                    c[0]++;
                    String text = before + changed + after;
                    if (screener.screen(text).fired(rule.id())) {
                        c[1]++;
                    } else {
                        misses.add(t.getKey() + " " + rule.id() + ": " + text);
                    }
                }
            }
        }
        double base = (double) originalHits / originals;
        StringBuilder report = new StringBuilder(String.format("evasion recall (original %d/%d = %.1f%%)%n",
                originalHits, originals, 100 * base));
        perTransform.forEach((k, c) -> report.append(String.format("  %-11s %3d/%3d = %5.1f%%%n", k, c[1], c[0],
                100.0 * c[1] / c[0])));
        System.out.println(report);
        misses.forEach(m -> System.out.println("  miss " + m));
        perTransform.forEach((k, c) -> assertThat((double) c[1] / c[0]).as("%s%n%s", k, report)
                .isGreaterThanOrEqualTo(0.9 * base));
    }
}
