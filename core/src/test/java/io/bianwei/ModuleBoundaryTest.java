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

    /**
     * An embedder needs nothing but this module: no exported type mentions a type of another library in a public
     * signature (Drools' RuleContext in {@code Out.emit} once forced {@code requires transitive org.kie.api} on every
     * embedder), and the descriptor requires nothing transitively.
     */
    @Test
    void theApiMentionsNoOtherLibrarysTypes() throws Exception {
        Module core = Screener.class.getModule();
        assertThat(core.getDescriptor().requires()).noneMatch(r -> r.modifiers().contains(
                ModuleDescriptor.Requires.Modifier.TRANSITIVE) && !r.name().startsWith("java."));
        java.util.List<String> leaks = new java.util.ArrayList<>();
        java.lang.module.ModuleReference ref = ModuleLayer.boot().configuration().findModule(core.getName())
                .map(java.lang.module.ResolvedModule::reference).orElseThrow();
        try (java.lang.module.ModuleReader reader = ref.open(); var names = reader.list()) {
            for (String name : names.filter(n -> n.endsWith(".class") && !n.contains("internal/")
                    && !n.equals("module-info.class")).toList()) {
                Class<?> c = Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false,
                        Screener.class.getClassLoader());
                if (!java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
                    continue;
                }
                for (java.lang.reflect.Method m : c.getMethods()) {
                    java.util.List<Class<?>> types = new java.util.ArrayList<>(java.util.List.of(m.getParameterTypes()));
                    types.add(m.getReturnType());
                    for (Class<?> t : types) {
                        Class<?> base = t.isArray() ? t.getComponentType() : t;
                        String n = base.getName();
                        if (!base.isPrimitive() && !n.startsWith("java.") && !n.startsWith("io.bianwei.")) {
                            leaks.add(c.getSimpleName() + "." + m.getName() + " uses " + n);
                        }
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }
}
