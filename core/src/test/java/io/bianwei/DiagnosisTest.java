package io.bianwei;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A HIT example whose rule did not fire says which of the rule's patterns found nothing, and why. */
class DiagnosisTest {
    @TempDir
    Path dir;

    private List<String> why(String example) throws IOException {
        Files.writeString(dir.resolve("r.drl"), """
                package ext.pseudo_science;
                import io.bianwei.facts.*;
                global io.bianwei.facts.Out out;

                rule "PS_DIAG"
                    @weight(40) @description("测试") @description_en("test")
                    @hit1("%s") @ok1("无")
                when
                    $r : Hit(list == "remedy")
                    $v : Hit(list == "cure_verb", sentence == $r.sentence, start >= $r.end)
                    $d : Hit(list == "disease", clause == $v.clause)
                    not Hit(list == "debunk", sentence == $r.sentence)
                then
                    out.emit(kcontext);
                end
                """.formatted(example));
        Screener s = TestPacks.builder().addRules(dir).build();
        RuleInfo rule = s.rules().stream().filter(r -> r.id().equals("PS_DIAG")).findFirst().orElseThrow();
        Screener.ExampleFailure f = s.pack().checkExample(rule, rule.examples().get(0)).orElseThrow();
        assertThat(f.reason()).isEqualTo("rule did not fire");
        assertThat(f.toString()).contains(String.join("; ", f.diagnosis()));
        return f.diagnosis();
    }

    @Test
    void aListWithNoHitInTheText() throws IOException {
        assertThat(why("«偏方»好")).containsExactly("pattern 2 ($v : Hit(list == \"cure_verb\", sentence == $r.sentence,"
                + " start >= $r.end)) matched nothing: no \"cure_verb\" hit in the example");
    }

    @Test
    void aJoinOnSentenceOrClauseThatTheHitsDoNotMeet() throws IOException {
        assertThat(why("«偏方»好。能根治«糖尿病»")).singleElement().asString()
                .startsWith("pattern 2 ($v : Hit(list == \"cure_verb\", sentence == $r.sentence, start >= $r.end))"
                        + " matched nothing: no \"cure_verb\" hit in the same sentence as $r ($r is in sentence 0;"
                        + " the \"cure_verb\" hits are in sentence 1)");
        assertThat(why("«偏方»能根治，«糖尿病»")).singleElement().asString()
                .startsWith("pattern 3 ($d : Hit(list == \"disease\", clause == $v.clause)) matched nothing: no"
                        + " \"disease\" hit in the same clause as $v ($v is in clause 0; the \"disease\" hits are in"
                        + " clause 1)");
    }

    @Test
    void aNotPatternThatFoundWhatItForbids() throws IOException {
        assertThat(why("辟谣：«偏方»能根治«糖尿病»")).singleElement().asString()
                .startsWith("pattern 4 (not Hit(list == \"debunk\", sentence == $r.sentence)) may have blocked it:"
                        + " \"debunk\" hit 辟谣 in sentence 0, clause 0, the sentence of $r");
    }
}
