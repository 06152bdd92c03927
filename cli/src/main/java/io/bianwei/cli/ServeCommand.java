package io.bianwei.cli;

import io.bianwei.RulePackException;
import io.bianwei.server.ApiKeys;
import io.bianwei.server.ConsoleConfig;
import io.bianwei.server.ScreeningServer;
import io.bianwei.server.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code bianwei serve}: the screening service (module {@code server}) until SIGTERM or SIGINT. */
@Command(name = "serve", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Run the screening service: HTTP with the CLI's JSON contract. POST /v1/screen (one "
                + "{\"id\",\"text\"} or an array of them), POST /v1/explain, GET /v1/rules, /healthz, /readyz "
                + "(200 once the pack is built), /metrics (Prometheus), /openapi.json.",
                "Binds 127.0.0.1 by default; any other address needs API keys (Authorization: Bearer KEY). "
                        + "--rules folders are reloaded when they change (atomic, example-checked swap).",
                "Requests are admitted by documents and by bytes (--queue, --max-inflight-bytes) and refused with 503 "
                        + "beyond; bodies over --large-body are screened in their own lane.",
                "Stops on SIGTERM/SIGINT: refuses new requests and answers every one already taken on (up to "
                        + "--shutdown-timeout)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "2:usage error: a bad option, a --rules path that names nothing, a pack that "
                + "does not compile, API keys missing or unreadable, or the address cannot be bound (nothing is "
                + "served then)"})
final class ServeCommand implements Callable<Integer> {
    /** Tests only: told about the server once it is ready (they stop it with {@code close()}). */
    static volatile Consumer<ScreeningServer> onReady = s -> { };

    @ParentCommand
    Main main;

