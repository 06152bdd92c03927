package io.bianwei.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.json.Jsonl;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document in the jar describes exactly the routes the handler serves, with the contract's keys. */
class OpenApiTest {
    private static JsonNode doc() throws Exception {
        try (InputStream in = ScreeningServer.class.getResourceAsStream("openapi.json")) {
            return Jsonl.mapper().readTree(in);
        }
    }

    @Test
    void everyRouteAndOnlyThem() throws Exception {
        Set<String> documented = new TreeSet<>();
        doc().get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey())));
        Set<String> served = Arrays.stream(ApiHandler.Route.values()).filter(r -> r.path != null)
                .map(r -> r.method + " " + r.path).collect(Collectors.toCollection(TreeSet::new));
        served.addAll(ConsoleHandler.ROUTES);
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void theResultSchemaNamesTheContractKeys() throws Exception {
        JsonNode result = doc().at("/components/schemas/Result");
        Set<String> required = new TreeSet<>();
        result.get("required").forEach(n -> required.add(n.asText()));
        assertThat(required).containsExactlyInAnyOrder("id", "verdict", "score", "categories", "findings",
                "rulesetVersion", "complete", "elapsedMicros");
        assertThat(result.get("properties").has("error")).isTrue();
        assertThat(doc().at("/paths/~1v1~1screen/post/requestBody/content/application~1json/schema/oneOf/1/maxItems")
                .asInt()).isEqualTo(ServerConfig.DEFAULT_MAX_BATCH);
    }

    @Test
    void theExplanationSchemaNamesExactlyTheKeysOfAnExplanation() throws Exception {
        Set<String> required = new TreeSet<>();
        doc().at("/components/schemas/Explanation/required").forEach(n -> required.add(n.asText()));
        Set<String> keys = new TreeSet<>();
        io.bianwei.Screener s = Http.screener(Http.testPackSettings());
        Jsonl.explanation("祖传偏方", s.explain("祖传偏方")).fieldNames().forEachRemaining(keys::add);
        // the verdict's arithmetic is "scoring" (hand weights) or "model" (the learned verdict), never both
        assertThat(keys.remove("scoring") ^ keys.remove("model")).isTrue();
        assertThat(required).isEqualTo(keys);
        Set<String> properties = new TreeSet<>();
        doc().at("/components/schemas/Explanation/properties").fieldNames().forEachRemaining(properties::add);
        assertThat(properties).contains("scoring", "model").containsAll(required);
    }
}
