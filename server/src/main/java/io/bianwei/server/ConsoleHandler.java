package io.bianwei.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bianwei.RuleInfo;
import io.bianwei.Screener;
import io.bianwei.json.JsonInput;
import io.bianwei.json.JsonInputException;
import io.bianwei.json.Jsonl;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The moderation console: its page ({@code /console/}: static HTML, CSS and plain JavaScript from the jar) and the
 * {@code /v1} routes it and a platform's own tools call: sign-in ({@code /v1/session}), the review queue
 * ({@code /v1/queue}), decisions ({@code /v1/decisions}, {@code /v1/decisions/undo}), the serving model's figures
 * ({@code /v1/model}), retraining ({@code /v1/learn}, accept, reject) and reloading the pack ({@code /v1/reload}).
 * Every other request goes on to the screening API. Who may do what: {@link Access} and {@link Role}.
 */
final class ConsoleHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
    private static final String JSON = ApiHandler.JSON;
    /** Bodies of console requests are small; a batch of decisions from a platform's tool may be larger. */
    private static final int MAX_QUEUE_PAGE = 500;

    private final ScreeningServer server;
    private final ModerationStore store;
    private final Retrainer retrainer;
    private final Access access;
    private final Map<String, Asset> assets;

    private record Asset(String type, byte[] bytes) {
    }

    ConsoleHandler(ScreeningServer server, ModerationStore store, Retrainer retrainer, Handler api) {
        super(api);
        this.server = server;
        this.store = store;
        this.retrainer = retrainer;
        this.access = server.access;
        this.assets = Map.of(
                "/console/", asset("index.html", "text/html; charset=utf-8"),
                "/console/index.html", asset("index.html", "text/html; charset=utf-8"),
                "/console/console.js", asset("console.js", "text/javascript; charset=utf-8"),
                "/console/console.css", asset("console.css", "text/css; charset=utf-8"));
    }

    private static Asset asset(String name, String type) {
        try (InputStream in = ConsoleHandler.class.getResourceAsStream("console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console/" + name + " is missing from the server jar");
            }
            return new Asset(type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The console's routes, as the OpenAPI document names them. */
    static final List<String> ROUTES = List.of("GET /console/", "GET /v1/session", "POST /v1/session",
            "DELETE /v1/session", "GET /v1/queue", "GET /v1/decisions", "POST /v1/decisions",
            "POST /v1/decisions/undo", "GET /v1/model", "GET /v1/model/plot.svg", "GET /v1/learn", "POST /v1/learn",
            "POST /v1/learn/accept", "POST /v1/learn/reject", "GET /v1/learn/plot.svg", "POST /v1/reload");

    /** Whether a path is one of the console's (the rest goes to the screening API). */
    static boolean owns(String path) {
        return path.equals("/console") || path.startsWith("/console/") || path.equals("/v1/session")
                || path.equals("/v1/queue") || path.equals("/v1/decisions") || path.startsWith("/v1/decisions/")
                || path.equals("/v1/model") || path.startsWith("/v1/model/") || path.equals("/v1/learn")
                || path.startsWith("/v1/learn/") || path.equals("/v1/reload");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (!owns(path)) {
            return super.handle(request, response, callback);
        }
        try {
            route(request, response, callback, path);
        } catch (ApiException e) {
            error(response, callback, e);
        } catch (ModerationStore.Refused e) {
            error(response, callback, new ApiException(e.status, code(e.status), e.getMessage()));
        } catch (ModerationStore.StoreException e) {
            LOG.error("moderation database failure on {} {}", request.getMethod(), path, e);
            error(response, callback, new ApiException(503, "database_unavailable", e.getMessage(), List.of(),
                    Map.of("Retry-After", "1")));
        } catch (RuntimeException | IOException | Error e) {
            String incident = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("internal error {} on {} {}", incident, request.getMethod(), path, e);
            error(response, callback, new ApiException(500, "internal", "internal error (incident " + incident
                    + ", logged by the server)"));
        }
        return true;
    }

    private static String code(int status) {
        return switch (status) {
            case 400 -> "invalid_input";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 409 -> "conflict";
            default -> "error";
        };
    }

    private void route(Request request, Response response, Callback callback, String path) throws IOException {
        String method = request.getMethod();
        if (path.equals("/console")) {
            response.setStatus(302);
            response.getHeaders().put(HttpHeader.LOCATION, "/console/");
            response.write(true, ByteBuffer.allocate(0), callback);
            return;
        }
        if (path.startsWith("/console/")) {
            Asset a = assets.get(path);
            if (a == null) {
                throw new ApiException(404, "not_found", "no such page: " + path);
            }
            only(method, "GET");
            Map<String, String> h = Map.of("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                    + "style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action "
                    + "'self'", "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer",
                    "X-Frame-Options", "DENY");
            send(response, callback, 200, a.type(), a.bytes(), h);
            return;
        }
        if (server.stopping()) {
            throw new ApiException(503, "stopping", "the server is shutting down", List.of(), Map.of("Retry-After", "1"));
        }
        switch (path) {
            case "/v1/session" -> session(request, response, callback, method);
            case "/v1/queue" -> {
                only(method, "GET");
                access.require(request, Role.MODERATE, true);
                queue(request, response, callback);
            }
            case "/v1/decisions" -> {
                if (method.equals("GET")) {
                    Access.Principal p = access.require(request, Role.MODERATE, true);
                    recent(request, response, callback, p);
                } else {
                    only(method, "POST");
                    Access.Principal p = access.require(request, Role.MODERATE, true);
                    decide(request, response, callback, p);
                }
            }
            case "/v1/decisions/undo" -> {
                only(method, "POST");
                Access.Principal p = access.require(request, Role.MODERATE, true);
                JsonNode body = body(request);
                long seq = body.path("decision").asLong(-1);
                if (seq < 0) {
                    throw new ApiException(400, "invalid_input", "give the decision to undo: {\"decision\": N}");
                }
                ModerationStore.Decision d = store.undo(seq, p.moderator(), p.has(Role.ADMIN));
                ok(response, callback, decisionJson(d));
            }
            case "/v1/model" -> {
                only(method, "GET");
                access.require(request, Role.ADMIN, true);
                ok(response, callback, model());
            }
            case "/v1/model/plot.svg" -> {
                only(method, "GET");
                access.require(request, Role.ADMIN, true);
                Screener s = screener();
                byte[] svg = Retrainer.plot(retrainer.unseen(s), "serving model " + s.modelVersion() + " on "
                        + "decisions it was not trained on").getBytes(StandardCharsets.UTF_8);
                send(response, callback, 200, "image/svg+xml", svg, Map.of());
            }
            case "/v1/learn" -> {
                Access.Principal p = access.require(request, Role.ADMIN, true);
                if (method.equals("GET")) {
                    ok(response, callback, retrainer.status().toJson());
                } else {
                    only(method, "POST");
                    JsonNode body = body(request);
                    String swap = body.path("swap").asText("auto");
                    if (!swap.equals("auto") && !swap.equals("manual")) {
                        throw new ApiException(400, "invalid_input", "swap must be 'auto' (when not worse on the "
                                + "held-back decisions) or 'manual' (an admin accepts), got '" + swap + "'");
                    }
                    Retrainer.Status st = retrainer.start(swap.equals("auto"), p.name());
                    send(response, callback, 202, JSON, bytes(st.toJson()), Map.of());
                }
            }
            case "/v1/learn/accept", "/v1/learn/reject" -> {
                only(method, "POST");
                Access.Principal p = access.require(request, Role.ADMIN, true);
                String version = body(request).path("version").asText("");
                if (version.isEmpty()) {
                    throw new ApiException(400, "invalid_input", "give the model: {\"version\": \"…\"}");
                }
                if (path.endsWith("accept")) {
                    ok(response, callback, retrainer.accept(version, p.name()));
                } else {
                    retrainer.reject(version, p.name());
                    ObjectNode o = Jsonl.mapper().createObjectNode().put("version", version).put("status", "rejected");
                    ok(response, callback, o);
                }
            }
            case "/v1/learn/plot.svg" -> {
                only(method, "GET");
                access.require(request, Role.ADMIN, true);
                Fields q = Request.extractQueryParameters(request);
                byte[] svg = retrainer.plot(String.valueOf(q.getValue("version")), String.valueOf(q.getValue("which")));
                if (svg == null) {
                    throw new ApiException(404, "not_found", "no such plot");
                }
                send(response, callback, 200, "image/svg+xml", svg, Map.of());
            }
            case "/v1/reload" -> {
                only(method, "POST");
                access.require(request, Role.ADMIN, true);
                io.bianwei.ReloadingScreener.ReloadEvent e = server.reloadPack();
                ObjectNode o = Jsonl.mapper().createObjectNode();
                o.put("swapped", e.swapped()).put("rulesetVersion", e.rulesetVersion());
                ArrayNode pr = o.putArray("problems");
                e.problems().forEach(pr::add);
                ok(response, callback, o);
            }
            default -> throw new ApiException(404, "not_found", "no such endpoint: " + method + " " + path
                    + " (the API is described at /openapi.json)");
        }
    }

    private static void only(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new ApiException(405, "method_not_allowed", "this route takes " + allowed + ", not " + method,
                    List.of(), Map.of("Allow", allowed));
        }
    }

    private Screener screener() {
        Screener s = server.current();
        if (s == null) {
            throw new ApiException(503, "not_ready", "the rule pack is still being built", List.of(),
                    Map.of("Retry-After", "1"));
        }
        return s;
    }

    // --- session ---------------------------------------------------------------------------------------------------

    private void session(Request request, Response response, Callback callback, String method) throws IOException {
        switch (method) {
            case "GET" -> {
                Access.Session s = access.session(request);
                if (s == null && access.keysRequired()) {
                    throw new ApiException(401, "unauthorized", "not signed in");
                }
                ok(response, callback, sessionJson(s));
            }
            case "POST" -> {
                JsonNode body = body(request);
                Access.Session s = access.signIn(body.path("key").asText(null), body.path("name").asText(null));
                send(response, callback, 200, JSON, bytes(sessionJson(s)), Map.of("Set-Cookie", Access.cookie(s)));
            }
            case "DELETE" -> {
                Access.Principal p = access.require(request, null, true);
                access.signOut(p.session());
                send(response, callback, 200, JSON, "{\"signedIn\":false}".getBytes(StandardCharsets.UTF_8),
                        Map.of("Set-Cookie", Access.cookie(null)));
            }
            default -> throw new ApiException(405, "method_not_allowed", "/v1/session takes GET, POST or DELETE",
                    List.of(), Map.of("Allow", "GET, POST, DELETE"));
        }
    }

    private ObjectNode sessionJson(Access.Session s) {
        ObjectNode o = Jsonl.mapper().createObjectNode();
        o.put("signedIn", s != null);
        o.put("keysRequired", access.keysRequired());
        if (s != null) {
            o.put("name", s.name).put("csrf", s.csrf).put("keyId", s.keyId);
            ArrayNode roles = o.putArray("roles");
            s.roles.stream().map(Role::key).sorted().forEach(roles::add);
        }
        Screener sc = server.current();
        if (sc != null) {
            o.put("rulesetVersion", sc.rulesetVersion()).put("model", sc.modelVersion());
        }
        return o;
    }

    // --- queue and decisions ---------------------------------------------------------------------------------------

    private void queue(Request request, Response response, Callback callback) throws IOException {
        Fields q = Request.extractQueryParameters(request);
        String category = q.getValue("category");
        String rule = q.getValue("rule");
        int limit = 100;
        try {
            if (q.getValue("limit") != null) {
                limit = Math.max(1, Math.min(MAX_QUEUE_PAGE, Integer.parseInt(q.getValue("limit"))));
            }
        } catch (NumberFormatException e) {
            throw new ApiException(400, "invalid_input", "limit must be a number");
        }
        ObjectNode o = Jsonl.mapper().createObjectNode();
        ModerationStore.Waiting w = store.waitingCounts();
        ObjectNode waiting = o.putObject("waiting");
        waiting.put("total", w.total());
        ObjectNode cats = waiting.putObject("categories");
        w.categories().forEach(cats::put);
        ObjectNode rules = waiting.putObject("rules");
        w.rules().forEach(rules::put);
        ArrayNode known = o.putArray("categories"); // what a flag may be filed under: the pack's categories
        Screener s = server.current();
        if (s != null) {
            TreeSet<String> c = new TreeSet<>();
            for (RuleInfo r : s.rules()) {
                if (!r.isContext()) {
                    c.add(r.category());
                }
            }
            c.forEach(known::add);
        }
        ArrayNode items = o.putArray("items");
        for (ModerationStore.QueueItem it : store.waiting(category, rule, limit)) {
            ObjectNode i = items.addObject();
            i.put("item", it.item()).put("id", it.docId()).put("text", it.text()).put("score", it.score())
                    .put("verdict", it.verdict()).put("topCategory", it.topCategory()).put("ruleset", it.ruleset())
                    .put("model", it.model()).put("source", it.source()).put("queuedAt", it.queuedAt());
            i.set("result", Jsonl.mapper().readTree(it.result()));
        }
        ok(response, callback, o);
    }

    private void decide(Request request, Response response, Callback callback, Access.Principal p) throws IOException {
        JsonNode body = body(request);
        boolean single = body.isObject();
        if (!single && !body.isArray()) {
            throw new ApiException(400, "bad_request", "expected a decision object or an array of them");
        }
        if (single && body.has("item")) { // the console: a queue item
            long item = body.path("item").asLong(-1);
            ModerationStore.Decision d = store.decide(item, text(body, "label"), text(body, "category"),
                    p.moderator());
            ok(response, callback, decisionJson(d));
            return;
        }
        List<ModerationStore.Incoming> in = new ArrayList<>();
        for (JsonNode n : single ? List.of(body) : iterable(body)) {
            if (!n.isObject()) {
                throw new ApiException(400, "invalid_input", "each decision must be an object {\"id\", \"label\", …}");
            }
            in.add(new ModerationStore.Incoming(text(n, "id"), text(n, "text"), text(n, "label"),
                    text(n, "category"), text(n, "moderator")));
        }
        if (in.isEmpty()) {
            throw new ApiException(400, "invalid_input", "no decisions given");
        }
        List<ModerationStore.Decision> out = store.record(in, p.moderator());
        if (single) {
            ok(response, callback, decisionJson(out.get(0)));
        } else {
            ArrayNode a = Jsonl.mapper().createArrayNode();
            out.forEach(d -> a.add(decisionJson(d)));
            send(response, callback, 200, JSON, Jsonl.write(a).getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private void recent(Request request, Response response, Callback callback, Access.Principal p) {
        Fields q = Request.extractQueryParameters(request);
        int limit = 50;
        try {
            if (q.getValue("limit") != null) {
                limit = Math.max(1, Math.min(1000, Integer.parseInt(q.getValue("limit"))));
            }
        } catch (NumberFormatException e) {
            throw new ApiException(400, "invalid_input", "limit must be a number");
        }
        List<ModerationStore.Decision> all = store.all();
        ArrayNode a = Jsonl.mapper().createArrayNode();
        for (int i = all.size() - 1; i >= 0 && a.size() < limit; i--) {
            a.add(decisionJson(all.get(i)));
        }
        ObjectNode o = Jsonl.mapper().createObjectNode();
        o.set("decisions", a);
        ok(response, callback, o);
    }

    static ObjectNode decisionJson(ModerationStore.Decision d) {
        ObjectNode o = d.toJson();
        o.remove("text");
        return o;
    }

    // --- model -----------------------------------------------------------------------------------------------------

    private ObjectNode model() {
        Screener s = screener();
        ObjectNode o = Jsonl.mapper().createObjectNode();
        o.put("rulesetVersion", s.rulesetVersion());
        o.put("model", s.modelVersion());
        ModerationStore.Agreement a = store.agreement();
        ObjectNode ag = o.putObject("agreement");
        ag.put("decided", a.decided()).put("flagged", a.flagged());
        if (Double.isNaN(a.rate())) {
            ag.putNull("rate");
        } else {
            ag.put("rate", Math.round(a.rate() * 10_000) / 10_000.0);
        }
        o.set("unseen", retrainer.unseen(s).toJson());
        List<ModerationStore.Decision> current = store.current();
        long held = current.stream().filter(ModerationStore.Decision::heldBack).count();
        o.putObject("decisions").put("total", current.size()).put("heldBack", held)
                .put("training", current.size() - held);
        o.set("training", retrainer.status().toJson());
        o.set("models", Jsonl.mapper().valueToTree(retrainer.models()));
        return o;
    }

    // --- plumbing --------------------------------------------------------------------------------------------------

    /** The JSON body, at most the server's body limit, read with the shared reader (its errors in our words). */
    private JsonNode body(Request request) throws IOException {
        long max = server.config().maxBodyBytes();
        if (request.getLength() > max) {
            throw new ApiException(413, "body_too_large", "the request body is larger than the limit of " + max
                    + " bytes");
        }
        byte[] b;
        try (InputStream in = Content.Source.asInputStream(request)) {
            b = in.readNBytes((int) max + 1);
        }
        if (b.length > max) {
            throw new ApiException(413, "body_too_large", "the request body is larger than the limit of " + max
                    + " bytes");
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("the request body is not valid UTF-8");
        }
        if (s.isBlank()) {
            return Jsonl.mapper().createObjectNode();
        }
        try {
            return JsonInput.read(s);
        } catch (JsonInputException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static byte[] bytes(JsonNode n) {
        return Jsonl.write(n).getBytes(StandardCharsets.UTF_8);
    }

    private static void ok(Response response, Callback callback, JsonNode body) {
        send(response, callback, 200, JSON, bytes(body), Map.of());
    }

    private static void error(Response response, Callback callback, ApiException e) {
        if (response.isCommitted()) {
            callback.failed(e);
            return;
        }
        send(response, callback, e.status, JSON, ApiHandler.errorJson(e.status, e.code, e.getMessage(), e.problems),
                e.headers);
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body,
                             Map<String, String> headers) {
        response.setStatus(status);
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, type);
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.forEach(h::put);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
