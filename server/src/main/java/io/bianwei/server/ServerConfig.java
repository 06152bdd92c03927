package io.bianwei.server;

import io.bianwei.ScreenerSettings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ScreeningServer} listens, what it screens with and its limits.
 *
 * @param host            address to bind; loopback ({@code 127.0.0.1}) by default, anything else needs API keys
 * @param port            TCP port; 0 picks a free one ({@link ScreeningServer#port()} tells which)
 * @param screener        the rule pack and scoring, as for the CLI's common options
 * @param watchRules      reload the {@code --rules} folders when they change (atomic, example-checked swap)
 * @param apiKeys         bearer keys required on {@code /v1/*} and {@code /metrics}; none: no authentication
 * @param maxBodyBytes    largest request body accepted (413 beyond)
 * @param maxBatch        most documents in one {@code POST /v1/screen} (413 beyond)
 * @param queueDocuments  most documents waiting or being screened at once; a request that would go beyond is
 *                        answered 503 with Retry-After instead of queueing (must be at least {@code maxBatch})
 * @param workers         screening threads
 * @param deadline        per-request deadline from arrival to response (504 beyond; remaining documents of a
 *                        batch are not screened)
 * @param shutdownTimeout how long a graceful stop waits for requests in flight
 */
public record ServerConfig(String host, int port, ScreenerSettings screener, boolean watchRules, ApiKeys apiKeys,
                           long maxBodyBytes, int maxBatch, int queueDocuments, int workers, Duration deadline,
                           Duration shutdownTimeout) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 4L << 20;
    public static final int DEFAULT_MAX_BATCH = 256;
    public static final int DEFAULT_QUEUE_DOCUMENTS = 256;
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

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
    }

    /** Loopback, port 8080, the default pack, watching, no keys, 4 MiB, 256 per batch and queued, 10 s, 30 s. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, ScreenerSettings.defaults(), true, ApiKeys.none(),
                DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BATCH, DEFAULT_QUEUE_DOCUMENTS,
                Runtime.getRuntime().availableProcessors(), DEFAULT_DEADLINE, DEFAULT_SHUTDOWN_TIMEOUT);
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
        return new ServerConfig(host, port, screener, watchRules, apiKeys, maxBodyBytes, maxBatch, queueDocuments,
                workers, deadline, shutdownTimeout);
    }

    public ServerConfig withPort(int port) {
        return new ServerConfig(host, port, screener, watchRules, apiKeys, maxBodyBytes, maxBatch, queueDocuments,
                workers, deadline, shutdownTimeout);
    }

    public ServerConfig withScreener(ScreenerSettings screener) {
        return new ServerConfig(host, port, screener, watchRules, apiKeys, maxBodyBytes, maxBatch, queueDocuments,
                workers, deadline, shutdownTimeout);
    }

    public ServerConfig withWatchRules(boolean watchRules) {
        return new ServerConfig(host, port, screener, watchRules, apiKeys, maxBodyBytes, maxBatch, queueDocuments,
                workers, deadline, shutdownTimeout);
    }

    public ServerConfig withApiKeys(ApiKeys apiKeys) {
        return new ServerConfig(host, port, screener, watchRules, apiKeys, maxBodyBytes, maxBatch, queueDocuments,
                workers, deadline, shutdownTimeout);
    }

    public ServerConfig withMaxBodyBytes(long maxBodyBytes) {
        return new ServerConfig(host, port, screener, watchRules, apiKeys, maxBodyBytes, maxBatch, queueDocuments,
                workers, deadline, shutdownTimeout);
    }

    /** Sets both the batch limit and the queue (the queue must hold a full batch). */
    public ServerConfig withLimits(int maxBatch, int queueDocuments) {
        return new ServerConfig(host, port, screener, watchRules, apiKeys, maxBodyBytes, maxBatch, queueDocuments,
                workers, deadline, shutdownTimeout);
    }

    public ServerConfig withWorkers(int workers) {
        return new ServerConfig(host, port, screener, watchRules, apiKeys, maxBodyBytes, maxBatch, queueDocuments,
                workers, deadline, shutdownTimeout);
    }

    public ServerConfig withDeadline(Duration deadline) {
        return new ServerConfig(host, port, screener, watchRules, apiKeys, maxBodyBytes, maxBatch, queueDocuments,
                workers, deadline, shutdownTimeout);
    }

    public ServerConfig withShutdownTimeout(Duration shutdownTimeout) {
        return new ServerConfig(host, port, screener, watchRules, apiKeys, maxBodyBytes, maxBatch, queueDocuments,
                workers, deadline, shutdownTimeout);
    }
}
