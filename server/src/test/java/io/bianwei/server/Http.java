package io.bianwei.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import io.bianwei.json.Jsonl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test helpers: real servers on ephemeral ports, a real HTTP client, and a per-JVM cache of screeners. */
final class Http {
    private static final Map<ScreenerSettings, Screener> SCREENERS = new ConcurrentHashMap<>();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {
    }

    /** What came back. */
    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            return Http.json(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    static JsonNode json(String s) {
        try {
            return Jsonl.mapper().readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + s, e);
        }
    }

    /** The test pack of src/test/resources/testpack: PS_T_REMEDY (50), PA_T_SPY (80), CTX_T_DEBUNK (-60). */
    static Path testPack() {
        try {
            return Path.of(Http.class.getResource("/testpack").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ScreenerSettings testPackSettings() {
        return ScreenerSettings.defaults().withDefaultRules(false).withRules(List.of(testPack()));
    }

    static Screener screener(ScreenerSettings settings) {
        return SCREENERS.computeIfAbsent(settings, Screener::build);
    }

    /** A config on an ephemeral loopback port with the test pack, a short shutdown timeout and no folder watching. */
    static ServerConfig config() {
        return ServerConfig.defaults().withPort(0).withScreener(testPackSettings()).withWatchRules(false)
                .withShutdownTimeout(Duration.ofSeconds(10));
    }

    /** Started and serving the (cached) screener of its settings. */
    static ScreeningServer serving(ServerConfig config) throws IOException {
        ScreeningServer s = ScreeningServer.start(config);
        s.serve(screener(config.screener()));
        return s;
    }

    static Reply get(ScreeningServer s, String path, String... headers) {
        return send(HttpRequest.newBuilder(s.uri().resolve(path)).GET(), headers);
    }

    static Reply post(ScreeningServer s, String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(s.uri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json"), headers);
    }

    static Reply post(ScreeningServer s, String path, byte[] body, String... headers) {
        return send(HttpRequest.newBuilder(s.uri().resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json"), headers);
    }

    static Reply send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static URI uri(ScreeningServer s, String path) {
        return s.uri().resolve(path);
    }

    /** A result object without its timing, which differs between two runs of the same text. */
    static JsonNode untimed(JsonNode n) {
        JsonNode copy = n.deepCopy();
        if (copy instanceof ObjectNode o) {
            o.remove("elapsedMicros");
            if (o.get("result") instanceof ObjectNode r) {
                r.remove("elapsedMicros");
            }
        }
        return copy;
    }
}
