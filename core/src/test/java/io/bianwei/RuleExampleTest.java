package io.bianwei;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleExampleTest {
    @Test
    void everyMarkedSpanIsKeptInOrder() {
        RuleExample ex = RuleExample.parse(RuleExample.Kind.HIT, "这个«偏方»«能根治»«糖尿病»");
        assertThat(ex.text()).isEqualTo("这个偏方能根治糖尿病");
        assertThat(ex.marked()).extracting(Span::start, Span::end, Span::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 4, "偏方"),
                        org.assertj.core.groups.Tuple.tuple(4, 7, "能根治"),
                        org.assertj.core.groups.Tuple.tuple(7, 10, "糖尿病"));
        assertThat(ex.written()).isEqualTo("这个«偏方»«能根治»«糖尿病»");
        assertThat(RuleExample.parse(RuleExample.Kind.OK, "没有标记").marked()).isEmpty();
    }

    @Test
    void brokenMarkersAreRejectedWithTheReason() {
        assertThatThrownBy(() -> RuleExample.parse(RuleExample.Kind.HIT, "«a«b»»")).hasMessageContaining("nested");
        assertThatThrownBy(() -> RuleExample.parse(RuleExample.Kind.HIT, "a»")).hasMessageContaining("» without «");
        assertThatThrownBy(() -> RuleExample.parse(RuleExample.Kind.HIT, "«a")).hasMessageContaining("« without »");
        assertThatThrownBy(() -> RuleExample.parse(RuleExample.Kind.HIT, "a«»b")).hasMessageContaining("empty");
    }
}
