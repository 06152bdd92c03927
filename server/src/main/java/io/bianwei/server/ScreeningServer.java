package io.bianwei.server;

import io.bianwei.ReloadingScreener;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The screening service: embedded Jetty 12 serving the CLI's JSON contract over HTTP.
 *
 * <pre>{@code
 * try (ScreeningServer server = ScreeningServer.start(ServerConfig.defaults().withPort(0))) {
 *     server.load();                    // builds the pack; /readyz answers 200 from here on
 *     System.out.println(server.uri()); // POST {"id":"1","text":"…"} to uri/v1/screen
 *     server.join();
 * }
 * }</pre>
 *
 * <p>{@link #start} binds at once, so {@code /healthz} answers while the pack is built; {@code /readyz} and the
 * {@code /v1} routes answer 503 until {@link #load} (or {@link #serve}) has finished. Routes, limits and errors are
 * in {@link ApiHandler} and the OpenAPI document ({@code /openapi.json}). {@link #close} stops gracefully: no new
 * connections, requests in flight finish (up to the configured shutdown timeout).
 */
public final class ScreeningServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScreeningServer.class);

    private final ServerConfig config;
    private final Server jetty;
    private final ServerConnector connector;
    final Admission admission;
    final ScheduledThreadPoolExecutor timers;
    final Metrics metrics;
    final QuarantineWatch quarantine = new QuarantineWatch();
    /** Who may do what: API keys with roles, the console's sessions. */
    final Access access;
    /** The moderation console (null: none): its database, the queue it feeds, its retraining. */
    private final ConsoleConfig console;
    private final ModerationStore store;
    private final ReviewQueue reviewQueue;
    private final Retrainer retrainer;
    /** Screen and explain requests taken on and not yet completed (their response written, their body read). */
    final AtomicInteger inFlight = new AtomicInteger();
    /** Requests taken on that ended without their answer while the server was stopping. */
    final AtomicInteger cutOff = new AtomicInteger();
    final byte[] openapi;
    private volatile Supplier<Screener> screeners;
    private volatile ReloadingScreener reloading;
    private volatile boolean stopping;
    private volatile int boundPort = -1;
    private volatile boolean served;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Tests only: runs on the screening thread before each document (by id), e.g. to hold a request in flight. */
    volatile Consumer<String> beforeScreen = id -> { };
    /** Test hook: runs on the screening thread after a job's work (its answer sent), before the job ends. */
    volatile Runnable afterWork = () -> { };

    private ScreeningServer(ServerConfig config, ConsoleConfig console, ModerationStore store) {
        this.config = config;
        this.console = console;
        this.store = store;
        this.access = new Access(config.apiKeys(), java.time.Clock.systemUTC());
        this.reviewQueue = store == null ? null : new ReviewQueue(this, store, console.queueReview());
        this.retrainer = store == null ? null : new Retrainer(this, store, console, java.time.Clock.systemUTC());
        this.admission = new Admission(config);
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "bianwei-deadlines");
            t.setDaemon(true);
            return t;
        });
        this.timers.setRemoveOnCancelPolicy(true);
        this.metrics = new Metrics(admission, this::current);
        this.metrics.ready(false);
        this.openapi = readOpenApi();

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("bianwei-http");
        threads.setDaemon(true);
        this.jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(Math.max(30_000, config.deadline().toMillis() + 5_000));
        // Jetty's graceful stop shortens every connection's idle timeout to a second by default, so that idle ones
        // close fast; but a request being screened sends nothing for a while, and its answer may take a while to
        // write: main failed such requests with a 500 a second into a stop. Idle connections are closed anyway when
        // the connector stops, once every request taken on is answered.
        connector.setShutdownIdleTimeout(-1);
        jetty.addConnector(connector);
        // outermost, the wire's count of every response (the graceful stop's 503s too); then the stop's tracking
        ApiHandler api = new ApiHandler(this, config);
        jetty.setHandler(new WireCounter(metrics, new GracefulHandler(store == null ? api
                : new ConsoleHandler(this, store, retrainer, api))));
        jetty.setErrorHandler(new JsonErrorHandler(metrics));
        jetty.setStopTimeout(config.shutdownTimeout().toMillis());
        jetty.setStopAtShutdown(false); // the owner decides (bianwei serve: a shutdown hook calling close)
    }

    /**
     * Binds and starts answering; the pack is not built yet ({@code /readyz} is 503 until {@link #load}). Checks
     * before binding that the rule paths exist, and says plainly why the address cannot be bound. Logs nothing
     * until the server is ready: "listening on" is said once requests are screened.
     *
     * @throws IllegalArgumentException when bound beyond loopback without API keys, or a rule path names nothing
     * @throws IOException              when the address cannot be bound
     */
    public static ScreeningServer start(ServerConfig config) throws IOException {
        return start(config, null);
    }

    /**
     * As {@link #start(ServerConfig)}, with the moderation console ({@code /console}, the review queue, decisions,
     * retraining) keeping its data in {@code console.dataDir()} (made when missing; its database migrated).
     *
     * @param console null: no console
     * @throws IOException also when the data folder or its database cannot be opened
     */
    public static ScreeningServer start(ServerConfig config, ConsoleConfig console) throws IOException {
        Objects.requireNonNull(config, "config");
        if (!config.loopback() && config.apiKeys().isEmpty()) {
            throw new IllegalArgumentException("binding to " + config.host() + " (beyond loopback) needs API keys: "
                    + "give --api-keys FILE or set " + ApiKeys.ENV);
        }
        for (Path p : config.screener().rulePaths()) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("--rules " + p + ": no such file or folder");
            }
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("--rules " + p + ": not readable (permission denied)");
            }
        }
        ModerationStore store = null;
        if (console != null) {
            try {
                store = ModerationStore.open(console.dataDir());
            } catch (IOException e) {
                throw new IOException("--data " + console.dataDir() + ": " + e.getMessage(), e);
            }
        }
        ScreeningServer s;
        try {
            s = new ScreeningServer(config, console, store);
        } catch (RuntimeException | Error e) {
            if (store != null) {
                store.close();
            }
            throw e;
        }
        try {
            s.connector.open(); // bind first: a port in use is said before anything starts
        } catch (IOException e) {
            s.discard();
            throw new IOException(bindProblem(config, e), e);
        }
        try {
            s.jetty.start();
            s.boundPort = s.connector.getLocalPort();
        } catch (Exception e) {
            s.discard();
            throw new IOException("could not start the server on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        return s;
    }

    /** Why binding failed, in words (the JDK says "Address already in use" inside Jetty's "Failed to bind"). */
    private static String bindProblem(ServerConfig config, IOException e) {
        String where = config.host() + ":" + config.port();
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof java.net.BindException)) {
            cause = cause.getCause();
        }
        String m = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("in use")) {
            return "cannot listen on " + where + ": the port is in use (another process listens there); pick "
                    + "another with --port, or --port 0 for any free one";
        }
        if (m.contains("permission denied") || m.contains("access")) {
            return "cannot listen on " + where + ": permission denied (ports below 1024 need privileges)";
        }
        if (m.contains("assign requested address") || cause instanceof java.nio.channels.UnresolvedAddressException) {
            return "cannot listen on " + where + ": " + config.host() + " is not an address of this machine";
        }
        return "cannot listen on " + where + ": " + cause.getMessage();
    }

    /** Releases what a server that never started holds, quietly. */
    private void discard() {
        closed.set(true);
        stopping = true;
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // never started
        }
        try {
            connector.close();
        } catch (RuntimeException ignored) {
            // not open
        }
        timers.shutdownNow();
        if (store != null) {
            store.close();
        }
        try {
            admission.shutdown(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Builds the configured pack (the expensive part) and starts screening with it; with {@code watchRules}, its
     * rule folders are watched and reloaded with {@link ReloadingScreener}'s atomic, example-checked swap. Rule
     * folders are compiled and their examples run in a child JVM before this process loads them (at start and on
     * every reload; {@link Screener.Builder#verifyInChildProcess}).
     *
     * @throws io.bianwei.RulePackException when the pack does not compile
     */
    public void load() throws IOException {
        ScreenerSettings settings = config.screener();
        List<Path> folders = config.watchRules()
                ? settings.rulePaths().stream().filter(Files::isDirectory).toList() : List.of();
        long t0 = System.nanoTime();
        // rule folders are untrusted code until checked: each build compiles them and runs their examples in a
        // child JVM first, so a pack that calls System.exit or never returns takes the child down, not the service
        // (the console's data pack holds only a model trained here, so it does not make a pack untrusted)
        boolean untrusted = !settings.rules().isEmpty();
        ReloadingScreener rs = ReloadingScreener.watch(
                () -> Screener.builder().settings(servingSettings()).verifyInChildProcess(untrusted), folders,
                this::reloaded);
        this.reloading = rs;
        ready(rs::current, rs.current(), ", built in " + (System.nanoTime() - t0) / 1_000_000 + " ms"
                + (folders.isEmpty() ? "" : ", watching " + folders));
    }

    /** Serves a screener built elsewhere (no reloads). */
    public void serve(Screener screener) {
        Objects.requireNonNull(screener, "screener");
        ready(() -> screener, screener, "");
    }

    private void ready(Supplier<Screener> source, Screener first, String how) {
        if (stopping) {
            return;
        }
        this.screeners = source;
        this.served = true;
        metrics.ready(true);
        LOG.info("listening on {} (ruleset {}, {} rules{}; small lane {} workers, large lane (bodies over {} bytes) "
                        + "{}, queue {} documents per lane, {} bytes in flight, batch {}, body {} bytes, deadline {} ms, "
                        + "{})", uri(), first.rulesetVersion(), first.rules().size(), how, config.workers(),
                config.largeBodyBytes(), config.largeLaneWorkers(), config.queueDocuments(), admission.budget(),
                config.maxBatch(), config.maxBodyBytes(), config.deadline().toMillis(),
                config.apiKeys().isEmpty() ? "no API keys" : config.apiKeys());
    }

    private void reloaded(ReloadingScreener.ReloadEvent e) {
        metrics.reload(e.swapped());
    }

    /**
     * The settings the pack is built with: the configured ones and, with the console, its data pack when a model
     * trained here was accepted ({@code DATA/pack/models/verdict.model}, added last, so it decides).
     */
    ScreenerSettings servingSettings() {
        ScreenerSettings s = config.screener();
        if (console != null && Files.isRegularFile(console.servedModel())) {
            s = s.withRules(List.of(console.pack()));
        }
        return s;
    }

    /**
     * Builds the pack again now (rule folders and the console's data pack) and swaps to it atomically when it
     * compiles and its examples pass.
     *
     * @throws ApiException 409 when the server serves a screener built elsewhere ({@link #serve})
     */
    ReloadingScreener.ReloadEvent reloadPack() {
        ReloadingScreener rs = reloading;
        if (rs == null) {
            throw new ApiException(409, "no_reload", "this server serves a screener built elsewhere: nothing to "
                    + "reload");
        }
        return rs.reload();
    }

    /** The console's retraining (null without the console). */
    Retrainer retrainer() {
        return retrainer;
    }

    /** The console's database (null without the console). */
    ModerationStore store() {
        return store;
    }

    /** The console's review queue (null without the console). */
    ReviewQueue reviewQueue() {
        return reviewQueue;
    }

    /** The screener in use, or null before the pack is built and while stopping. */
    Screener current() {
        Supplier<Screener> s = screeners;
        return s == null || stopping ? null : s.get();
    }

    boolean stopping() {
        return stopping;
    }

    /** Whether requests are screened (the pack is built and the server is not stopping). */
    public boolean ready() {
        return current() != null;
    }

    /** The version of the pack in use; null when not ready. */
    public String rulesetVersion() {
        Screener s = current();
        return s == null ? null : s.rulesetVersion();
    }

    /** The bound port (the real one when configured with 0; still known after the server stopped). */
    public int port() {
        return boundPort;
    }

    /** {@code http://host:port}. */
    public URI uri() {
        String h = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + h + ":" + port());
    }

    public ServerConfig config() {
        return config;
    }

    /** Whether the connector has stopped taking connections (a graceful stop is under way in Jetty). */
    boolean acceptingStopped() {
        return connector.isShutdown();
    }

    /** The idle timeout a graceful stop gives every connection; negative: none (they keep theirs). */
    long shutdownIdleTimeout() {
        return connector.getShutdownIdleTimeout();
    }

    /** Waits until the server has stopped. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /**
     * Stops gracefully: {@code /readyz} turns 503 and new requests are refused (503 {@code stopping}, or the
     * connection is refused once the connector is closed); every request already taken on is screened and answered,
     * up to the shutdown timeout (Jetty's {@link GracefulHandler} waits for them, and the stop leaves their idle
     * timeouts as they were); then the screening threads, the deadline timer and the rule watcher stop.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        metrics.ready(false);
        long t0 = System.nanoTime();
        int busy = inFlight.get();
        if (served && busy > 0) {
            LOG.info("stopping: finishing {} request(s) in flight (up to {} ms)", busy,
                    config.shutdownTimeout().toMillis());
        }
        // Jetty's graceful stop waits for every connection to close, and this connector leaves idle timeouts as they
        // were (a request being screened sends nothing for a while): a client that keeps an idle keep-alive
        // connection open (an HTTP client's pool, a browser on the console) held the stop for the whole shutdown
        // timeout. Once every request taken on is answered, the connections left are idle: close them.
        Thread closer = new Thread(() -> {
            long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
            try {
                while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                Thread.sleep(100); // the last answer's bytes leave its connection
            } catch (InterruptedException e) {
                return;
            }
            for (org.eclipse.jetty.io.EndPoint ep : connector.getConnectedEndPoints()) {
                ep.close();
            }
        }, "bianwei-idle-closer");
        closer.setDaemon(true);
        closer.start();
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server: {}", e.toString());
        }
        closer.interrupt();
        try {
            admission.shutdown(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        if (retrainer != null) {
            retrainer.close();
        }
        if (store != null) {
            store.close();
        }
        ReloadingScreener rs = reloading;
        if (rs != null) {
            try {
                rs.close();
            } catch (IOException e) {
                LOG.debug("closing the rule watcher", e);
            }
        }
        int cut = cutOff.get();
        if (cut > 0) {
            LOG.warn("stopped in {} ms: {} request(s) taken on ended without their answer (the shutdown timeout, or "
                    + "their clients left)", (System.nanoTime() - t0) / 1_000_000, cut);
        } else if (served) {
            LOG.info("stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static byte[] readOpenApi() {
        try (InputStream in = ScreeningServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the server jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
