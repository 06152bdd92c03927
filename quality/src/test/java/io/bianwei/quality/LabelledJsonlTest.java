package io.bianwei.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.json.InputRecord;
import io.bianwei.json.Jsonl;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading labelled JSONL: src/test/resources/eval/labelled.jsonl has 12 good lines, a malformed one and one without label. */
class LabelledJsonlTest {
    private static final Path LABELLED = Packs.resource("/eval/labelled.jsonl");

    /** The file read line by line with the JSONL contract, lines without a label left out: the reference. */
    private static List<Sample> byHand() throws IOException {
        List<Sample> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(LABELLED)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            InputRecord r = InputRecord.parseJsonl(line, "id", "text", "labelled.jsonl:" + lineNo);
            if (r.isError() || !r.extra().containsKey("label")) {
                continue;
            }
            out.add(new Sample(r.id(), r.text(), Label.parse(r.extra().get("label").asText()),
                    r.extra().containsKey("category") ? r.extra().get("category").asText() : null));
        }
        return out;
    }

    @Test
    void readsSamplesAndNamesTheFailures() throws IOException {
        LabelledJsonl.Read read = LabelledJsonl.read(LABELLED, LabelledJsonl.Fields.defaults());
        assertThat(read.samples()).hasSize(12).isEqualTo(byHand());
        assertThat(read.samples()).filteredOn(s -> s.id().equals("f7")).singleElement()
                .satisfies(s -> assertThat(s.label()).as("labels in any case").isEqualTo(Label.FLAG));
        assertThat(read.samples()).filteredOn(s -> s.id().equals("o4")).singleElement()
                .satisfies(s -> assertThat(s.category()).isNull());
        assertThat(read.failures()).hasSize(2);
        assertThat(read.failures().get(0).error()).startsWith(LABELLED + ":10: broken JSON");
        assertThat(read.failures().get(1).id()).isEqualTo("nolabel");
        assertThat(read.failures().get(1).error()).isEqualTo("nolabel: 'label' must be flag or ok, got nothing");
    }

    @Test
    void otherFieldNamesAndBadLabels() {
        LabelledJsonl.Fields f = new LabelledJsonl.Fields("uid", "body", "verdict", "topic");
        InputRecord ok = LabelledJsonl.withLabel(InputRecord.parseJsonl(
                "{\"uid\":7,\"body\":\"神药\",\"verdict\":\" Ok \",\"topic\":3}", "uid", "body", "x:1"), f);
        assertThat(ok.isError()).isFalse();
        assertThat(LabelledJsonl.sample(ok, f)).isEqualTo(new Sample("7", "神药", Label.OK, "3"));
        InputRecord numeric = LabelledJsonl.withLabel(InputRecord.parseJsonl(
                "{\"uid\":\"a\",\"body\":\"神药\",\"verdict\":1}", "uid", "body", "x:2"), f);
        assertThat(numeric.error()).isEqualTo("a: 'verdict' must be flag or ok, got 1");
        InputRecord spam = LabelledJsonl.withLabel(InputRecord.parseJsonl(
                "{\"uid\":\"b\",\"body\":\"神药\",\"verdict\":\"spam\"}", "uid", "body", "x:3"), f);
        assertThat(spam.error()).isEqualTo("b: 'verdict' must be flag or ok, got \"spam\"");
        InputRecord unreadable = InputRecord.parseJsonl("{", "uid", "body", "x:4");
        assertThat(LabelledJsonl.withLabel(unreadable, f)).isSameAs(unreadable);
        assertThatThrownBy(() -> LabelledJsonl.sample(unreadable, f)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The sample corpus of seeds/: every line has id, text, label and category. */
    @Test
    void theSeedSamplesAreAWellFormedLabelledFile() throws IOException {
        Path samples = Path.of("../seeds/samples.jsonl");
        List<String> lines = Files.readAllLines(samples).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(25);
        Set<String> ids = new HashSet<>();
        int flag = 0;
        for (String line : lines) {
            JsonNode n = Jsonl.mapper().readTree(line);
            assertThat(ids.add(n.get("id").asText())).as("unique id %s", n.get("id")).isTrue();
            assertThat(n.get("text").asText()).isNotBlank();
            assertThat(n.get("label").asText()).isIn("flag", "ok");
            assertThat(n.get("category").asText()).isNotBlank();
            flag += n.get("label").asText().equals("flag") ? 1 : 0;
        }
        assertThat(flag).as("both kinds").isBetween(lines.size() / 4, lines.size() * 3 / 4);
        LabelledJsonl.Read read = LabelledJsonl.read(samples, LabelledJsonl.Fields.defaults());
        assertThat(read.samples()).hasSize(lines.size());
        assertThat(read.failures()).isEmpty();
    }
}
