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
    void aScreenerSpecSetsTheScreenerAndItsRulesAreShippedWithTheJob() {
        JobConfig c = JobConfig.parse("--input", "i", "--output", "o", "--screener",
                "review=30,block=60,scoring=weights,rules=extra;more.drl,disable=PS_A", "--threshold", "block=90",
                "--disable", "PS_B");
        assertThat(c.rules).containsExactly("extra", "more.drl");
        assertThat(c.screener.rules()).isEmpty();
        assertThat(c.screener).isEqualTo(io.bianwei.ScreenerSpec.parse("review=30,block=90,scoring=weights,"
                + "disable=PS_A;PS_B"));
        assertThatThrownBy(() -> JobConfig.parse("--input", "i", "--output", "o", "--screener", "only=ads"))
                .hasMessage("--screener: only: unknown category 'ads' (use pseudo_science or privacy_abuse)");
        assertThatThrownBy(() -> JobConfig.parse("--input", "i", "--output", "o", "--scoring", "best"))
                .hasMessage("--scoring: use auto or weights, got 'best'");
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
        Files.writeString(tmp.resolve(ScreeningJob.SUCCESS), "1 records: ...\n");
        assertThat(ScreeningJob.prepareOutput(out, false)).contains("already has results (_SUCCESS)");
        assertThat(ScreeningJob.prepareOutput(out, true)).isNull();
        assertThat(tmp.resolve(ScreeningJob.SUCCESS)).as("a stale marker must not vouch for new output").doesNotExist();
    }

    @Test
    void readingOptions() {
        JobConfig c = JobConfig.parse("--input", "in", "--output", "out", "--follow", "--max-record-bytes", "2m");
        assertThat(c.follow).isTrue();
        assertThat(c.limits().maxRecordBytes()).isEqualTo(2 << 20);
        assertThat(c.limits().maxTextChars()).isEqualTo(ScreenerSettings.DEFAULT_MAX_TEXT_LENGTH);
        assertThat(JobConfig.parse("--input", "in", "--output", "out").limits())
                .isEqualTo(io.bianwei.json.DocumentReader.Limits.defaults());
        assertThatThrownBy(() -> JobConfig.parse("--input", "in", "--output", "o", "--max-record-bytes", "lots"))
                .hasMessageContaining("--max-record-bytes");
    }

    /** The CLI's folder rules: document files only, hidden names skipped, links and FIFOs not followed or opened. */
    @Test
    void folderEnumerationFollowsTheClisRules(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("o.jsonl"), "{}\n");
        Files.writeString(in.resolve("a.jsonl"), "{}\n");
        Files.writeString(in.resolve("b.txt"), "x");
        Files.writeString(in.resolve("c.jsonl.gz"), "");
        Files.writeString(in.resolve("notes.md"), "x");
        Files.writeString(in.resolve("_SUCCESS"), "");
        Files.writeString(in.resolve(".x.jsonl"), "");
        Files.createSymbolicLink(in.resolve("out.jsonl"), outside.resolve("o.jsonl"));
        Files.createSymbolicLink(in.resolve("in.jsonl"), in.resolve("a.jsonl"));
        Files.createSymbolicLink(in.resolve("gone.jsonl"), in.resolve("nothing"));
        assertThat(new ProcessBuilder("mkfifo", in.resolve("pipe.jsonl").toString()).start().waitFor()).isZero();
        DocumentFiles files = new DocumentFiles(java.util.List.of(in.toString()), false);
        java.util.function.Predicate<String> read = n -> files.test(new org.apache.flink.core.fs.Path(in.resolve(n).toString()));
        assertThat(files.test(new org.apache.flink.core.fs.Path(in.toString()))).as("the input itself").isTrue();
        assertThat(java.util.List.of("a.jsonl", "b.txt", "c.jsonl.gz")).allMatch(read);
        assertThat(java.util.List.of("notes.md", "_SUCCESS", ".x.jsonl", "out.jsonl", "in.jsonl", "gone.jsonl",
                "pipe.jsonl")).noneMatch(read);
        DocumentFiles follow = new DocumentFiles(java.util.List.of(in.toString()), true);
        assertThat(follow.test(new org.apache.flink.core.fs.Path(in.resolve("out.jsonl").toString()))).isTrue();
        assertThat(follow.test(new org.apache.flink.core.fs.Path(in.resolve("in.jsonl").toString())))
                .as("read once, in its own place").isFalse();
        assertThat(new DocumentFiles(java.util.List.of(in.resolve("notes.md").toString()), false)
                .test(new org.apache.flink.core.fs.Path(in.resolve("notes.md").toString())))
                .as("a file given as --input is read, whatever its name").isTrue();
    }

    /** A restored reader skips the records emitted before the checkpoint. */
    @Test
    void aRestoredReaderResumesAfterTheRecordsAlreadyEmitted(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("r.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 600; i++) {
            sb.append("{\"id\":\"").append(i).append("\",\"text\":\"x\"}\n");
        }
        Files.writeString(f, sb);
        DocumentFormat format = new DocumentFormat(io.bianwei.json.DocumentReader.Limits.defaults());
        org.apache.flink.connector.file.src.FileSourceSplit split = new org.apache.flink.connector.file.src.FileSourceSplit(
                "0", new org.apache.flink.core.fs.Path(f.toString()), 0, Files.size(f), 0, Files.size(f));
        java.util.List<Long> lines = new java.util.ArrayList<>();
        long[] lastSkip = {0};
        var reader = format.createReader(new org.apache.flink.configuration.Configuration(), split);
        var batch = reader.readBatch();
        for (var r = batch.next(); r != null; r = batch.next()) {
            lines.add(r.getRecord().line);
            lastSkip[0] = r.getRecordSkipCount();
        }
        reader.close();
        assertThat(lines).hasSize(256).startsWith(1L);
        var restored = format.restoreReader(new org.apache.flink.configuration.Configuration(),
                split.updateWithCheckpointedPosition(new org.apache.flink.connector.file.src.util.CheckpointedPosition(
                        org.apache.flink.connector.file.src.util.CheckpointedPosition.NO_OFFSET, lastSkip[0])));
        var next = restored.readBatch().next();
        assertThat(next.getRecord().line).isEqualTo(257);
        assertThat(next.getRecordSkipCount()).isEqualTo(257);
        restored.close();
    }

    @Test
    void sourceLinesAreFlinkPojosNotKryo() {
        assertThat(TypeInformation.of(SourceLine.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(new SourceLine("/in/a.jsonl", 3, "{}").where()).isEqualTo("/in/a.jsonl:3");
        io.bianwei.json.RawRecord text = new io.bianwei.json.RawRecord("/in/b.txt", 1, io.bianwei.json.Layout.TEXT,
                "全文", null);
        assertThat(SourceLine.of(text).toRaw()).isEqualTo(text);
        assertThat(SourceLine.of(text).where()).isEqualTo("/in/b.txt");
    }

    @Test
    void filesAreNamedByPathOrUri() {
        assertThat(DocumentFormat.describe(new org.apache.flink.core.fs.Path("file:/in/a.jsonl")))
                .isEqualTo("/in/a.jsonl");
        assertThat(DocumentFormat.describe(new org.apache.flink.core.fs.Path("/in/a.jsonl"))).isEqualTo("/in/a.jsonl");
        assertThat(DocumentFormat.describe(new org.apache.flink.core.fs.Path("s3://b/in/a.jsonl")))
                .isEqualTo("s3://b/in/a.jsonl");
    }
}
