package io.bianwei.internal.match;

import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.text.Source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule pack's evasion tables, plain text under {@code variants/}:
 * <ul>
 *   <li>{@code lookalike.txt}: {@code 微: 薇 威 徽 v} — characters written for the canonical one;</li>
 *   <li>{@code splits.txt}: {@code 探 扌罙} — a character written as its components (拆字).</li>
 * </ul>
 * Both apply only to the "variant view" of a text, used for term lists that say {@code #@ variants: on}.
 */
public record VariantTables(Map<Integer, Integer> lookalike, Map<String, Integer> splits) {
    public static final VariantTables EMPTY = new VariantTables(Map.of(), Map.of());

    /** BMP look-alike map as an array (0 = none), and which chars can start a split: the hot path avoids boxing. */
    char[] lookalikeTable() {
        char[] t = new char[0x10000];
        lookalike.forEach((k, v) -> {
            if (k < 0x10000 && v < 0x10000) {
                t[k] = (char) v.intValue();
            }
        });
        return t;
    }

    java.util.BitSet splitStarts() {
        java.util.BitSet b = new java.util.BitSet(0x10000);
        splits.keySet().forEach(k -> b.set(k.charAt(0)));
        return b;
    }

    public static VariantTables parse(List<Source> sources, List<Problem> problems) {
        Map<Integer, Integer> look = new HashMap<>();
        Map<String, Integer> splits = new HashMap<>();
        for (Source s : sources) {
            boolean isSplits = s.name().replace('\\', '/').endsWith("splits.txt");
            int lineNo = 0;
            for (String raw : s.content().split("\r?\n")) {
                lineNo++;
                String line = raw.replaceFirst("#.*", "").strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (isSplits) {
                    String[] parts = line.split("\\s+");
                    if (parts.length != 2 || parts[0].codePointCount(0, parts[0].length()) != 1
                            || parts[1].codePointCount(0, parts[1].length()) < 2) {
                        problems.add(new Problem(s.name(), lineNo, "expected 'CHAR COMPONENTS', e.g. '探 扌罙'"));
                        continue;
                    }
                    splits.put(parts[1], parts[0].codePointAt(0));
                } else {
                    String[] kv = line.split("[:：]", 2);
                    if (kv.length != 2 || kv[0].strip().codePointCount(0, kv[0].strip().length()) != 1) {
                        problems.add(new Problem(s.name(), lineNo, "expected 'CHAR: variant variant …', e.g. '微: 薇 威'"));
                        continue;
                    }
                    int canonical = Character.toLowerCase(kv[0].strip().codePointAt(0));
                    for (String v : kv[1].strip().split("\\s+")) {
                        if (v.codePointCount(0, v.length()) != 1) {
                            problems.add(new Problem(s.name(), lineNo, "variant '" + v + "' must be one character"));
                        } else {
                            look.put(Character.toLowerCase(v.codePointAt(0)), canonical);
                        }
                    }
                }
            }
        }
        return new VariantTables(Map.copyOf(look), Map.copyOf(splits));
    }
}
