package io.bianwei.quality;

import io.bianwei.ScreenerSettings;
import io.bianwei.WeightsFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code weights.txt} overrides already in force for some settings (parsed by the core's {@link WeightsFile}):
 * what a proposal from {@link Tuner} must keep.
 */
public final class WeightOverrides {
    private WeightOverrides() {
    }

    /**
     * The weight overrides already in force: the default pack's {@code weights.txt} (when it is listed in the pack's
     * index) and those of the rule folders (their top-level {@code weights.txt}) or files named {@code weights.txt},
     * in loading order, later ones winning — as the core merges them. The default pack is looked up on this class's
     * class loader.
     *
     * @return rule id → weight, in loading order (a new, modifiable map)
     * @throws io.bianwei.RulePackException naming file and line when a weights file is malformed
     * @throws java.io.UncheckedIOException when a weights file cannot be read
     */
    public static Map<String, Integer> inForce(ScreenerSettings settings) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (settings.defaultRules()) {
            ClassLoader loader = WeightOverrides.class.getClassLoader();
            String index = resource(loader, "bianwei/rules/index.txt");
            if (index != null && index.lines().map(String::strip).anyMatch(WeightsFile.NAME::equals)) {
                String content = resource(loader, "bianwei/rules/" + WeightsFile.NAME);
                if (content != null) {
                    out.putAll(WeightsFile.parse(content, "classpath:bianwei/rules/" + WeightsFile.NAME));
                }
            }
        }
        for (Path p : settings.rulePaths()) {
            Path f = Files.isDirectory(p) ? p.resolve(WeightsFile.NAME) : p;
            if (f.getFileName() != null && f.getFileName().toString().equals(WeightsFile.NAME)
                    && Files.isRegularFile(f)) {
                try {
                    out.putAll(WeightsFile.parse(Files.readString(f, StandardCharsets.UTF_8), f.toString()));
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
