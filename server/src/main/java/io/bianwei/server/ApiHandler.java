package io.bianwei.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Explanation;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.json.InputRecord;
import io.bianwei.json.Jsonl;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The routes. Bodies are read asynchronously up to the size limit, parsed and checked on the I/O side; screening
 * runs on the {@link WorkQueue}'s threads; every request gets exactly one response: its result, or the first of
 * deadline, client gone, or error. Errors are {@code {"status", "error", "message", "problems"?}} and never carry a
 * stack trace.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    static final String JSON = "application/json; charset=utf-8";
    static final String RULESET_HEADER = "X-Bianwei-Ruleset";
    private static final int MAX_PROBLEMS_LISTED = 20;
    private static final ObjectReader READER = Jsonl.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** An endpoint: path, method, whether it needs an API key (when keys are configured) and the pack. */
    enum Route {
        SCREEN("/v1/screen", "POST", true, true),
        EXPLAIN("/v1/explain", "POST", true, true),
        RULES("/v1/rules", "GET", true, true),
        HEALTHZ("/healthz", "GET", false, false),
        READYZ("/readyz", "GET", false, false),
        METRICS("/metrics", "GET", true, false),
        OPENAPI("/openapi.json", "GET", false, false),
        OTHER(null, null, false, false);

        final String path;
        final String method;
        final boolean authenticated;
        final boolean needsPack;

        Route(String path, String method, boolean authenticated, boolean needsPack) {
            this.path = path;
            this.method = method;
            this.authenticated = authenticated;
            this.needsPack = needsPack;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Route of(String path) {
            for (Route r : values()) {
                if (r.path != null && r.path.equals(path)) {
                    return r;
                }
            }
            return OTHER;
        }
    }

    private final ScreeningServer server;
    private final ServerConfig config;
    private volatile RulesCache rulesCache;

    private record RulesCache(Screener screener, byte[] json) {
    }

    ApiHandler(ScreeningServer server, ServerConfig config) {
        this.server = server;
        this.config = config;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        Route route = Route.of(path);
        Exchange ex = new Exchange(request, response, callback, route);
        try {
            dispatch(ex, path);
        } catch (ApiException e) {
            ex.error(e);
        } catch (RuntimeException | Error e) {
            ex.internal(e);
        }
        return true;
    }

    private void dispatch(Exchange ex, String path) {
        Route route = ex.route;
        String method = ex.request.getMethod();
        if (route == Route.OTHER) {
            throw new ApiException(404, "not_found", "no such endpoint: " + method + " " + path
                    + " (the API is described at /openapi.json)");
        }
        if (!route.method.equals(method)) {
            throw new ApiException(405, "method_not_allowed", route.path + " takes " + route.method + ", not " + method,
                    List.of(), Map.of("Allow", route.method));
        }
        if (route.authenticated && !config.apiKeys().isEmpty()
                && !config.apiKeys().accepts(ex.request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            throw new ApiException(401, "unauthorized", "missing or unknown API key: send 'Authorization: Bearer KEY'",
                    List.of(), Map.of("WWW-Authenticate", "Bearer realm=\"bianwei\""));
        }
        Screener screener = null;
        if (route.needsPack) {
            screener = server.current();
            if (screener == null) {
                throw server.stopping()
                        ? new ApiException(503, "stopping", "the server is shutting down", List.of(),
                        Map.of("Retry-After", "1"))
                        : new ApiException(503, "not_ready", "the rule pack is still being built", List.of(),
                        Map.of("Retry-After", "1"));
            }
        }
        switch (route) {
            case HEALTHZ -> ex.json(200, "{\"status\":\"ok\"}", Map.of());
            case READYZ -> readyz(ex);
            case OPENAPI -> ex.send(200, JSON, server.openapi, Map.of());
            case METRICS -> ex.send(200, server.metrics.contentType(), server.metrics.scrape(), Map.of());
            case RULES -> ex.send(200, JSON, rules(screener), Map.of(RULESET_HEADER, screener.rulesetVersion()));
            case SCREEN, EXPLAIN -> {
                Screener pack = screener;
                if (server.queue.pending() >= server.queue.capacity()) {
                    // full already: refuse before reading and parsing a body that could not be queued anyway
                    throw overloaded(1);
                }
                ex.startDeadline(config.deadline().toNanos());
                readBody(ex, body -> {
                    if (route == Route.SCREEN) {
                        screen(ex, pack, body);
                    } else {
                        explain(ex, pack, body);
                    }
                });
            }
            default -> throw new IllegalStateException("unrouted " + route);
        }
    }

    private void readyz(Exchange ex) {
        String version = server.rulesetVersion();
        if (version != null) {
            ObjectNode o = Jsonl.mapper().createObjectNode().put("status", "ready").put("rulesetVersion", version);
            ex.json(200, Jsonl.write(o), Map.of(RULESET_HEADER, version));
        } else {
            ex.json(503, "{\"status\":\"" + (server.stopping() ? "stopping" : "loading") + "\"}",
                    Map.of("Retry-After", "1"));
        }
    }

    private byte[] rules(Screener screener) {
        RulesCache c = rulesCache;
        if (c == null || c.screener() != screener) {
            c = new RulesCache(screener, Jsonl.write(Jsonl.rules(screener)).getBytes(StandardCharsets.UTF_8));
            rulesCache = c;
        }
        return c.json();
    }

    // --- bodies -------------------------------------------------------------------------------------------------

    private void readBody(Exchange ex, Consumer<String> then) {
        long max = config.maxBodyBytes();
        long length = ex.request.getLength();
        if (length > max) {
            throw tooLarge(length);
        }
        new BodyReader(ex, max, bytes -> then.accept(utf8(bytes))).run();
    }

    /**
     * Reads a body chunk by chunk as it arrives (Jetty's demand loop, no thread waits on the network), stopping with
     * 413 at the first byte over the limit, also for chunked bodies that declare no length.
     */
    private final class BodyReader implements Runnable {
        private final Exchange ex;
        private final long max;
        private final Consumer<byte[]> then;
        private final java.io.ByteArrayOutputStream buffer;

        BodyReader(Exchange ex, long max, Consumer<byte[]> then) {
            this.ex = ex;
            this.max = max;
            this.then = then;
            long length = ex.request.getLength();
            this.buffer = new java.io.ByteArrayOutputStream((int) Math.min(max, length > 0 ? length : 8192));
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Content.Chunk chunk = ex.request.read();
                    if (chunk == null) {
                        ex.request.demand(this);
                        return;
                    }
                    if (Content.Chunk.isFailure(chunk)) {
                        LOG.debug("reading a request body failed", chunk.getFailure());
                        throw ApiException.badRequest("could not read the request body");
                    }
                    ByteBuffer b = chunk.getByteBuffer();
                    int n = b.remaining();
                    if (buffer.size() + (long) n > max) {
                        chunk.release();
                        throw tooLarge(-1);
                    }
                    byte[] bytes = new byte[n];
                    b.get(bytes);
                    buffer.write(bytes, 0, n);
                    boolean last = chunk.isLast();
                    chunk.release();
                    if (last) {
                        then.accept(buffer.toByteArray());
                        return;
                    }
                }
            } catch (ApiException e) {
                ex.error(e);
            } catch (RuntimeException | Error e) {
                ex.internal(e);
            }
        }
    }

    private ApiException tooLarge(long length) {
        return new ApiException(413, "body_too_large", "the request body"
                + (length >= 0 ? " (" + length + " bytes)" : "") + " is larger than the limit of "
                + config.maxBodyBytes() + " bytes");
    }

    private static String utf8(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer cb = d.decode(ByteBuffer.wrap(bytes));
            return cb.toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the request body is not valid UTF-8");
        }
    }

    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            throw ApiException.badRequest("empty request body: send a JSON object {\"id\": …, \"text\": …}"
                    + " (or, to /v1/screen, an array of them)");
        }
        try {
            return READER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ApiException.badRequest("malformed JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        }
    }

    private static ApiException invalid(List<String> problems) {
        String first = problems.get(0);
        String message = problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
        return new ApiException(400, "invalid_input", message,
                problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_LISTED)), Map.of());
    }

    // --- screen and explain -----------------------------------------------------------------------------------

    private void screen(Exchange ex, Screener screener, String body) {
        JsonNode root = parse(body);
        boolean single = root.isObject();
        List<InputRecord> records = new ArrayList<>();
        if (single) {
            records.add(InputRecord.fromJson(root, "id", "text", "$"));
        } else if (root.isArray()) {
            if (root.size() > config.maxBatch()) {
                throw new ApiException(413, "batch_too_large", "a batch of " + root.size()
                        + " documents is larger than the limit of " + config.maxBatch());
            }
            for (int i = 0; i < root.size(); i++) {
                records.add(InputRecord.fromJson(root.get(i), "id", "text", "$[" + i + "]"));
            }
        } else {
            throw ApiException.badRequest("expected a JSON object {\"id\": …, \"text\": …} or an array of them, got "
                    + root.getNodeType());
        }
        List<String> problems = records.stream().filter(InputRecord::isError).map(InputRecord::error).toList();
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        submit(ex, records.size(), () -> {
            StringBuilder out = new StringBuilder(256 * Math.max(1, records.size()));
            if (!single) {
                out.append('[');
            }
            for (int i = 0; i < records.size(); i++) {
                if (ex.finished()) {
                    return; // deadline passed, or the client went away: screen nothing more
                }
                InputRecord r = records.get(i);
                server.beforeScreen.accept(r.id());
                if (i > 0) {
                    out.append(',');
                }
                out.append(screenOne(screener, r));
            }
            if (!single) {
                out.append(']');
            }
            server.metrics.documents(records.size());
            ex.json(200, out.toString(), Map.of(RULESET_HEADER, screener.rulesetVersion()));
        });
    }

    /** The CLI's JSONL line for one record (the CLI's BatchRunner turns a screener failure into an ERROR line too). */
    private String screenOne(Screener screener, InputRecord r) {
        try {
            ScreeningResult result = screener.screen(r.id(), r.text());
            server.metrics.verdict(result.verdict().name());
            return Jsonl.line(result, r.extra());
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("screening {} failed", r.id(), e);
            server.metrics.verdict("ERROR");
            return Jsonl.errorLine(r.id(), r.id() + ": screening failed: " + e, screener.rulesetVersion(), r.extra());
        }
    }

    private void explain(Exchange ex, Screener screener, String body) {
        JsonNode root = parse(body);
        if (!root.isObject()) {
            throw ApiException.badRequest("expected one JSON object {\"text\": …}, got " + root.getNodeType());
        }
        InputRecord r = InputRecord.fromJson(root, "id", "text", "$");
        if (r.isError()) {
            throw invalid(List.of(r.error()));
        }
        submit(ex, 1, () -> {
            server.beforeScreen.accept(r.id());
            Explanation e = screener.explain(r.text());
            server.metrics.documents(1);
            server.metrics.verdict(e.result().verdict().name());
            ex.json(200, Jsonl.write(Jsonl.explanation(r.text(), e)), Map.of(RULESET_HEADER, screener.rulesetVersion()));
        });
    }

    private void submit(Exchange ex, int documents, Runnable work) {
        boolean queued = server.queue.tryRun(documents, () -> {
            if (ex.finished()) {
                return;
            }
            try {
                work.run();
            } catch (ApiException e) {
                ex.error(e);
            } catch (RuntimeException | Error e) {
                ex.internal(e);
            }
        });
        if (!queued) {
            throw server.stopping()
                    ? new ApiException(503, "stopping", "the server is shutting down", List.of(),
                    Map.of("Retry-After", "1"))
                    : overloaded(documents);
        }
    }

    private ApiException overloaded(int documents) {
        return ApiException.overloaded("the work queue is full (" + server.queue.pending() + " of "
                + server.queue.capacity() + " documents waiting or being screened, " + documents
                + " more asked); retry later");
    }

    // --- responses ------------------------------------------------------------------------------------------------

    static byte[] errorJson(int status, String code, String message, List<String> problems) {
        ObjectNode o = Jsonl.mapper().createObjectNode();
        o.put("status", status);
        o.put("error", code);
        o.put("message", message);
        if (!problems.isEmpty()) {
            ArrayNode p = o.putArray("problems");
            problems.forEach(p::add);
        }
        return Jsonl.write(o).getBytes(StandardCharsets.UTF_8);
    }

    /** One request and its single response. */
    final class Exchange {
        final Request request;
        final Response response;
        final Callback callback;
        final Route route;
        private final long start = System.nanoTime();
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> deadline;

        Exchange(Request request, Response response, Callback callback, Route route) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.route = route;
        }

        /** Answers 504 once {@code nanos} have passed since arrival, unless answered before; the client leaving ends it too. */
        void startDeadline(long nanos) {
            request.addFailureListener(failure -> {
                if (done.compareAndSet(false, true)) {
                    cancelDeadline();
                    server.metrics.request(route.label(), 499, System.nanoTime() - start);
                    callback.failed(failure);
                }
            });
            long left = nanos - (System.nanoTime() - start);
            deadline = server.timers.schedule(() -> error(new ApiException(504, "deadline_exceeded",
                    "not screened within the deadline of " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms",
                    List.of(), Map.of("Retry-After", "1"))), Math.max(0, left), TimeUnit.NANOSECONDS);
        }

        boolean finished() {
            return done.get();
        }

        private void cancelDeadline() {
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
        }

        void json(int status, String body, Map<String, String> headers) {
            send(status, JSON, body.getBytes(StandardCharsets.UTF_8), headers);
        }

        void send(int status, String contentType, byte[] body, Map<String, String> headers) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            cancelDeadline();
            response.setStatus(status);
            HttpFields.Mutable h = response.getHeaders();
            h.put(HttpHeader.CONTENT_TYPE, contentType);
            h.put(HttpHeader.CACHE_CONTROL, "no-store");
            headers.forEach(h::put);
            server.metrics.request(route.label(), status, System.nanoTime() - start);
            response.write(true, ByteBuffer.wrap(body), callback);
        }

        void error(ApiException e) {
            Map<String, String> headers = new LinkedHashMap<>(e.headers);
            send(e.status, JSON, errorJson(e.status, e.code, e.getMessage(), e.problems), headers);
        }

        void internal(Throwable t) {
            String incident = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("internal error {} on {} {}", incident, request.getMethod(), route.label(), t);
            error(new ApiException(500, "internal", "internal error (incident " + incident + ", logged by the server)"));
        }
    }
}
