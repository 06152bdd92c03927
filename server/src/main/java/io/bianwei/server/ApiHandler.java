package io.bianwei.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.Explanation;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.json.InputRecord;
import io.bianwei.json.JsonInput;
import io.bianwei.json.JsonInputException;
import io.bianwei.json.Jsonl;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The routes. Bodies are read asynchronously up to the size limit, parsed and checked on the I/O side; screening
 * runs on the {@link Admission} lanes' threads; every request gets exactly one response: its result, or the first of
 * deadline, client gone, or error. Errors are {@code {"status", "error", "message", "problems"?}} and never carry a
 * stack trace.
 *
 * <p>A response that goes out before the request body was read to its end (a 401, a 503 refusal, a 504 while the
 * body still arrives) says {@code Connection: close}, and the rest of the body is then read and dropped (up to the
 * twice the body limit, for at most {@link #DRAIN_TIME}) before the connection closes, so the client, still sending, is not
 * reset before it reads the answer, and never reuses a connection the server is about to close.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    static final String JSON = "application/json; charset=utf-8";
    static final String RULESET_HEADER = "X-Bianwei-Ruleset";
    private static final int MAX_PROBLEMS_LISTED = 20;
    /** How long the unread rest of a body answered early is read and dropped before the connection is cut. */
    static final long DRAIN_TIME = TimeUnit.SECONDS.toNanos(5);

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
    private final Admission admission;
    private volatile RulesCache rulesCache;

    private record RulesCache(Screener screener, String version, byte[] json) {
    }

    ApiHandler(ScreeningServer server, ServerConfig config) {
        this.server = server;
        this.config = config;
        this.admission = server.admission;
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
        if (route.authenticated) { // a key (or the console's session) with the screen role; /metrics: any key
            server.access.require(ex.request, route == Route.METRICS ? null : Role.SCREEN, false);
        }
        Screener screener = null;
        if (route.needsPack) {
            screener = server.current();
            if (screener == null) {
                throw server.stopping() ? stopping()
                        : new ApiException(503, "not_ready", "the rule pack is still being built", List.of(),
                        Map.of("Retry-After", "1"));
            }
        }
        switch (route) {
            case HEALTHZ -> ex.json(200, "{\"status\":\"ok\"}", Map.of());
            case READYZ -> readyz(ex);
            case OPENAPI -> ex.send(200, JSON, server.openapi, Map.of());
            case METRICS -> ex.send(200, server.metrics.contentType(), server.metrics.scrape(), Map.of());
            case RULES -> {
                server.quarantine.check(screener);
                ex.send(200, JSON, rules(screener), Map.of(RULESET_HEADER, screener.rulesetVersion()));
            }
            case SCREEN, EXPLAIN -> accept(ex, screener);
            default -> throw new IllegalStateException("unrouted " + route);
        }
    }

    private static ApiException stopping() {
        return new ApiException(503, "stopping", "the server is shutting down", List.of(), Map.of("Retry-After", "1"));
    }

    private void readyz(Exchange ex) {
        Screener s = server.current();
        if (s != null) {
            server.quarantine.check(s);
            String version = s.rulesetVersion();
            Map<String, String> out = s.quarantined();
            ObjectNode o = Jsonl.mapper().createObjectNode().put("status", "ready").put("rulesetVersion", version)
                    .put("degraded", !out.isEmpty());
            if (!out.isEmpty()) {
                ArrayNode q = o.putArray("quarantined");
                out.forEach((rule, reason) -> q.addObject().put("rule", rule).put("reason", reason));
            }
            ex.json(200, Jsonl.write(o), Map.of(RULESET_HEADER, version));
        } else {
            ex.json(503, "{\"status\":\"" + (server.stopping() ? "stopping" : "loading") + "\"}",
                    Map.of("Retry-After", "1"));
        }
    }

    /**
     * {@code rules list -f json}, and with it which rules are quarantined: each rule gains {@code "quarantined"}
     * (and, when true, {@code "quarantineReason"}), the document {@code "degraded"}.
     */
    private byte[] rules(Screener screener) {
        RulesCache c = rulesCache;
        String version = screener.rulesetVersion();
        if (c == null || c.screener() != screener || !c.version().equals(version)) {
            Map<String, String> out = screener.quarantined();
            ObjectNode doc = Jsonl.rules(screener);
            doc.put("degraded", !out.isEmpty());
            for (JsonNode rule : doc.get("rules")) {
                String reason = out.get(rule.get("id").asText());
                ((ObjectNode) rule).put("quarantined", reason != null);
                if (reason != null) {
                    ((ObjectNode) rule).put("quarantineReason", reason);
                }
            }
            c = new RulesCache(screener, version, Jsonl.write(doc).getBytes(StandardCharsets.UTF_8));
            rulesCache = c;
        }
        return c.json();
    }

    // --- admission and bodies -------------------------------------------------------------------------------------

    /**
     * Takes a screen or explain request on, or refuses it before its body is read: too large (413), its lane's
     * queue full or the byte budget spent (503, when the body declares its length; a chunked body is counted as it
     * arrives and refused at the first byte over).
     */
    private void accept(Exchange ex, Screener pack) {
        ex.completion.countInFlight();
        ex.startDeadline(config.deadline().toNanos());
        long length = ex.request.getLength();
        if (length > config.maxBodyBytes()) {
            throw tooLarge(length);
        }
        if (length >= 0) {
            Admission.Lane lane = admission.laneFor(length);
            if (lane.full()) {
                throw overloadedDocuments(lane, 1);
            }
            if (!ex.reserve(length, length)) {
                throw overloadedBytes(length);
            }
        }
        ex.readBody(bytes -> {
            if (ex.route == Route.SCREEN) {
                screen(ex, pack, bytes);
            } else {
                explain(ex, pack, bytes);
            }
        });
    }

    /** The most of a body read and dropped after an early answer: twice the limit, so a 413's client reads it. */
    private long drainLimit() {
        return 2 * config.maxBodyBytes();
    }

    private ApiException tooLarge(long length) {
        return new ApiException(413, "body_too_large", "the request body"
                + (length >= 0 ? " (" + length + " bytes)" : "") + " is larger than the limit of "
                + config.maxBodyBytes() + " bytes");
    }

    private ApiException overloadedDocuments(Admission.Lane lane, int documents) {
        server.metrics.refused("documents");
        return ApiException.overloaded("the " + lane.name + "-request queue is full (" + lane.pending() + " of "
                + lane.capacity() + " documents waiting or being screened, " + documents + " more asked); retry later");
    }

    private ApiException overloadedBytes(long bytes) {
        server.metrics.refused("bytes");
        return ApiException.overloaded("the server holds as many request bytes as it may (" + admission.bytesHeld()
                + " of " + admission.budget() + " bytes being read, waiting or being screened; this body: "
                + (bytes >= 0 ? bytes + " bytes" : "more") + "); retry later");
    }

    /** The body as text: strict UTF-8 (a bad byte is a 400 naming where), without a second copy of the bytes. */
    private static String utf8(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) { // validate in 8 K pieces; the string is made once, below
            CoderResult r = d.decode(in, out, true);
            if (r.isError()) {
                throw ApiException.badRequest("the request body is not valid UTF-8 (byte " + (in.position() + 1)
                        + " of " + bytes.length + ")");
            }
            out.clear();
            if (r.isUnderflow()) {
                break;
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The body as bianwei reads every JSON input ({@link JsonInput}, shared with the CLI and the Flink job): numbers
     * keep the text they were written as and pass through exactly so ({@code 1E2}, {@code 1e400},
     * {@code 0.10000000000000000555}); a key given twice in one object and a string with an unpaired surrogate are
     * refused, naming the key or the field; broken JSON is said in our words, with line and column.
     */
    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            throw ApiException.badRequest("empty request body: send a JSON object {\"id\": …, \"text\": …}"
                    + " (or, to /v1/screen, an array of them)");
        }
        try {
            return JsonInput.read(body);
        } catch (JsonInputException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static ApiException invalid(List<String> problems) {
        String first = problems.get(0);
        String message = problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
        return new ApiException(400, "invalid_input", message,
                problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_LISTED)), Map.of());
    }

    // --- screen and explain -----------------------------------------------------------------------------------

    private void screen(Exchange ex, Screener screener, byte[] bytes) {
        int size = bytes.length;
        JsonNode root = parse(utf8(bytes));
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
        List<String> problems = new ArrayList<>(records.stream().filter(InputRecord::isError)
                .map(InputRecord::error).toList());
        boolean[] withId = new boolean[records.size()];
        for (int i = 0; i < records.size(); i++) {
            JsonNode doc = single ? root : root.get(i);
            withId[i] = doc.hasNonNull("id");
            if (!withId[i] && doc.path("queue").asBoolean(false)) {
                problems.add((single ? "$" : "$[" + i + "]") + ": a document to queue needs its 'id'");
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        ReviewQueue queue = server.reviewQueue();
        submit(ex, size, records.size(), () -> {
            StringBuilder out = new StringBuilder(256 * Math.max(1, records.size()));
            if (!single) {
                out.append('[');
            }
            ReviewQueue.Batch queued = queue == null ? null : queue.batch(screener);
            for (int i = 0; i < records.size(); i++) {
                if (ex.finished()) {
                    return; // deadline passed, or the client went away: screen nothing more
                }
                InputRecord r = records.get(i);
                server.beforeScreen.accept(r.id());
                if (i > 0) {
                    out.append(',');
                }
                if (queued != null && withId[i] && queued.wanted(r)) {
                    queued.add(out, screener, r); // written once the batch is in the queue, below
                } else {
                    out.append(screenOne(screener, r));
                }
            }
            if (queued != null) {
                queued.commit(out); // the REVIEW results are in the queue (on disk) before the answer leaves
            }
            if (!single) {
                out.append(']');
            }
            server.metrics.documents(records.size());
            ex.json(200, out.toString(), Map.of(RULESET_HEADER, screener.rulesetVersion()));
        });
    }

    /** The CLI's JSONL line for one record (the CLI's BatchRunner turns a screener failure into an ERROR line too). */
    String screenOne(Screener screener, InputRecord r) {
        try {
            ScreeningResult result = screener.screen(r.id(), r.text());
            server.metrics.verdict(result.verdict().name());
            return Jsonl.line(result, r.extra());
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("screening {} failed", r.id(), e);
            server.metrics.verdict("ERROR");
            return Jsonl.errorLine(r.id(), r.id() + ": screening failed: " + e, screener.rulesetVersion(), r.extra());
        } finally {
            server.quarantine.check(screener);
        }
    }

    private void explain(Exchange ex, Screener screener, byte[] bytes) {
        int size = bytes.length;
        JsonNode root = parse(utf8(bytes));
        if (!root.isObject()) {
            throw ApiException.badRequest("expected one JSON object {\"text\": …}, got " + root.getNodeType());
        }
        InputRecord r = InputRecord.fromJson(root, "id", "text", "$");
        if (r.isError()) {
            throw invalid(List.of(r.error()));
        }
        submit(ex, size, 1, () -> {
            server.beforeScreen.accept(r.id());
            Explanation e;
            try {
                e = screener.explain(r.text());
            } finally {
                server.quarantine.check(screener);
            }
            server.metrics.documents(1);
            server.metrics.verdict(e.result().verdict().name());
            // the shared writer caps it (Jsonl.EXPLAIN_MAX_*; "totals" has the full counts): the CLI's document
            ex.json(200, Jsonl.write(Jsonl.explanation(r.text(), e)), Map.of(RULESET_HEADER, screener.rulesetVersion()));
        });
    }

    /** Queues the work in the lane of a body of {@code bytes}, or refuses with 503 when its queue is full. */
    private void submit(Exchange ex, long bytes, int documents, Runnable work) {
        if (ex.finished()) {
            return;
        }
        Admission.Lane lane = admission.laneFor(bytes);
        if (!ex.submit(lane, documents, () -> {
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
            server.afterWork.run();
        })) {
            throw server.stopping() ? stopping() : overloadedDocuments(lane, documents);
        }
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

    /**
     * One request and its single response. Jetty's callback completes once both the response is written and the
     * request body is read to its end (or given up); the body's bytes stay on the budget until both the response
     * is out and no screening thread holds its documents.
     */
    final class Exchange {
        final Request request;
        final Response response;
        final Route route;
        private final Completion completion;
        private final long start = System.nanoTime();
        private final AtomicBoolean done = new AtomicBoolean();
        private final boolean hasBody;
        private final BodyReader reader;
        private volatile ScheduledFuture<?> deadline;
        private volatile Admission.Job job;
        private long reserved;      // guarded by this
        private int holders = 1;    // the exchange, and its job while queued or running; guarded by this

        Exchange(Request request, Response response, Callback callback, Route route) {
            this.request = request;
            this.response = response;
            this.route = route;
            this.completion = new Completion(callback);
            HttpFields h = request.getHeaders();
            this.hasBody = request.getLength() > 0 || h.contains(HttpHeader.TRANSFER_ENCODING);
            this.reader = new BodyReader(this);
            if (!hasBody) {
                completion.bodyDone(null);
            }
        }

        /**
         * Answers 504 once {@code nanos} have passed since arrival, unless answered before; the client leaving ends
         * it too. (The connection's idle timeout is longer than the deadline, and a stop does not shorten it.)
         */
        void startDeadline(long nanos) {
            request.addFailureListener(this::fail);
            long left = nanos - (System.nanoTime() - start);
            deadline = server.timers.schedule(() -> {
                ApiException e = new ApiException(504, "deadline_exceeded", "not screened within the deadline of "
                        + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms", List.of(), Map.of("Retry-After", "1"));
                send(e.status, JSON, errorJson(e.status, e.code, e.getMessage(), e.problems), e.headers, () -> {
                    Admission.Job j = job; // queued work leaves the queue now, running work finishes unseen
                    server.metrics.deadline(j == null ? "reading" : j.cancel() ? "queued" : "screening",
                            System.nanoTime() - start - nanos);
                });
            }, Math.max(0, left), TimeUnit.NANOSECONDS);
        }

        boolean finished() {
            return done.get();
        }

        /** The connection failed (the client went away): nothing is sent, queued work is dropped. */
        void fail(Throwable failure) {
            if (done.compareAndSet(false, true)) {
                cancelDeadline();
                cancelJob();
                drop();
                completion.fail(failure);
            }
        }

        private void cancelDeadline() {
            ScheduledFuture<?> d = deadline;
            if (d != null) {
                d.cancel(false);
            }
        }

        private void cancelJob() {
            Admission.Job j = job;
            if (j != null) {
                j.cancel();
            }
        }

        /** Puts {@code bytes} more of this body on the budget (a body of {@code bodySoFar} bytes); false if full. */
        synchronized boolean reserve(long bytes, long bodySoFar) {
            if (holders == 0 || !admission.tryReserve(bytes, bodySoFar)) {
                return false;
            }
            reserved += bytes;
            return true;
        }

        /** Queues {@code work} in {@code lane}; false when its queue is full or shut down. */
        boolean submit(Admission.Lane lane, int documents, Runnable work) {
            synchronized (this) {
                if (holders == 0) {
                    return true; // answered meanwhile: nothing to do
                }
                holders++;
            }
            Admission.Job j = lane.submit(documents, work, this::drop);
            if (j == null) {
                drop();
                return false;
            }
            job = j;
            if (finished()) {
                j.cancel(); // the deadline fired before the job was known to it
            }
            return true;
        }

        private void drop() {
            long release = 0;
            synchronized (this) {
                if (holders > 0 && --holders == 0) {
                    release = reserved;
                    reserved = 0;
                }
            }
            admission.release(release);
        }

        void readBody(Consumer<byte[]> then) {
            reader.then = then;
            reader.start();
        }

        void json(int status, String body, Map<String, String> headers) {
            send(status, JSON, body.getBytes(StandardCharsets.UTF_8), headers);
        }

        /** Sends the response unless one was sent already; true if this call sent it. */
        boolean send(int status, String contentType, byte[] body, Map<String, String> headers) {
            return send(status, contentType, body, headers, () -> { });
        }

        /** {@link #send}, running {@code first} before the response is written when this call sends it. */
        private boolean send(int status, String contentType, byte[] body, Map<String, String> headers,
                             Runnable first) {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            first.run();
            cancelDeadline();
            Admission.Job j = job;
            if (j != null && j.runsHere()) {
                j.end(); // the work is done: its places are free before the client can read the answer
            }
            response.setStatus(status);
            HttpFields.Mutable h = response.getHeaders();
            h.put(HttpHeader.CONTENT_TYPE, contentType);
            h.put(HttpHeader.CACHE_CONTROL, "no-store");
            headers.forEach(h::put);
            boolean unread = hasBody && !reader.ended();
            if (unread) {
                h.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            }
            drop();
            response.write(true, ByteBuffer.wrap(body), Callback.from(completion::responseDone, completion::fail));
            if (unread) {
                drainRest();
            }
            return true;
        }

        /**
         * The body was not read to its end: read and drop the rest so that the client, still sending, gets to read
         * the answer; but not when the client waits for a 100 Continue that never came (it sends nothing), nor
         * beyond twice the body limit, nor for longer than {@link #DRAIN_TIME}.
         */
        private void drainRest() {
            boolean waitingForContinue = !reader.started()
                    && request.getHeaders().contains(HttpHeader.EXPECT, "100-continue");
            if (waitingForContinue || request.getLength() > drainLimit()) {
                completion.bodyDone(null); // Jetty closes the connection (Connection: close was sent)
                return;
            }
            try {
                completion.drainTimer = server.timers.schedule(() -> completion.bodyDone(new TimeoutException(
                        "the rest of the body took too long")), DRAIN_TIME, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                completion.bodyDone(null); // the server has stopped: Jetty closes the connection
                return;
            }
            reader.start();
        }

        boolean error(ApiException e) {
            return send(e.status, JSON, errorJson(e.status, e.code, e.getMessage(), e.problems), e.headers);
        }

        void internal(Throwable t) {
            String incident = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("internal error {} on {} {}", incident, request.getMethod(), route.label(), t);
            error(new ApiException(500, "internal", "internal error (incident " + incident + ", logged by the server)"));
        }
    }

    /** Jetty's callback, completed once: when the response is written and the body read (or on the first failure). */
    private final class Completion {
        private final Callback callback;
        private final AtomicBoolean completed = new AtomicBoolean();
        private final AtomicInteger parts = new AtomicInteger(2);
        private final AtomicBoolean bodyDone = new AtomicBoolean();
        private volatile boolean counted;
        private volatile ScheduledFuture<?> drainTimer;

        Completion(Callback callback) {
            this.callback = callback;
        }

        /** Counts this request among those in flight until it completes (a graceful stop waits for them). */
        void countInFlight() {
            counted = true;
            server.inFlight.incrementAndGet();
        }

        private void ended(boolean failed) {
            if (counted) {
                server.inFlight.decrementAndGet();
                if (failed && server.stopping()) {
                    server.cutOff.incrementAndGet();
                }
            }
        }

        void responseDone() {
            if (parts.decrementAndGet() == 0 && completed.compareAndSet(false, true)) {
                ended(false);
                callback.succeeded();
            }
        }

        /** The body was read to its end (null), or reading it failed or was given up (then the connection closes). */
        void bodyDone(Throwable failure) {
            if (!bodyDone.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> t = drainTimer;
            if (t != null) {
                t.cancel(false);
            }
            if (failure != null) {
                fail(failure);
            } else if (parts.decrementAndGet() == 0 && completed.compareAndSet(false, true)) {
                ended(false);
                callback.succeeded();
            }
        }

        void fail(Throwable failure) {
            if (completed.compareAndSet(false, true)) {
                ended(true);
                callback.failed(failure);
            }
        }
    }

    /**
     * Reads a body chunk by chunk as it arrives (Jetty's demand loop, no thread waits on the network): into one
     * array, stopping with 413 at the first byte over the limit and with 503 at the first byte over the byte budget
     * (chunked bodies, which declare no length); once the exchange is answered, the rest is read and dropped.
     */
    private final class BodyReader implements Runnable {
        private final Exchange ex;
        private final AtomicBoolean started = new AtomicBoolean();
        private volatile boolean ended;
        private Consumer<byte[]> then;
        private byte[] buffer;
        private int size;
        private long dropped;

        BodyReader(Exchange ex) {
            this.ex = ex;
        }

        void start() {
            if (started.compareAndSet(false, true)) {
                run();
            }
        }

        boolean started() {
            return started.get();
        }

        boolean ended() {
            return ended;
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
                        ended = true;
                        ex.fail(chunk.getFailure()); // the connection is gone: nobody to answer
                        ex.completion.bodyDone(chunk.getFailure());
                        return;
                    }
                    boolean last = chunk.isLast();
                    try {
                        take(chunk.getByteBuffer());
                    } catch (ApiException e) {
                        ex.error(e); // and read on, dropping the rest, so that the client reads the answer
                    } finally {
                        chunk.release();
                    }
                    if (last) {
                        end(null);
                        if (!ex.finished()) {
                            byte[] body = buffer == null ? new byte[0]
                                    : size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
                            buffer = null;
                            then.accept(body);
                        }
                        return;
                    }
                    if (ex.finished() && size + dropped > drainLimit()) {
                        end(new IOException("the rest of the body is over the limit"));
                        return;
                    }
                }
            } catch (ApiException e) {
                ex.error(e);
            } catch (RuntimeException | Error e) {
                ex.internal(e);
            }
        }

        private void end(Throwable failure) {
            ended = true;
            ex.completion.bodyDone(failure);
        }

        private void take(ByteBuffer b) {
            int n = b.remaining();
            if (ex.finished()) {
                dropped += n;
                buffer = null;
                return;
            }
            long max = config.maxBodyBytes();
            long declared = ex.request.getLength();
            if (size + (long) n > max || declared >= 0 && size + (long) n > declared) {
                throw tooLarge(-1);
            }
            if (declared < 0 && !ex.reserve(n, size + (long) n)) {
                throw overloadedBytes(-1);
            }
            if (buffer == null) {
                buffer = new byte[(int) (declared >= 0 ? declared : Math.min(max, Math.max(n, 8192)))];
            } else if (size + n > buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(max, Math.max(size + n, 2L * buffer.length)));
            }
            b.get(buffer, size, n);
            size += n;
        }
    }
}
