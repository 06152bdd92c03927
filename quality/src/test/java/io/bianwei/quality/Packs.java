package io.bianwei.quality;

import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The tests' rule packs and files, with a per-JVM cache of screeners (building one compiles a pack). */
final class Packs {
    private static final Map<ScreenerSettings, Screener> SCREENERS = new ConcurrentHashMap<>();

    private Packs() {
    }

    /** The cached screener for some settings (a broken pack throws, and is not cached). */
    static Screener screener(ScreenerSettings settings) {
        return SCREENERS.computeIfAbsent(settings, Screener::build);
    }

    /** The settings of the given rule folders or files alone (no default pack). */
    static ScreenerSettings only(Path... rules) {
        return ScreenerSettings.defaults().withDefaultRules(false).withRules(List.of(rules));
    }

    /** The tiny rule pack of src/test/resources/testpack: PS_T_REMEDY (50), PA_T_SPY (80), CTX_T_DEBUNK (-60). */
    static Path testPack() {
        return resource("/testpack");
    }

    static Path resource(String name) {
        try {
            return Path.of(Packs.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
