package io.bianwei;

import io.bianwei.RulePackException.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A rule pack's {@code weights.txt}: one {@code RULE_ID weight} line per rule (SpamAssassin's {@code 50_scores.cf}
 * idea: scores apart from the rules), {@code #} starts a comment, a later line for the same id wins. The one parser
 * and writer of the format: the pack loader, {@code tune} and the tools use it. Ids, ranges and signs are validated
 * when the pack is built.
 */
public final class WeightsFile {
    /** The file name a pack's weights go in. */
    public static final String NAME = "weights.txt";
    private static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9_]*");

    private WeightsFile() {
    }

    /** One weight line. */
    public record Entry(String ruleId, int weight, String file, int line) {
    }

    /** Parses {@code content} (read from {@code name}); each malformed line adds a problem naming its line. */
    public static List<Entry> parse(String content, String name, List<Problem> problems) {
        List<Entry> out = new ArrayList<>();
        int lineNo = 0;
        for (String raw : content.split("\r?\n")) {
            lineNo++;
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("[\\s=]+");
            if (parts.length != 2 || !ID.matcher(parts[0]).matches()) {
                problems.add(new Problem(name, lineNo, "expected 'RULE_ID weight'"));
                continue;
            }
            try {
                out.add(new Entry(parts[0], Integer.parseInt(parts[1]), name, lineNo));
            } catch (NumberFormatException e) {
                problems.add(new Problem(name, lineNo, "weight must be an integer: " + parts[1]));
            }
        }
        return out;
    }

    /**
     * Rule id → weight, in file order, later lines winning.
     *
     * @throws RulePackException naming the file and line of each malformed line
     */
    public static Map<String, Integer> parse(String content, String name) {
        List<Problem> problems = new ArrayList<>();
        List<Entry> entries = parse(content, name, problems);
        if (!problems.isEmpty()) {
            throw new RulePackException(problems);
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.ruleId(), e.weight()));
        return out;
    }

    /**
     * The file: each header line as a {@code #} comment, then one {@code RULE_ID weight} line per entry (in the map's
     * order), each with its note as a trailing comment when there is one.
     */
    public static String format(List<String> header, Map<String, Integer> weights, Map<String, String> notes) {
        StringBuilder sb = new StringBuilder();
        for (String h : header) {
            sb.append(h.isEmpty() ? "#" : "# " + h).append('\n');
        }
        int width = weights.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (var e : weights.entrySet()) {
            String line = String.format(Locale.ROOT, "%-" + Math.max(1, width) + "s %4d", e.getKey(), e.getValue());
            String note = notes.get(e.getKey());
            sb.append(note == null ? line : line + "  # " + note).append('\n');
        }
        return sb.toString();
    }
}
