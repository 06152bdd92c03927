package io.bianwei.flink;

import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import io.bianwei.json.Jsonl;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka variant against a real KRaft broker in this JVM, on a MiniCluster at parallelism 2. */
class KafkaScreeningJobTest {
    private static final int PARALLELISM = 2;

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(() ->
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(PARALLELISM)
                    .build());

    private static final List<String> TEXTS = List.of(
            "祖传秘方三天根治糖尿病，无效退款",
            "每天喝这个排毒茶能治愈高血压",
            "辟谣：祖传秘方三天根治糖尿病？假的",
            "医生提醒：偏方不能代替正规治疗",
            "今天天气很好，我们去公园散步吧");

    private static KafkaClusterTestKit kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        // the test kit's formatter prints its bootstrap metadata to System.out: keep the build output clean
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            kafka.format();
        } finally {
            System.setOut(stdout);
        }
        kafka.startup();
        kafka.waitForReadyBrokers();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void screensATopicIntoResultAndQueueTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("posts", 2, (short) 1), new NewTopic("screened", 1, (short) 1),
                    new NewTopic("moderation", 1, (short) 1))).all().get();
        }
        Map<String, String> texts = new HashMap<>();
        Random random = new Random(7);
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        long malformedOffset;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            for (int i = 0; i < 400; i++) {
                String id = "k" + i;
                String text = TEXTS.get(random.nextInt(TEXTS.size()));
                texts.put(id, text);
                producer.send(new ProducerRecord<>("posts", i % 2, id,
                        Jsonl.write(Jsonl.mapper().createObjectNode().put("id", id).put("text", text))));
            }
            producer.send(new ProducerRecord<>("posts", 1, "tombstone", null));            // skipped
            malformedOffset = producer.send(new ProducerRecord<>("posts", 0, "bad", "{\"id\":")).get().offset();
            producer.flush();
        }

        JobConfig cfg = new JobConfig();
        cfg.mode = JobConfig.Mode.STREAMING;
        cfg.parallelism = PARALLELISM;
        cfg.checkpointInterval = Duration.ofMillis(500);
        cfg.kafkaBootstrap = kafka.bootstrapServers();
        cfg.kafkaInputTopics.add("posts");
        cfg.kafkaStartingOffsets = "earliest";
        cfg.kafkaBounded = true;                       // the backlog, then finish
        cfg.kafkaResultsTopic = "screened";
        cfg.kafkaQueueTopic = "moderation";
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScreeningJob.build(env, cfg);
        JobExecutionResult result = env.execute("bianwei test (kafka)");

        List<JsonNode> screened = consume("screened", texts.size() + 1);
        List<JsonNode> moderation = consume("moderation", 1);

        Map<String, Long> ids = screened.stream()
                .collect(Collectors.groupingBy(n -> n.get("id").asText(), Collectors.counting()));
        assertThat(ids.values()).allMatch(c -> c == 1L);
        assertThat(ids.keySet()).containsAll(texts.keySet()).hasSize(texts.size() + 1);
        JsonNode error = screened.stream().filter(n -> n.get("verdict").asText().equals("ERROR")).findFirst()
                .orElseThrow();
        assertThat(error.get("id").asText()).isEqualTo("posts-0:" + malformedOffset);

        // built after the job on purpose: Drools' compiler threads were started by the job's tasks (see
        // ScreenFunction.open), and the job's class loader is gone by now
        Screener reference = Screener.builder().build();
        List<String> expectedQueue = new ArrayList<>();
        for (JsonNode n : screened) {
            String id = n.get("id").asText();
            if (!texts.containsKey(id)) {
                continue;
            }
            ScreeningResult r = reference.screen(id, texts.get(id));
            assertThat(n.get("verdict").asText()).as(id).isEqualTo(r.verdict().name());
            if (r.verdict() != Verdict.PASS) {
                expectedQueue.add(id);
            }
        }
        assertThat(expectedQueue).isNotEmpty();
        expectedQueue.add("posts-0:" + malformedOffset); // ERROR records reach the moderators too
        assertThat(error.get(ScreenFunction.INPUT_FILE).asText()).isEqualTo("posts-0");
        assertThat(error.get(ScreenFunction.INPUT_LINE).asLong()).isEqualTo(malformedOffset);
        assertThat(moderation.stream().map(n -> n.get("id").asText()).toList())
                .containsExactlyInAnyOrderElementsOf(expectedQueue);
        assertThat(ScreeningJob.summary(result)).startsWith((texts.size() + 1) + " records:");
    }

    /** Everything in the topic, waiting until at least {@code atLeast} records have arrived (at most 30 s). */
    private static List<JsonNode> consume(String topic, int atLeast) throws Exception {
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic);
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (out.size() < atLeast || emptyPolls < 2)) {
                var records = consumer.poll(Duration.ofMillis(500));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, String> r : records) {
                    out.add(Jsonl.mapper().readTree(r.value()));
                }
            }
        }
        return out;
    }
}
