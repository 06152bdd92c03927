package io.bianwei.quality;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExcerptsTest {
    @Test
    void headIsOneLineAndCutByCodePoints() {
        assertThat(Excerpts.head("一\n二\t\t三", 3)).isEqualTo("一 二…");
        assertThat(Excerpts.head("  𠀀𠀀𠀀  ", 3)).as("stripped, surrogate pairs whole").isEqualTo("𠀀𠀀𠀀");
        assertThat(Excerpts.head("𠀀𠀀𠀀𠀀", 2)).isEqualTo("𠀀𠀀…");
        assertThat(Excerpts.flat("a\u2028b\u2029c\u001bd")).isEqualTo("a b c d");
    }
}
