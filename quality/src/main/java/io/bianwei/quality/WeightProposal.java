package io.bianwei.quality;

import io.bianwei.RuleInfo;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import io.bianwei.WeightsFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A proposed {@code weights.txt} from a {@link Tuner.Result}: the changed weights (noted {@code was N}) and the
 * overrides already in force (noted {@code kept}, at their effective weight), so that adding the file to the current
 * configuration yields exactly the tuned weights.
 *
 * @param weights rule id → weight, sorted by id
 * @param notes   rule id → the note of its line ({@code kept} or {@code was N})
 */
public record WeightProposal(Map<String, Integer> weights, Map<String, String> notes) {
    public WeightProposal {
        weights = Collections.unmodifiableMap(new TreeMap<>(weights));
        notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
    }

    /**
     * The proposal for a tuning result.
     *
     * @param result  what tuning found
     * @param inForce the overrides already in force ({@link WeightOverrides#inForce})
     * @param rules   the screener's rules (their effective weights are what the kept overrides say)
     */
    public static WeightProposal of(Tuner.Result result, Map<String, Integer> inForce, List<RuleInfo> rules) {
        Map<String, RuleInfo> byId = new TreeMap<>();
        rules.forEach(r -> byId.put(r.id(), r));
        Map<String, Integer> weights = new TreeMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        inForce.forEach((id, w) -> {
            RuleInfo info = byId.get(id);
            weights.put(id, info == null ? w : info.weight());
            notes.put(id, "kept");
        });
        int[] before = result.before();
        int[] after = result.after();
        for (int i : result.changed()) {
            String id = result.data().rules().get(i);
            weights.put(id, after[i]);
            notes.put(id, "was " + before[i]);
        }
        return new WeightProposal(weights, notes);
    }

    /** The file: the header lines as {@code #} comments, then one line per weight with its note. */
    public String format(List<String> header) {
        return WeightsFile.format(header, weights, notes);
    }

    /**
     * Builds a screener from {@code settings} with {@code weightsFile} added as the last rule folder (in a temporary
     * folder, as {@code weights.txt}), checks that every rule of {@code expected} has that weight, and returns the
     * ruleset version of that configuration.
     *
     * @throws IllegalStateException     when a rule does not get its expected weight
     * @throws io.bianwei.RulePackException when the configuration does not build
     * @throws UncheckedIOException      when the temporary folder cannot be written
     */
    public static String rulesetVersionWith(ScreenerSettings settings, String weightsFile,
                                            Map<String, Integer> expected) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("bianwei-tune");
            Files.writeString(dir.resolve(WeightsFile.NAME), weightsFile, StandardCharsets.UTF_8);
            Screener s = Screener.build(settings.withRules(List.of(dir)));
            for (RuleInfo r : s.rules()) {
                Integer w = expected.get(r.id());
                if (w != null && w != r.weight()) {
                    throw new IllegalStateException("the proposed weights file gives " + r.id() + " weight "
                            + r.weight() + ", not the tuned " + w);
                }
            }
            return s.rulesetVersion();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) {
                try {
                    Files.deleteIfExists(dir.resolve(WeightsFile.NAME));
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temp file left behind
                }
            }
        }
    }
}
