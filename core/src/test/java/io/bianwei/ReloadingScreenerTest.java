package io.bianwei;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class ReloadingScreenerTest {
    private static final String[] TEXTS = {"这个偏方能根治糖尿病", "辟谣：偏方能根治糖尿病是假的", "今天天气很好",
            "祖传秘方治愈高血压。"};

    @TempDir
    Path dir;

    private void copyTestPack() throws IOException {
        for (String f : List.of("cure.drl", "context.drl", "terms/remedy.txt", "terms/cure_verb.txt",
                "terms/disease.txt", "terms/debunk.txt")) {
            Path target = dir.resolve(f);
            Files.createDirectories(target.getParent());
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("testpack/" + f)) {
                Files.copy(in, target);
            }
        }
    }

    private Screener.Builder builder() {
        return Screener.builder().withoutDefaultRules().addRules(dir);
    }

    private static String key(ScreeningResult r) {
        return r.verdict() + "/" + r.score() + "/" + r.findings();
    }

    private Map<String, String> expected(Screener s) {
        Map<String, String> m = new ConcurrentHashMap<>();
        for (String t : TEXTS) {
            m.put(t, key(s.screen(t)));
        }
        return m;
    }

    @Test
    void swapsOnlyToPacksThatCompileAndPassTheirExamplesWhileScreeningGoesOn() throws Exception {
        copyTestPack();
        Map<String, Map<String, String>> byVersion = new ConcurrentHashMap<>();
        try (ReloadingScreener rs = ReloadingScreener.watch(this::builder, List.of(), e -> { })) {
            byVersion.put(rs.current().rulesetVersion(), expected(rs.current()));
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            List<String> mismatches = new CopyOnWriteArrayList<>();
            List<ScreeningResult> seen = new CopyOnWriteArrayList<>();
            java.util.Set<String> versions = ConcurrentHashMap.newKeySet(); // every pack version a result came from
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs.add(pool.submit(() -> {
                    int i = 0;
                    while (!stop.get()) {
                        String text = TEXTS[i++ % TEXTS.length];
                        try {
                            ScreeningResult r = rs.screen(text);
                            seen.add(r);
                            versions.add(r.rulesetVersion());
                            if (seen.size() > 200_000) {
                                seen.clear();
                            }
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }
                }));
            }
            Path cure = dir.resolve("cure.drl");
            String original = Files.readString(cure);
            // v2: a good change (heavier weight)
            Files.writeString(cure, original.replace("@weight(45)", "@weight(75)"));
            ReloadingScreener.ReloadEvent good = rs.reload();
            assertThat(good.swapped()).isTrue();
            byVersion.put(good.rulesetVersion(), expected(builder().build()));
            awaitResultOf(versions, good.rulesetVersion());
            // broken DRL: kept out
            Files.writeString(cure, original.replace("then", "then this is not java"));
            ReloadingScreener.ReloadEvent broken = rs.reload();
            assertThat(broken.swapped()).isFalse();
            assertThat(broken.problems()).anyMatch(p -> p.contains("cure.drl"));
            assertThat(broken.rulesetVersion()).isEqualTo(good.rulesetVersion());
            // compiles, but its own example fails: kept out too
            Files.writeString(cure, original.replace("@weight(45)", "@weight(75)").replace("根治糖尿病\")", "根治糖尿病。\")")
                    .replace("$d : Hit(list == \"disease\"", "$d : Hit(list == \"debunk\""));
            ReloadingScreener.ReloadEvent failing = rs.reload();
            assertThat(failing.swapped()).isFalse();
            assertThat(failing.problems()).anyMatch(p -> p.contains("PS_TEST_CURE"));
            // back to the original: swaps
            Files.writeString(cure, original);
            ReloadingScreener.ReloadEvent back = rs.reload();
            assertThat(back.swapped()).isTrue();
            awaitResultOf(versions, back.rulesetVersion());
            stop.set(true);
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(errors).isEmpty();
            for (ScreeningResult r : seen) {
                Map<String, String> exp = byVersion.get(r.rulesetVersion());
                assertThat(exp).as("result from an unknown pack version %s", r.rulesetVersion()).isNotNull();
                if (!exp.containsValue(key(r))) {
                    mismatches.add(r.rulesetVersion() + " " + key(r));
                }
            }
            assertThat(mismatches).as("every result is wholly one pack's").isEmpty();
            assertThat(versions).hasSize(2);
        }
    }

    @Test
    void watchesTheFolderAndReloadsOnChange() throws Exception {
        copyTestPack();
        LinkedBlockingQueue<ReloadingScreener.ReloadEvent> events = new LinkedBlockingQueue<>();
        try (ReloadingScreener rs = ReloadingScreener.watch(this::builder, List.of(dir), events::add)) {
            String before = rs.current().rulesetVersion();
            // watch() registers the folders before it returns: an edit made now is seen
            Files.writeString(dir.resolve("terms/remedy.txt"), "偏方\n祖传秘方\n神药\n");
            ReloadingScreener.ReloadEvent e = events.poll(30, TimeUnit.SECONDS);
            assertThat(e).as("a reload event after the edit").isNotNull();
            assertThat(e.swapped()).isTrue();
            assertThat(rs.current().rulesetVersion()).isNotEqualTo(before);
            assertThat(rs.screen("神药能根治糖尿病").fired("PS_TEST_CURE")).isTrue();
        }
    }

    @Test
    void aPackWhoseCodeThrowsAnErrorNeitherKillsTheWatcherNorStopsLaterReloads() throws Exception {
        copyTestPack();
        LinkedBlockingQueue<ReloadingScreener.ReloadEvent> events = new LinkedBlockingQueue<>();
        try (ReloadingScreener rs = ReloadingScreener.watch(this::builder, List.of(dir), events::add)) {
            Files.writeString(dir.resolve("assert.drl"), "package ext;\nimport io.bianwei.facts.*;\n"
                    + "global io.bianwei.facts.Out out;\n"
                    + "rule \"PS_ASSERT\"\n    @category(\"pseudo_science\") @weight(50) @description(\"测试\")\n"
                    + "    @hit1(\"«偏方»\") @ok1(\"无\")\nwhen\n    $h : Hit(list == \"remedy\")\nthen\n"
                    + "    out.emit(kcontext, $h); if (true) { throw new AssertionError(\"boom\"); }\nend\n");
            ReloadingScreener.ReloadEvent bad = events.poll(30, TimeUnit.SECONDS);
            assertThat(bad).as("an event for the pack whose rule throws").isNotNull();
            assertThat(bad.swapped()).as("its own example cannot pass").isFalse();
            assertThat(rs.screen("这个偏方能根治糖尿病").fired("PS_TEST_CURE")).isTrue();
            Files.delete(dir.resolve("assert.drl"));
            Files.writeString(dir.resolve("terms/remedy.txt"), "偏方\n祖传秘方\n神药\n");
            ReloadingScreener.ReloadEvent later = null;
            for (int i = 0; i < 5 && (later == null || !later.swapped()); i++) {
                later = events.poll(30, TimeUnit.SECONDS);
            }
            assertThat(later).as("the watcher still runs").isNotNull();
            assertThat(later.swapped()).isTrue();
            assertThat(rs.screen("神药能根治糖尿病").fired("PS_TEST_CURE")).isTrue();
        }
    }

    /**
     * Waits until the screening threads have returned a result of pack {@code version} (what a sleep used to hope
     * for): each version then has results of its own, however slow the machine.
     */
    private static void awaitResultOf(java.util.Set<String> versions, String version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // fails a hang, never a slow machine
        while (!versions.contains(version)) {
            assertThat(System.nanoTime() - deadline).as("a result of pack %s within 60 s", version).isNegative();
            TimeUnit.MILLISECONDS.sleep(1); // polling interval
        }
    }
}
