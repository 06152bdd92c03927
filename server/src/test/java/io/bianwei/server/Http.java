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
    /**
     * One client per server: a client keeps idle connections for minutes, and a later server may be given the same
     * ephemeral port; a client shared between servers could then send a request on a connection the earlier server
     * had closed ("header parser received no bytes").
     */
    private static final Map<ScreeningServer, HttpClient> CLIENTS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

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

    /** The client of this server's tests. */
    static HttpClient client(ScreeningServer s) {
        return CLIENTS.computeIfAbsent(s, k -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    static Reply get(ScreeningServer s, String path, String... headers) {
        return send(s, HttpRequest.newBuilder(s.uri().resolve(path)).GET(), headers);
    }

    static Reply post(ScreeningServer s, String path, String body, String... headers) {
        return send(s, HttpRequest.newBuilder(s.uri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json"), headers);
    }

    static Reply post(ScreeningServer s, String path, byte[] body, String... headers) {
        return send(s, HttpRequest.newBuilder(s.uri().resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json"), headers);
    }

    static Reply send(ScreeningServer s, HttpRequest.Builder b, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = client(s).send(b.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's metrics as series name with labels (as exposed) to value; also after the server stopped. */
    static Map<String, Double> metrics(ScreeningServer s) {
        Map<String, Double> m = new java.util.TreeMap<>();
        for (String line : new String(s.metrics.scrape(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int sp = line.lastIndexOf(' ');
                m.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
            }
        }
        return m;
    }

    /** One counter or gauge series, 0 when absent. */
    static double metric(ScreeningServer s, String series) {
        return metrics(s).getOrDefault(series, 0.0);
    }

    /** Requests of a route counted by status (from bianwei_http_requests_total). */
    static Map<String, Integer> statuses(ScreeningServer s, String route) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        String prefix = "bianwei_http_requests_total{route=\"" + route + "\",status=\"";
        metrics(s).forEach((k, v) -> {
            if (k.startsWith(prefix) && v > 0) {
                out.put(k.substring(prefix.length(), k.length() - 2), v.intValue());
            }
        });
        return out;
    }

    /**
     * The requests of a route by status once {@code done} holds (within 60 s): a request is counted when its
     * response has been written, which a client that read it may see a moment before the count is made.
     */
    static Map<String, Integer> statusesWhen(ScreeningServer s, String route,
                                             java.util.function.Predicate<Map<String, Integer>> done) {
        try {
            LimitsTest.waitFor(() -> done.test(statuses(s, route)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the caller's assertion says what is wrong
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return statuses(s, route);
    }

    /** A raw HTTP/1.1 exchange on its own socket: writes {@code head}, then reads the response head. */
    static String rawHead(java.io.InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
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
