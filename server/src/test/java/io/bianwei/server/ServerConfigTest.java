package io.bianwei.server;

import io.bianwei.ScreenerSettings;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigTest {
    /** Each with… changes its own components and nothing else, and the result is checked like a new config. */
    @Test
    void eachWitherChangesOnlyItsComponents() throws Exception {
        ServerConfig d = ServerConfig.defaults();
        Map<Set<String>, UnaryOperator<ServerConfig>> withers = Map.ofEntries(
                Map.entry(Set.of("host"), c -> c.withHost("0.0.0.0")),
                Map.entry(Set.of("port"), c -> c.withPort(9)),
                Map.entry(Set.of("screener"), c -> c.withScreener(ScreenerSettings.defaults().withStrict(true))),
                Map.entry(Set.of("watchRules"), c -> c.withWatchRules(!d.watchRules())),
                Map.entry(Set.of("apiKeys"), c -> c.withApiKeys(ApiKeys.of(java.util.List.of("k-0123456789abcdef")))),
                Map.entry(Set.of("maxBodyBytes"), c -> c.withMaxBodyBytes(2048)),
                Map.entry(Set.of("maxBatch", "queueDocuments"), c -> c.withLimits(3, 7)),
                Map.entry(Set.of("workers"), c -> c.withWorkers(d.workers() + 1)),
                Map.entry(Set.of("deadline"), c -> c.withDeadline(Duration.ofSeconds(3))),
                Map.entry(Set.of("shutdownTimeout"), c -> c.withShutdownTimeout(Duration.ofSeconds(4))),
                Map.entry(Set.of("maxInflightBytes"), c -> c.withMaxInflightBytes(8L << 20)),
                Map.entry(Set.of("largeBodyBytes", "largeWorkers"), c -> c.withLargeLane(99, 5)));
        assertThat(withers).hasSize(12);
        for (var e : withers.entrySet()) {
            ServerConfig changed = e.getValue().apply(d);
            for (RecordComponent rc : ServerConfig.class.getRecordComponents()) {
                Object before = rc.getAccessor().invoke(d);
                Object after = rc.getAccessor().invoke(changed);
                assertThat(!before.equals(after)).as("%s: %s", e.getKey(), rc.getName())
                        .isEqualTo(e.getKey().contains(rc.getName()));
            }
        }
        assertThatThrownBy(() -> d.withLimits(10, 5)).hasMessageContaining("must hold at least one full batch");
    }
}
