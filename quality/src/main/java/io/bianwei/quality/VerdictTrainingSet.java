package io.bianwei.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The training set {@code bianwei learn} keeps beside the model ({@code models/verdict.train.jsonl}) so that
 * {@code --add} and {@code --forget} can train again without the original file: one JSON object a line, sorted by
 * id, {@code {"id", "label", "category", "rules": [fired rule ids], "normalized": the normalised text,
 * "ruleset": the ruleset version that screened it}}. It holds the platform's texts (normalised): keep it where the
 * texts themselves may be kept, and do not ship it with a rule pack.
 */
public final class VerdictTrainingSet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VerdictTrainingSet() {
    }

    /**
     * The examples of a file and the ruleset versions that screened them.
     *
     * @param examples sorted by id
     * @param rulesets how many examples each ruleset version screened (sorted by version)
     */
    public record Contents(List<VerdictTrainer.Example> examples, Map<String, Integer> rulesets) {
        public Contents {
            examples = List.copyOf(examples);
            rulesets = java.util.Collections.unmodifiableMap(new TreeMap<>(rulesets));
        }
    }

    /** Writes the examples sorted by id (a later example of an id replaces an earlier one). */
    public static void write(Path file, Collection<VerdictTrainer.Example> examples, Map<String, String> rulesetById)
            throws IOException {
        Map<String, VerdictTrainer.Example> byId = new TreeMap<>();
        for (VerdictTrainer.Example e : examples) {
            byId.put(e.id(), e);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (VerdictTrainer.Example e : byId.values()) {
                ObjectNode o = JSON.createObjectNode();
                o.put("id", e.id()).put("label", e.label());
                if (e.category() == null) {
                    o.putNull("category");
                } else {
                    o.put("category", e.category());
                }
                ArrayNode rules = o.putArray("rules");
                e.firedRuleIds().forEach(rules::add);
                o.put("normalized", e.normalized());
                String rs = rulesetById.get(e.id());
                if (rs != null) {
                    o.put("ruleset", rs);
                }
                w.write(JSON.writeValueAsString(o));
                w.write('\n');
            }
        }
    }

    /**
     * Reads a training-set file.
     *
     * @throws IOException              when it cannot be read
     * @throws IllegalArgumentException naming the line of a record that is not a training example
     */
    public static Contents read(Path file) throws IOException {
        Map<String, VerdictTrainer.Example> byId = new TreeMap<>();
        Map<String, Integer> rulesets = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode o = JSON.readTree(line);
                    Set<String> rules = new TreeSet<>();
                    JsonNode arr = o.path("rules");
                    if (!arr.isArray()) {
                        throw new IllegalArgumentException("'rules' must be an array of rule ids");
                    }
                    arr.forEach(n -> rules.add(n.asText()));
                    String id = text(o, "id", true);
                    VerdictTrainer.Example e = new VerdictTrainer.Example(id, rules, text(o, "normalized", true),
                            text(o, "label", true), text(o, "category", false));
                    byId.put(id, e);
                    String rs = text(o, "ruleset", false);
                    rulesets.merge(rs == null ? "(unknown)" : rs, 1, Integer::sum);
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException(file + ":" + no + ": not a training example: "
                            + (e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("")));
                }
            }
        }
        List<VerdictTrainer.Example> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparing(VerdictTrainer.Example::id));
        return new Contents(out, rulesets);
    }

    private static String text(JsonNode o, String field, boolean required) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new IllegalArgumentException("no '" + field + "'");
            }
            return null;
        }
        return n.asText();
    }
}
