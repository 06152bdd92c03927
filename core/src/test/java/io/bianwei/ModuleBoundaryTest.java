package io.bianwei;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The API boundary is the module descriptor: only the facade's package and the facts are exported. */
class ModuleBoundaryTest {
    @Test
    void onlyTheApiAndTheFactsAreExported() {
        Module core = Screener.class.getModule();
        assertThat(core.isNamed()).as("tests run on the module path").isTrue();
        ModuleDescriptor d = core.getDescriptor();
        assertThat(d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("io.bianwei", "io.bianwei.facts");
        assertThat(d.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
        assertThat(d.opens().stream().map(ModuleDescriptor.Opens::source).collect(Collectors.toSet()))
                .as("opened for Drools' reflective instantiation only").containsExactly("io.bianwei.internal.engine");
        assertThat(core.getPackages()).contains("io.bianwei.internal.pipeline", "io.bianwei.internal.text");
    }
}
