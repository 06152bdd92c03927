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
    final WorkQueue queue;
    final ScheduledThreadPoolExecutor timers;
    final Metrics metrics;
    final byte[] openapi;
    private volatile Supplier<Screener> screeners;
    private volatile ReloadingScreener reloading;
    private volatile boolean stopping;
    private volatile int boundPort = -1;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Tests only: runs on the screening thread before each document (by id), e.g. to hold a request in flight. */
    volatile Consumer<String> beforeScreen = id -> { };

    private ScreeningServer(ServerConfig config) {
        this.config = config;
        this.queue = new WorkQueue(config.workers(), config.queueDocuments());
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "bianwei-deadlines");
            t.setDaemon(true);
            return t;
        });
        this.timers.setRemoveOnCancelPolicy(true);
        this.metrics = new Metrics(queue::pending, queue.capacity());
        this.metrics.notReady();
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
        jetty.addConnector(connector);
        jetty.setHandler(new GracefulHandler(new ApiHandler(this, config)));
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.setStopTimeout(config.shutdownTimeout().toMillis());
        jetty.setStopAtShutdown(false); // the owner decides (bianwei serve: a shutdown hook calling close)
    }

    /**
     * Binds and starts answering; the pack is not built yet ({@code /readyz} is 503 until {@link #load}).
     *
     * @throws IllegalArgumentException when bound beyond loopback without API keys
     * @throws IOException              when the address cannot be bound
     */
    public static ScreeningServer start(ServerConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        if (!config.loopback() && config.apiKeys().isEmpty()) {
            throw new IllegalArgumentException("binding to " + config.host() + " (beyond loopback) needs API keys: "
                    + "give --api-keys FILE or set " + ApiKeys.ENV);
        }
        ScreeningServer s = new ScreeningServer(config);
        try {
            s.jetty.start();
            s.boundPort = s.connector.getLocalPort();
        } catch (IOException e) {
            s.close();
            throw e;
        } catch (Exception e) {
            s.close();
            throw new IOException("could not start the server on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        LOG.info("listening on {} (workers {}, queue {} documents, batch {}, body {} bytes, deadline {} ms, {})",
                s.uri(), config.workers(), config.queueDocuments(), config.maxBatch(), config.maxBodyBytes(),
                config.deadline().toMillis(), config.apiKeys().isEmpty() ? "no API keys" : config.apiKeys());
        return s;
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
        boolean untrusted = !settings.rules().isEmpty();
        ReloadingScreener rs = ReloadingScreener.watch(
                () -> Screener.builder().settings(settings).verifyInChildProcess(untrusted), folders, this::reloaded);
        this.reloading = rs;
        ready(rs::current, rs.current());
        LOG.info("ready: ruleset {} ({} rules) built in {} ms{}", rs.current().rulesetVersion(),
                rs.current().rules().size(), (System.nanoTime() - t0) / 1_000_000,
                folders.isEmpty() ? "" : ", watching " + folders);
    }

    /** Serves a screener built elsewhere (no reloads). */
    public void serve(Screener screener) {
        Objects.requireNonNull(screener, "screener");
        ready(() -> screener, screener);
    }

    private void ready(Supplier<Screener> source, Screener first) {
        if (stopping) {
            return;
        }
        this.screeners = source;
        metrics.ruleset(first.rulesetVersion());
    }

    private void reloaded(ReloadingScreener.ReloadEvent e) {
        metrics.reload(e.swapped());
        if (e.swapped()) {
            metrics.ruleset(e.rulesetVersion());
        }
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

    /** Waits until the server has stopped. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /**
     * Stops gracefully: {@code /readyz} turns 503, no new connections are accepted, requests in flight are finished
     * (up to the shutdown timeout), then the screening threads and the rule watcher stop. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        metrics.notReady();
        long t0 = System.nanoTime();
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server: {}", e.toString());
        }
        try {
            queue.shutdown(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        ReloadingScreener rs = reloading;
        if (rs != null) {
            try {
                rs.close();
            } catch (IOException e) {
                LOG.debug("closing the rule watcher", e);
            }
        }
        LOG.info("stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
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
