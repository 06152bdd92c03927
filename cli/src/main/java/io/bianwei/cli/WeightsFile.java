package io.bianwei.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A pack's {@code weights.txt}: {@code RULE_ID weight} lines, {@code #} starts a comment; a later line for the same
 * id wins. The grammar is the core's (rule pack loading); the core validates ids, ranges and signs when the pack is
 * built.
 */
final class WeightsFile {
    static final String NAME = "weights.txt";
    private static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9_]*");

    private WeightsFile() {
    }

    /** Rule id → weight, in file order; throws {@link IllegalArgumentException} naming the line when malformed. */
    static Map<String, Integer> parse(String content, String name) {
        Map<String, Integer> out = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : content.split("\r?\n")) {
            lineNo++;
            String line = raw.replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("[\\s=]+");
            if (parts.length != 2 || !ID.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": expected 'RULE_ID weight'");
            }
            try {
                out.put(parts[0], Integer.parseInt(parts[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ":" + lineNo + ": weight must be an integer: " + parts[1]);
            }
        }
        return out;
    }

    /**
     * The file: each header line as a {@code #} comment, then one {@code RULE_ID weight} line per entry (in the
     * map's order), each with its note as a trailing comment when there is one.
     */
    static String format(List<String> header, Map<String, Integer> weights, Map<String, String> notes) {
        StringBuilder sb = new StringBuilder();
        for (String h : header) {
            sb.append(h.isEmpty() ? "#" : "# " + h).append('\n');
        }
        int width = weights.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (var e : weights.entrySet()) {
            String line = String.format(java.util.Locale.ROOT, "%-" + Math.max(1, width) + "s %4d", e.getKey(),
                    e.getValue());
            String note = notes.get(e.getKey());
            sb.append(note == null ? line : line + "  # " + note).append('\n');
        }
        return sb.toString();
    }

    /**
     * The weight overrides already in force for a configuration: the default pack's {@code weights.txt} (when it is
     * listed in the pack's index) and those of the {@code --rules} folders (their top-level {@code weights.txt}) or
     * files named {@code weights.txt}, in loading order, later ones winning — as the core merges them.
     */
    static Map<String, Integer> overrides(io.bianwei.ScreenerSettings config) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (config.defaultRules()) {
            ClassLoader loader = WeightsFile.class.getClassLoader();
            String index = resource(loader, "bianwei/rules/index.txt");
            if (index != null && index.lines().map(String::strip).anyMatch(NAME::equals)) {
                String content = resource(loader, "bianwei/rules/" + NAME);
                if (content != null) {
                    out.putAll(parse(content, "classpath:bianwei/rules/" + NAME));
                }
            }
        }
        for (Path p : config.rulePaths()) {
            Path f = Files.isDirectory(p) ? p.resolve(NAME) : p;
            if (f.getFileName() != null && f.getFileName().toString().equals(NAME) && Files.isRegularFile(f)) {
                try {
                    out.putAll(parse(Files.readString(f, StandardCharsets.UTF_8), f.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    private static String resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
