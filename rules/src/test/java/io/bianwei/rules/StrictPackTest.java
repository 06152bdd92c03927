package io.bianwei.rules;

import io.bianwei.PackWarning;
import io.bianwei.Screener;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The default pack holds no code beyond what strict mode allows: it builds with strict(true) and warns of none. */
class StrictPackTest {
    @Test
    void theDefaultPackPassesStrictMode() {
        assertThat(DefaultPack.screener().pack().warnings()).filteredOn(w -> w.kind() == PackWarning.Kind.CODE).isEmpty();
        Screener strict = Screener.builder().strict(true).build();
        assertThat(strict.rules()).hasSameSizeAs(DefaultPack.screener().rules());
    }
}
