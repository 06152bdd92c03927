package io.bianwei.server;

import io.bianwei.ScreenerSettings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ScreeningServer} listens, what it screens with and its limits.
 *
 * @param host             address to bind; loopback ({@code 127.0.0.1}) by default, anything else needs API keys
 * @param port             TCP port; 0 picks a free one ({@link ScreeningServer#port()} tells which)
 * @param screener         the rule pack and scoring, as for the CLI's common options
 * @param watchRules       reload the {@code --rules} folders when they change (atomic, example-checked swap)
 * @param apiKeys          bearer keys required on {@code /v1/*} and {@code /metrics}; none: no authentication
 * @param maxBodyBytes     largest request body accepted (413 beyond)
 * @param maxBatch         most documents in one {@code POST /v1/screen} (413 beyond)
 * @param queueDocuments   most documents waiting or being screened in each lane; a request that would go beyond is
 *                         answered 503 with Retry-After instead of queueing (must be at least {@code maxBatch})
 * @param workers          screening threads of the small-request lane
 * @param deadline         per-request deadline from arrival to response (504 beyond; remaining documents of a
 *                         batch are not screened)
 * @param shutdownTimeout  how long a graceful stop waits for requests in flight
 * @param maxInflightBytes most request-body bytes held at once (being read, waiting or being screened); a request
 *                         that would go beyond is answered 503 with Retry-After, before its body is read when it
 *                         declares its length; 0: {@link #defaultInflightBytes()}, a quarter of the heap
 * @param largeBodyBytes   requests with a larger body are screened in the large lane, on their own threads, so
 *                         that long texts and big batches never wait in front of short ones
 * @param largeWorkers     screening threads of the large lane; 0: half of {@code workers}, at least one
 */
public record ServerConfig(String host, int port, ScreenerSettings screener, boolean watchRules, ApiKeys apiKeys,
                           long maxBodyBytes, int maxBatch, int queueDocuments, int workers, Duration deadline,
                           Duration shutdownTimeout, long maxInflightBytes, long largeBodyBytes, int largeWorkers) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 4L << 20;
    public static final int DEFAULT_MAX_BATCH = 256;
    public static final int DEFAULT_QUEUE_DOCUMENTS = 256;
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** 8 KiB: about 2,700 Chinese characters, longer than nearly every post. */
    public static final long DEFAULT_LARGE_BODY_BYTES = 8L << 10;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(screener, "screener");
        Objects.requireNonNull(apiKeys, "apiKeys");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0-65535, got " + port);
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("max body must be between 1 KiB and 2 GiB, got " + maxBodyBytes);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max batch must be at least 1, got " + maxBatch);
        }
        if (queueDocuments < maxBatch) {
            throw new IllegalArgumentException("the queue (" + queueDocuments + " documents) must hold at least one "
                    + "full batch (" + maxBatch + ")");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive");
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdown timeout must not be negative");
        }
        if (largeBodyBytes < 1) {
            throw new IllegalArgumentException("the large-body threshold must be at least 1 byte, got "
                    + largeBodyBytes);
        }
        if (largeWorkers < 0) {
            throw new IllegalArgumentException("large-lane workers must not be negative, got " + largeWorkers);
        }
        if (maxInflightBytes < 0) {
            throw new IllegalArgumentException("the in-flight byte budget must not be negative");
        }
        if (maxInflightBytes > 0 && maxInflightBytes < maxBodyBytes) {
            throw new IllegalArgumentException("the in-flight byte budget (" + maxInflightBytes + " bytes) must hold "
                    + "at least one largest body (" + maxBodyBytes + " bytes, --max-body)");
        }
    }

    /** Loopback, port 8080, the default pack, watching, no keys, 4 MiB, 256 per batch and queued, 10 s, 30 s. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, ScreenerSettings.defaults(), true, ApiKeys.none(),
                DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BATCH, DEFAULT_QUEUE_DOCUMENTS,
                Runtime.getRuntime().availableProcessors(), DEFAULT_DEADLINE, DEFAULT_SHUTDOWN_TIMEOUT, 0,
                DEFAULT_LARGE_BODY_BYTES, 0);
    }

    /**
     * The default in-flight budget: a quarter of the largest heap this JVM may use ({@code -Xmx}), and at least two
     * largest bodies. A body costs more than its bytes while it is parsed and screened (its text as a Java string,
     * the JSON tree, the screener's normalised copy and facts), so the other three quarters are for that, the
     * screener itself and Jetty.
     */
    public static long defaultInflightBytes(long maxBodyBytes) {
        return Math.max(2 * maxBodyBytes, Runtime.getRuntime().maxMemory() / 4);
    }

    /** The budget in force: {@link #maxInflightBytes} or, when 0, {@link #defaultInflightBytes}. */
    public long inflightBytes() {
        return maxInflightBytes > 0 ? maxInflightBytes : defaultInflightBytes(maxBodyBytes);
    }

    /** The large lane's threads in force: {@link #largeWorkers} or, when 0, half the workers (at least one). */
    public int largeLaneWorkers() {
        return largeWorkers > 0 ? largeWorkers : Math.max(1, workers / 2);
    }

    /** Whether {@code host} is a loopback address (resolving names such as {@code localhost}). */
    public boolean loopback() {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public ServerConfig withHost(String host) {
        return with(c -> c.host = host);
    }

    public ServerConfig withPort(int port) {
        return with(c -> c.port = port);
    }

    public ServerConfig withScreener(ScreenerSettings screener) {
        return with(c -> c.screener = screener);
    }

    public ServerConfig withWatchRules(boolean watchRules) {
        return with(c -> c.watchRules = watchRules);
    }

    public ServerConfig withApiKeys(ApiKeys apiKeys) {
        return with(c -> c.apiKeys = apiKeys);
    }

    public ServerConfig withMaxBodyBytes(long maxBodyBytes) {
        return with(c -> c.maxBodyBytes = maxBodyBytes);
    }

    /** Sets both the batch limit and the queue of each lane (the queue must hold a full batch). */
    public ServerConfig withLimits(int maxBatch, int queueDocuments) {
        return with(c -> {
            c.maxBatch = maxBatch;
            c.queueDocuments = queueDocuments;
        });
    }

    public ServerConfig withWorkers(int workers) {
        return with(c -> c.workers = workers);
    }

    public ServerConfig withDeadline(Duration deadline) {
        return with(c -> c.deadline = deadline);
    }

    public ServerConfig withShutdownTimeout(Duration shutdownTimeout) {
        return with(c -> c.shutdownTimeout = shutdownTimeout);
    }

    /** The in-flight byte budget; 0 for the default ({@link #defaultInflightBytes}). */
    public ServerConfig withMaxInflightBytes(long maxInflightBytes) {
        return with(c -> c.maxInflightBytes = maxInflightBytes);
    }

    /** The large lane: bodies over {@code largeBodyBytes} go there, to {@code largeWorkers} threads (0: default). */
    public ServerConfig withLargeLane(long largeBodyBytes, int largeWorkers) {
        return with(c -> {
            c.largeBodyBytes = largeBodyBytes;
            c.largeWorkers = largeWorkers;
        });
    }

    /** A copy with some components changed: what every {@code with…} does, written once. */
    private ServerConfig with(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return c.build();
    }

    /** The components as mutable fields, for {@link #with}. */
    private static final class Copy {
        String host;
        int port;
        ScreenerSettings screener;
        boolean watchRules;
        ApiKeys apiKeys;
        long maxBodyBytes;
        int maxBatch;
        int queueDocuments;
        int workers;
        Duration deadline;
        Duration shutdownTimeout;
        long maxInflightBytes;
        long largeBodyBytes;
        int largeWorkers;

        Copy(ServerConfig s) {
            host = s.host;
            port = s.port;
            screener = s.screener;
            watchRules = s.watchRules;
            apiKeys = s.apiKeys;
            maxBodyBytes = s.maxBodyBytes;
            maxBatch = s.maxBatch;
            queueDocuments = s.queueDocuments;
            workers = s.workers;
            deadline = s.deadline;
            shutdownTimeout = s.shutdownTimeout;
            maxInflightBytes = s.maxInflightBytes;
            largeBodyBytes = s.largeBodyBytes;
            largeWorkers = s.largeWorkers;
        }

        ServerConfig build() {
            return new ServerConfig(host, port, screener, watchRules, apiKeys, maxBodyBytes, maxBatch, queueDocuments,
                    workers, deadline, shutdownTimeout, maxInflightBytes, largeBodyBytes, largeWorkers);
        }
    }
}