    @Option(names = "--host", paramLabel = "ADDR",
            description = "Address to bind (default: ${DEFAULT-VALUE}). Beyond loopback, API keys are required.")
    String host = ServerConfig.DEFAULT_HOST;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one, logged at start).")
    int port = ServerConfig.DEFAULT_PORT;

    @Mixin
    ScreenerOptions screenerOptions;

    @Option(names = "--no-watch", description = "Do not reload --rules folders when their files change.")
    boolean noWatch;

    @Option(names = "--api-keys", paramLabel = "FILE",
            description = "Bearer API keys, one per line or comma-separated (# starts a comment), at least "
                    + ApiKeys.MIN_LENGTH + " characters each; also read from the environment variable "
                    + ApiKeys.ENV + ". When any key is given, /v1/* and /metrics require one.")
    Path apiKeys;

    @Option(names = "--max-body", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Largest request body: bytes, or with K/M suffix (default 4M). Larger: 413.")
    long maxBody = ServerConfig.DEFAULT_MAX_BODY_BYTES;

    @Option(names = "--max-batch", paramLabel = "N",
            description = "Most documents in one POST /v1/screen (default: ${DEFAULT-VALUE}). More: 413.")
    int maxBatch = ServerConfig.DEFAULT_MAX_BATCH;

    @Option(names = "--queue", paramLabel = "DOCS",
            description = "Most documents waiting or being screened in each lane (default: 256, at least "
                    + "--max-batch). A request that does not fit is answered 503 with Retry-After.")
    Integer queue;

    @Option(names = "--workers", paramLabel = "N",
            description = "Screening threads for small requests (default: ${DEFAULT-VALUE}, the number of "
                    + "processors).")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-inflight-bytes", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Most request-body bytes held at once, being read, waiting or being screened (default: a "
                    + "quarter of the heap, -Xmx). A request over it: 503 with Retry-After, before its body is read "
                    + "when it declares its length.")
    Long maxInflightBytes;

    @Option(names = "--large-body", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Requests with a larger body (long texts, big batches) are screened in their own lane, "
                    + "so they never hold up short ones (default 8K).")
    long largeBody = ServerConfig.DEFAULT_LARGE_BODY_BYTES;

    @Option(names = "--large-workers", paramLabel = "N",
            description = "Screening threads of the large-request lane (default: half of --workers, at least 1).")
    int largeWorkers;

    @Option(names = "--deadline", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Per-request deadline, e.g. 10s, 500ms (default 10s). Later: 504, and the rest of the "
                    + "batch is not screened.")
    Duration deadline = ServerConfig.DEFAULT_DEADLINE;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a stop waits for requests in flight (default 30s).")
    Duration shutdownTimeout = ServerConfig.DEFAULT_SHUTDOWN_TIMEOUT;

    @Option(names = "--data", paramLabel = "DIR",
            description = "The moderation console's data folder: its database (review queue, decisions), the models "
                    + "retrained on the decisions, the pack serving the accepted one (default: ./"
                    + ConsoleConfig.DEFAULT_DATA + ", made when missing). The console is at /console.")
    Path data = Path.of(ConsoleConfig.DEFAULT_DATA);

    @Option(names = "--no-console", description = "No moderation console, no data folder: only the screening API.")
    boolean noConsole;

    @Option(names = "--queue-review", description = "Every REVIEW result POST /v1/screen returns enters the review "
            + "queue (otherwise only documents sent with \"queue\": true).")
    boolean queueReview;

    @Option(names = "--training", paramLabel = "FILE.jsonl",
            description = "Labelled JSONL trained on beside the decisions at every retraining (repeatable; e.g. "
                    + "model/training/*.jsonl of a clone). Default: the decisions alone.")
    List<Path> training = new ArrayList<>();

    @Override
    public Integer call() {
        ServerConfig config;
        try {
            ApiKeys keys = ApiKeys.load(apiKeys, System.getenv(ApiKeys.ENV));
            config = new ServerConfig(host, port, screenerOptions.settings(), !noWatch, keys, maxBody, maxBatch,
                    queue != null ? queue : Math.max(ServerConfig.DEFAULT_QUEUE_DOCUMENTS, maxBatch), workers,
                    deadline, shutdownTimeout, maxInflightBytes == null ? 0 : maxInflightBytes, largeBody,
                    largeWorkers);
        } catch (IOException e) {
            throw CliException.usage("--api-keys " + apiKeys + ": " + unreadable(apiKeys, e));
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        for (Path t : training) {
            if (!java.nio.file.Files.isRegularFile(t)) {
                throw CliException.usage("--training " + t + ": no such file");
            }
        }
        ConsoleConfig console = noConsole ? null
                : new ConsoleConfig(data, queueReview, training);
        if (noConsole && queueReview) {
            throw CliException.usage("--queue-review needs the console (leave out --no-console)");
        }
        ScreeningServer server;
        try {
            // checks the --rules paths and binds: a missing folder or a port in use is said before anything starts
            server = ScreeningServer.start(config, console);
        } catch (IllegalArgumentException | IOException e) {
            throw CliException.usage(e.getMessage());
        }
        Thread hook = new Thread(server::close, "bianwei-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            try {
                server.load();
            } catch (RulePackException e) {
                throw ScreenerOptions.packProblem(e);
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            } catch (IOException e) {
                throw CliException.usage("cannot watch the rule folders: " + e.getMessage());
            }
            onReady.accept(server);
            server.join();
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.OK;
        } finally {
            server.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is closing the server
            }
        }
    }

    /** Why a file could not be read, in words (the JDK's message is often just the path). */
    static String unreadable(Path file, IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (java.nio.file.Files.isDirectory(file)) {
            return "is a folder, not a file";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not UTF-8 text";
        }
        return "cannot read it (" + e.getMessage() + ")";
    }

    /** {@code 4M}, {@code 512K}, {@code 1G}, or plain bytes. */
    static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]i?b?|b)?");

        @Override
        public Long convert(String value) {
            Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a size (e.g. 4M, 512K, 65536)");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "b" : m.group(2).substring(0, 1);
            return switch (unit) {
                case "k" -> n << 10;
                case "m" -> n << 20;
                case "g" -> n << 30;
                default -> n;
            };
        }
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT10S}), or plain seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.startsWith("pt")) {
                try {
                    return Duration.parse(v);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is not a duration");
                }
            }
            Matcher m = DURATION.matcher(v);
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 10s, 500ms)");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }
}
