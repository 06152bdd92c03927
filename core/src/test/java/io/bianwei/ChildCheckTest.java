package io.bianwei;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Packs given with {@code verifyInChildProcess} are compiled and their examples run in a child JVM first: pack code that
 * ends the process, never returns or runs out of memory takes the child down, and this JVM (the test's) goes on.
 */
class ChildCheckTest {
    @TempDir
    Path dir;

    static Path pack(String name) throws URISyntaxException {
        return Path.of(ChildCheckTest.class.getResource("/" + name).toURI());
    }

    private static RulePackException refused(Screener.Builder b) {
        RulePackException e = catchThrowableOfType(RulePackException.class, b::build);
        assertThat(e).as("the child check should refuse the pack").isNotNull();
        return e;
    }

    @Test
    void aPackWhoseExampleCallsSystemExitIsRefusedNamingItAndThisJvmSurvives() throws Exception {
        Path exit = pack("hostile/exit");
        RulePackException e = refused(TestPacks.builder().addRules(exit).verifyInChildProcess(true));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(exit.resolve("r.drl").toString());
            assertThat(p.line()).isEqualTo(5);
            // the first example it fires on is the test pack's own (sorted by id), which also names a remedy
            assertThat(p.message()).startsWith("PS_EXIT: the pack's code ended the check process with System.exit(42)"
                    + " while checking ").endsWith("; the pack was not loaded");
            assertThat(p.message()).containsPattern("while checking [A-Z_]+'s HIT example \"[^\"]*偏方");
        });
    }

    @Test
    void aPackThatEndsTheProcessWhileItCompilesIsRefusedToo() throws Exception {
        Files.writeString(dir.resolve("r.drl"), """
                package ext;
                import io.bianwei.facts.*;
                global io.bianwei.facts.Out out;

                rule "PS_EXIT_ON_COMPILE"
                    @category("pseudo_science") @weight(50) @description("测试") @note(java.lang.System.exit(43))
                    @hit1("«偏方»") @ok1("无")
                when
                    $h : Hit(list == "remedy")
                then
                    out.emit(kcontext, $h);
                end
                """);
        RulePackException e = refused(TestPacks.builder().addRules(dir).verifyInChildProcess(true));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).isEqualTo(
                "the pack's code ended the check process with System.exit(43) while the pack was being compiled;"
                        + " the pack was not loaded"));
    }

    @Test
    void aPackThatNeverFinishesIsKilledAtTheTimeLimit() throws Exception {
        RulePackException e = refused(TestPacks.builder().addRules(pack("child/loop"))
                .verifyInChildProcess(Duration.ofSeconds(15), 256));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("the check did not finish within its time limit of 15 s while the pack was being compiled"
                        + " (a loop in the pack's code?); the check process was killed and the pack was not loaded"));
    }

    @Test
    void aPackThatExhaustsTheChildsHeapIsRefused() throws Exception {
        Path oom = pack("child/oom");
        RulePackException e = refused(TestPacks.builder().addRules(oom).verifyInChildProcess(Duration.ofMinutes(2), 256));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(oom.resolve("r.drl").toString());
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.message()).startsWith("PS_OOM: the pack's code ran out of memory in the check process (heap"
                    + " limit 256 MB) while checking ").endsWith("; the pack was not loaded");
        });
    }

    @Test
    void aPackThatPassesInTheChildIsBuiltAndOneWhoseExamplesFailIsRefused() throws Exception {
        Screener s = TestPacks.builder().addRules(pack("child/good")).verifyInChildProcess(true).build();
        assertThat(s.screen("这个偏方").findings()).extracting(Finding::ruleId).contains("PS_GOOD");

        RulePackException e = refused(TestPacks.builder().addRules(pack("child/failing")).verifyInChildProcess(true));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .startsWith("example failed: PS_FAILING (").contains("OK \"偏方\": rule fired on an OK example"));
    }

    @Test
    void theReloadingScreenerKeepsItsPackWhenANewOneEndsTheCheckProcess() throws Exception {
        Path live = Files.createDirectories(dir.resolve("live"));
        copy(pack("child/good"), live);
        try (ReloadingScreener rs = ReloadingScreener.watch(
                () -> TestPacks.builder().addRules(live).verifyInChildProcess(true), List.of(), e -> { })) {
            String before = rs.current().rulesetVersion();
            copy(pack("hostile/exit"), live.resolve("more"));
            ReloadingScreener.ReloadEvent event = rs.reload();
            assertThat(event.swapped()).isFalse();
            assertThat(event.problems()).singleElement().asString()
                    .contains("PS_EXIT: the pack's code ended the check process with System.exit(42)");
            assertThat(rs.current().rulesetVersion()).isEqualTo(before);
            assertThat(rs.screen("这个偏方").findings()).extracting(Finding::ruleId).contains("PS_GOOD");
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
