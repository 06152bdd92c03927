package io.bianwei.flink;

import io.bianwei.ScreenerSettings;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command line and the small pieces around the job, without a cluster. */
class JobConfigTest {
    @Test
    void defaults() {
        JobConfig c = JobConfig.parse("--input", "in", "--output", "out");
        assertThat(c.inputs).containsExactly("in");
        assertThat(c.output).isEqualTo("out");
        assertThat(c.mode).isEqualTo(JobConfig.Mode.BATCH);
        assertThat(c.idField).isEqualTo("id");
        assertThat(c.textField).isEqualTo("text");
        assertThat(c.screener.defaultRules()).isTrue();
        assertThat(c.screener.review()).isEqualTo(ScreenerSettings.DEFAULT_REVIEW);
        assertThat(c.screener).as("the library's defaults").isEqualTo(ScreenerSettings.defaults());
        assertThat(c.parallelism).isEqualTo(-1);
        assertThat(c.overwrite).isFalse();
    }

    @Test
    void everyOption() {
        JobConfig c = JobConfig.parse("--input", "a", "--input=b", "--output", "o", "--mode", "streaming",
                "--monitor-interval", "500ms", "--checkpoint-interval", "1min", "--rules", "r1", "--rules", "r2",
                "--no-default", "--threshold", "review=30,block=60", "--only", "pseudo_science",
                "--disable", "PS_A, PS_B", "--id-field", "uid", "--text-field", "body", "--parallelism", "4",
                "--job-name", "j", "--overwrite");
        assertThat(c.inputs).containsExactly("a", "b");
        assertThat(c.mode).isEqualTo(JobConfig.Mode.STREAMING);
        assertThat(c.monitorInterval).isEqualTo(Duration.ofMillis(500));
        assertThat(c.checkpointInterval).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.rules).containsExactly("r1", "r2");
        assertThat(c.screener.defaultRules()).isFalse();
        assertThat(c.screener.review()).isEqualTo(30);
        assertThat(c.screener.block()).isEqualTo(60);
        assertThat(c.screener.only()).containsExactly("pseudo_science");
        assertThat(c.screener.disable()).containsExactly("PS_A", "PS_B");
        assertThat(c.screener.rules()).as("rule folders are shipped apart").isEmpty();
        assertThat(c.idField).isEqualTo("uid");
        assertThat(c.textField).isEqualTo("body");
        assertThat(c.parallelism).isEqualTo(4);
        assertThat(c.jobName).isEqualTo("j");
        assertThat(c.overwrite).isTrue();
    }

    /** Repeated --threshold options combine, a later key winning; review ≤ block is checked on the result. */
    @Test
    void thresholdOptionsCombine() {
        JobConfig c = JobConfig.parse("--input", "i", "--output", "o", "--threshold", "review=80", "--threshold",
                "block=90");
        assertThat(c.screener.review()).isEqualTo(80);
        assertThat(c.screener.block()).isEqualTo(90);
        ScreenerSettings later = JobConfig.parse("--input", "i", "--output", "o", "--threshold", "review=20,block=30",
                "--threshold", "review=25").screener;
        assertThat(later.review()).isEqualTo(25);
        assertThat(later.block()).isEqualTo(30);
    }

    /** The settings travel to the TaskManagers inside the ScreenFunction: Java serialisation keeps them whole. */
    @Test
    void settingsSurviveJavaSerialisation() throws Exception {
        ScreenerSettings s = JobConfig.parse("--input", "i", "--output", "o", "--threshold", "review=30",
                "--only", "privacy_abuse", "--disable", "PA_X").screener;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(s);
        }
    }

    @Test
    void kafkaOptions() {
        JobConfig c = JobConfig.parse("--kafka-bootstrap", "k:9092", "--kafka-input-topic", "posts,comments",
                "--kafka-results-topic", "screened", "--kafka-queue-topic", "moderation", "--mode", "streaming",
                "--kafka-delivery", "exactly-once", "--kafka-property", "security.protocol=SSL",
                "--kafka-starting-offsets", "latest");
        assertThat(c.kafkaInput()).isTrue();
        assertThat(c.kafkaInputTopics).containsExactly("posts", "comments");
        assertThat(c.kafkaExactlyOnce).isTrue();
        assertThat(c.kafkaProperties).containsEntry("security.protocol", "SSL");
        assertThat(c.kafkaStartingOffsets).isEqualTo("latest");
        assertThat(c.output).isNull();
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> JobConfig.parse("--output", "o")).hasMessageContaining("--input");
        assertThatThrownBy(() -> JobConfig.parse("--input", "i")).hasMessageContaining("--output");
        assertThatThrownBy(() -> JobConfig.parse("--input", "i", "--output", "o", "--bogus", "x"))
                .hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> JobConfig.parse("--input", "i", "--output", "o", "--threshold", "review=80"))
                .hasMessageContaining("review (80) must not be above block (70)");
        assertThatThrownBy(() -> JobConfig.parse("--input", "i", "--output", "o", "--threshold", "warn=3"))
                .hasMessageContaining("unknown key 'warn'");
        assertThatThrownBy(() -> JobConfig.parse("--input", "i", "--output", "o", "--threshold", "review"))
                .hasMessage("--threshold: expected review=N,block=M, got 'review'");
        assertThatThrownBy(() -> JobConfig.parse("--input", "i", "--output", "o", "--threshold", "review=abc"))
                .hasMessage("--threshold: 'abc' is not a whole number");
        assertThatThrownBy(() -> JobConfig.parse("--input", "i", "--output", "o", "--only", "health"))
                .hasMessageStartingWith("--only: unknown category 'health'");
        assertThatThrownBy(() -> JobConfig.parse("--input", "i", "--output", "o", "--mode", "micro"))
                .hasMessageContaining("batch or streaming");
        assertThatThrownBy(() -> JobConfig.parse("--input", "i", "--output", "o", "--monitor-interval", "soon"))
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> JobConfig.parse("--input", "i", "--output", "o", "--no-default"))
                .hasMessageContaining("--no-default needs");
        assertThatThrownBy(() -> JobConfig.parse("--kafka-input-topic", "t", "--output", "o"))
                .hasMessageContaining("--kafka-bootstrap");
        assertThatThrownBy(() -> JobConfig.parse("--kafka-bootstrap", "k:1", "--kafka-input-topic", "t",
                "--output", "o")).hasMessageContaining("--kafka-bounded");
        assertThatThrownBy(() -> JobConfig.parse("--input", "i", "--kafka-bootstrap", "k:1",
                "--kafka-results-topic", "r")).hasMessageContaining("--kafka-queue-topic");
        assertThatThrownBy(() -> JobConfig.parse("--input", "i", "--output")).hasMessageContaining("needs a value");
        assertThat(JobConfig.parse("--help").help).isTrue();
    }

    @Test
    void localPathsBecomeAbsoluteUrisStay() {
        String local = JobConfig.qualify("in/x.jsonl");
        assertThat(Path.of(local).isAbsolute()).isTrue();
        assertThat(local).endsWith("/in/x.jsonl");
        assertThat(JobConfig.qualify("s3://bucket/in")).isEqualTo("s3://bucket/in");
        assertThat(JobConfig.qualify("file:///data/in")).isEqualTo("file:///data/in");
        assertThat(JobConfig.qualify("/data/../in")).isEqualTo("/in");
    }

    @Test
    void batchOutputIsNotMixedWithOldResults(@TempDir Path tmp) throws Exception {
        String out = tmp.toString();
        assertThat(ScreeningJob.prepareOutput(out, false)).isNull();
        Files.createDirectories(tmp.resolve("results"));
        assertThat(ScreeningJob.prepareOutput(out, false)).isNull();          // empty is fine
        Files.writeString(tmp.resolve("results/part-1.jsonl"), "{}\n");
        assertThat(ScreeningJob.prepareOutput(out, false)).contains("already has results");
        assertThat(ScreeningJob.prepareOutput(out, true)).isNull();
        assertThat(tmp.resolve("results")).doesNotExist();
    }

    @Test
    void sourceLinesAreFlinkPojosNotKryo() {
        assertThat(TypeInformation.of(SourceLine.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(new SourceLine("/in/a.jsonl", 3, "{}").where()).isEqualTo("/in/a.jsonl:3");
    }

    @Test
    void filesAreNamedByPathOrUri() {
        assertThat(JsonlLineFormat.describe(new org.apache.flink.core.fs.Path("file:/in/a.jsonl")))
                .isEqualTo("/in/a.jsonl");
        assertThat(JsonlLineFormat.describe(new org.apache.flink.core.fs.Path("/in/a.jsonl"))).isEqualTo("/in/a.jsonl");
        assertThat(JsonlLineFormat.describe(new org.apache.flink.core.fs.Path("s3://b/in/a.jsonl")))
                .isEqualTo("s3://b/in/a.jsonl");
    }
}
