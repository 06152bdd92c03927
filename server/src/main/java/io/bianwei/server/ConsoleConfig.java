package io.bianwei.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The moderation console of a {@link ScreeningServer} ({@code /console}, the queue, decisions, retraining).
 *
 * @param dataDir     the data folder: the database ({@code bianwei.db}), the models trained here
 *                    ({@code models/}) and the pack that serves the accepted one ({@code pack/models/verdict.model})
 * @param queueReview every REVIEW result {@code POST /v1/screen} returns enters the queue (not only documents that
 *                    ask with {@code "queue": true})
 * @param training    labelled JSONL files trained on beside the decisions at every retraining (none: decisions
 *                    alone)
 */
public record ConsoleConfig(Path dataDir, boolean queueReview, List<Path> training) {
    /** The default data folder, relative to the working directory. */
    public static final String DEFAULT_DATA = "bianwei-data";

    public ConsoleConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        training = List.copyOf(training);
    }

    public static ConsoleConfig of(Path dataDir) {
        return new ConsoleConfig(dataDir, false, List.of());
    }

    public ConsoleConfig withQueueReview(boolean on) {
        return new ConsoleConfig(dataDir, on, training);
    }

    public ConsoleConfig withTraining(List<Path> files) {
        return new ConsoleConfig(dataDir, queueReview, files);
    }

    /** The pack folder the accepted model is served from. */
    public Path pack() {
        return dataDir.resolve("pack");
    }

    /** The served model file ({@code DATA/pack/models/verdict.model}). */
    public Path servedModel() {
        return pack().resolve("models").resolve("verdict.model");
    }
}
