package io.bianwei.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import io.bianwei.ScreeningResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Editing a watched rule folder while clients screen: a good edit swaps atomically, a broken one is kept out, and
 * every response (every document of a batch) is wholly one pack's, naming it.
 */
class ReloadTest {
    private static final String[] TEXTS = {"这个神药很灵", "辟谣：神药不存在", "今天天气很好", "出售开房记录"};

    @TempDir
    Path dir;

    private static String key(JsonNode line) {
        return line.get("verdict").asText() + "/" + line.get("score").asInt() + "/" + line.get("findings");
    }

    private static String key(ScreeningResult r) {
        return key(Http.json(io.bianwei.json.Jsonl.line(r, Map.of())));
    }

    private Map<String, String> expected(ScreenerSettings settings) {
        Screener s = Screener.build(settings);
        Map<String, String> m = new ConcurrentHashMap<>();
        for (String t : TEXTS) {
            m.put(t, key(s.screen(t)));
        }
        return m;
    }

    @Test
    void reloadsUnderConcurrentRequests() throws Exception {
        try (Stream<Path> files = Files.walk(Http.testPack())) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = dir.resolve(Http.testPack().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        ScreenerSettings settings = ScreenerSettings.defaults().withDefaultRules(false).withRules(List.of(dir));
        Map<String, Map<String, String>> byVersion = new ConcurrentHashMap<>();
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < TEXTS.length; i++) {
            body.append(i > 0 ? "," : "").append("{\"id\":\"").append(i).append("\",\"text\":\"").append(TEXTS[i])
                    .append("\"}");
        }
        String batch = body.append(']').toString();
        try (ScreeningServer s = ScreeningServer.start(Http.config().withScreener(settings).withWatchRules(true))) {
            s.load();
            String v1 = s.rulesetVersion();
            byVersion.put(v1, expected(settings));
            AtomicBoolean stop = new AtomicBoolean();
            List<String> problems = new CopyOnWriteArrayList<>();
            List<JsonNode> seen = new CopyOnWriteArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                fs.add(clients.submit(() -> {
                    while (!stop.get()) {
                        Http.Reply r = Http.post(s, "/v1/screen", batch);
                        if (r.status() != 200) {
                            problems.add(r.toString());
                            continue;
                        }
                        JsonNode arr = r.json();
                        String header = r.header(ApiHandler.RULESET_HEADER);
                        for (JsonNode line : arr) {
                            if (!line.get("rulesetVersion").asText().equals(header)) {
                                problems.add("mixed versions in one batch: " + r.body());
                            }
                            seen.add(line);
                        }
                    }
                }));
            }
            LimitsTest.waitFor(() -> seen.size() >= 40); // clients are screening with the first pack
            Path pseudo = dir.resolve("pseudo.drl");
            String original = Files.readString(pseudo);
            Files.writeString(pseudo, original.replace("@weight(50)", "@weight(75)"));
            LimitsTest.waitFor(() -> !v1.equals(s.rulesetVersion()));
            String v2 = s.rulesetVersion();
            byVersion.put(v2, expected(settings));
            int before = seen.size();
            LimitsTest.waitFor(() -> seen.size() >= before + 40);
            Files.writeString(pseudo, original.replace("then", "then this is not java"));
            LimitsTest.waitFor(() -> Http.get(s, "/metrics").body().contains("bianwei_reloads_total{result=\"rejected\"} 1"));
            assertThat(s.rulesetVersion()).as("a broken pack is kept out").isEqualTo(v2);
            int after = seen.size();
            LimitsTest.waitFor(() -> seen.size() >= after + 40);
            stop.set(true);
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
            clients.shutdown();
            assertThat(problems).isEmpty();
            for (JsonNode line : seen) {
                Map<String, String> exp = byVersion.get(line.get("rulesetVersion").asText());
                assertThat(exp).as("an unknown version in %s", line).isNotNull();
                assertThat(key(line)).isEqualTo(exp.get(TEXTS[line.get("id").asInt()]));
            }
            assertThat(seen.stream().map(l -> l.get("rulesetVersion").asText()).distinct()).containsOnly(v1, v2)
                    .hasSize(2);
            assertThat(byVersion.get(v2).get(TEXTS[0])).contains("/75/").as("the edit took effect");
            String metrics = Http.get(s, "/metrics").body();
            assertThat(metrics).contains("bianwei_reloads_total{result=\"swapped\"} 1")
                    .contains("bianwei_ruleset_info{degraded=\"false\",version=\"" + v2 + "\"} 1")
                    .doesNotContain("version=\"" + v1 + "\"");
        }
    }
}
