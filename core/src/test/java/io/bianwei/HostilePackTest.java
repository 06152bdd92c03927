package io.bianwei;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every place a pack can hide code, one pack each under {@code src/test/resources/hostile/}: each would write a file
 * named after its folder into {@code bianwei.hostile.dir} (or end the process). Strict mode refuses each with the
 * file, the line and a plain message, before anything of it runs; {@code rules check} (the warnings) shows the same.
 */
class HostilePackTest {
    private static Path marks;
    private static String before;

    @BeforeAll
    static void markerFolder() throws IOException {
        marks = Files.createTempDirectory("bianwei-hostile");
        before = System.getProperty("bianwei.hostile.dir");
        System.setProperty("bianwei.hostile.dir", marks.toString());
    }

    @AfterAll
    static void restore() throws IOException {
        if (before == null) {
            System.clearProperty("bianwei.hostile.dir");
        } else {
            System.setProperty("bianwei.hostile.dir", before);
        }
        try (var files = Files.list(marks)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(marks);
    }

    static Path pack(String name) throws URISyntaxException {
        return Path.of(HostilePackTest.class.getResource("/hostile/" + name).toURI());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            salience        | 8  | PS_SALIENCE: salience ( java.nio.file.Files.writeString
            enabled         | 8  | PS_ENABLED: enabled ( java.nio.file.Files.writeString
            duration        | 8  | PS_DURATION: duration java.nio.file.Files.writeString
            annotation      | 7  | PS_ANNOTATION: @note(java.nio.file.Files.writeString
            unicode_escape  | 11 | Java unicode escape \\u000a: Java turns it into a character
            string_escape   | 9  | Java unicode escape \\u0022
            from            | 10 | PS_FROM: from java.nio.file.Files.writeString
            accumulate      | 10 | PS_ACCUMULATE: accumulate with init/action/reverse/result runs Java code
            function        | 5  | function hidden(...) runs arbitrary Java
            global          | 4  | global java.util.List sink
            query           | 5  | query hidden: queries are not used by screening
            declared_type   | 6  | declare Hidden: field ran has the initial value java.nio.file.Files.writeString
            eval            | 10 | PS_EVAL: eval(java.nio.file.Files.writeString
            constraint_call | 10 | PS_CONSTRAINT_CALL: a condition calls java.nio.file.Files.writeString(...)
            consequence     | 11 | PS_CONSEQUENCE: consequence does more than emit findings: out.emit(kcontext, $h); java.nio
            emit_argument   | 11 | PS_EMIT_ARGUMENT: consequence does more than emit findings
            exit            | 11 | PS_EXIT: consequence does more than emit findings: out.emit(kcontext, $h); System.exit(42);
            """)
    void strictRefusesEveryHidingPlaceWithFileAndLineBeforeItRuns(String name, int line, String message)
            throws Exception {
        Path dir = pack(name);
        Path drl = dir.resolve("r.drl");
        RulePackException e = catchThrowableOfType(RulePackException.class,
                () -> TestPacks.builder().addRules(dir).strict(true).build());
        assertThat(e).as("strict build of %s", name).isNotNull();
        assertThat(e.problems()).as(e.getMessage()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(drl.toString());
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).startsWith("strict: ").contains(message);
        });
        assertThat(marks.resolve(name)).as("the pack's code never ran").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"salience", "enabled", "annotation", "unicode_escape", "from", "accumulate", "function", "eval",
            "constraint_call", "consequence", "emit_argument"})
    void withoutStrictTheCodeRunsSoThePacksAreRealThreats(String name) throws Exception {
        Path dir = pack(name);
        try {
            Screener s = TestPacks.builder().addRules(dir).build();
            s.screen("这个偏方很有名");
        } catch (RulePackException e) {
            // the code may have run while the pack compiled (an annotation) and still break the build
        }
        assertThat(marks.resolve(name)).as("%s's code ran", name).exists();
    }
}
