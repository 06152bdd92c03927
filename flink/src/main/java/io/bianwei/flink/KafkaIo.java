package io.bianwei.flink;

import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import io.bianwei.json.DocumentReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

/**
 * The Kafka variant's source and sinks ({@code flink-connector-kafka}). One Kafka message is one JSON record (it may
 * span lines), checked as a line of a file is ({@link DocumentReader#message}: size cap, strict UTF-8, one object);
 * its {@code file:line} is {@code topic-partition:offset}. Tombstones (null values) and blank messages are skipped.
 */
final class KafkaIo {
    static final String TRANSACTION_TIMEOUT = "transaction.timeout.ms";

    private KafkaIo() {
    }

    @SuppressWarnings("deprecation") // OffsetResetStrategy: still the only type committedOffsets(...) takes
    static KafkaSource<SourceLine> source(JobConfig cfg) {
        KafkaSourceBuilder<SourceLine> b = KafkaSource.<SourceLine>builder()
                .setBootstrapServers(cfg.kafkaBootstrap)
                .setTopics(cfg.kafkaInputTopics)
                .setGroupId(cfg.kafkaGroupId)
                .setProperties(properties(cfg))
                .setStartingOffsets(switch (cfg.kafkaStartingOffsets) {
                    case "earliest" -> OffsetsInitializer.earliest();
                    case "latest" -> OffsetsInitializer.latest();
                    default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                })
                .setDeserializer(new LineDeserializer(cfg.limits()));
        if (cfg.kafkaBounded) {
            // stop at the offsets that are the latest when the job starts: a finite job over a topic's backlog
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    static KafkaSink<String> sink(JobConfig cfg, String topic) {
        boolean exactlyOnce = cfg.kafkaExactlyOnce;
        Properties producer = properties(cfg);
        if (exactlyOnce) {
            // the sink's default (1 h) exceeds a default broker's transaction.max.timeout.ms (15 min), which refuses
            // the producer: every attempt then fails in InitProducerId and the job restarts forever
            producer.putIfAbsent(TRANSACTION_TIMEOUT, String.valueOf(Duration.ofMinutes(15).toMillis()));
        }
        var b = KafkaSink.<String>builder()
                .setBootstrapServers(cfg.kafkaBootstrap)
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE);
        if (exactlyOnce) {
            b.setTransactionalIdPrefix(cfg.kafkaTransactionalIdPrefix + "-" + topic);
        }
        return b.build();
    }

    private static Properties properties(JobConfig cfg) {
        Properties p = new Properties();
        p.putAll(cfg.kafkaProperties);
        return p;
    }

    /** Message value (UTF-8) with {@code topic-partition} as its file and the offset as its line. */
    static final class LineDeserializer implements KafkaRecordDeserializationSchema<SourceLine> {
        private static final long serialVersionUID = 1L;

        private final DocumentReader.Limits limits;

        LineDeserializer(DocumentReader.Limits limits) {
            this.limits = limits;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceLine> out) {
            if (record.value() == null || new String(record.value(), StandardCharsets.UTF_8).isBlank()) {
                return; // a tombstone or a blank message, as a blank line in a file
            }
            out.collect(SourceLine.of(DocumentReader.message(record.value(), record.topic() + "-"
                    + record.partition(), record.offset(), limits)));
        }

        @Override
        public TypeInformation<SourceLine> getProducedType() {
            return TypeInformation.of(SourceLine.class);
        }
    }
}
