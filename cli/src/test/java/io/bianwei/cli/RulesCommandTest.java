package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.bianwei.cli.TestCli.run;
import static io.bianwei.cli.TestCli.tp;
import static org.assertj.core.api.Assertions.assertThat;

class RulesCommandTest {
    static final String HEADER = "package ext;\nimport io.bianwei.facts.*;\nglobal io.bianwei.facts.Out out;\n\n";

    /** A syntax error on line 8 (give it a terms/remedy.txt). */
    static final String BROKEN_DRL = HEADER + "rule \"PS_BROKEN\"\n @category(\"pseudo_science\") @weight(5)\nwhen\n"
            + "    $h : Hit(list == \"remedy\" &&& )\nthen\n    out.emit(kcontext, $h);\nend\n";

    @TempDir
    Path dir;

    private static List<String> ruleIds(JsonNode doc) {
        List<String> ids = new ArrayList<>();
        doc.get("rules").forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }

    @Test
    void listShowsTheDefaultRulesAsTextAndJson() {
        TestCli.Run text = run("rules", "list");
        assertThat(text.exit()).isZero();
        assertThat(text.out().lines().findFirst()).hasValueSatisfying(h ->
                assertThat(h).matches("ID +CATEGORY +WEIGHT +DESCRIPTION"));
        assertThat(text.out()).containsPattern("(?m)^PS_CURE_CLAIM +pseudo_science +\\+\\d+ +\\S")
                .containsPattern("(?m)^CTX_DEBUNK +context +-\\d+ +\\S");

        JsonNode doc = run("rules", "list", "--format", "json").json();
        assertThat(doc.get("rulesetVersion").asText()).isNotBlank();
        assertThat(ruleIds(doc)).contains("PS_CURE_CLAIM", "CTX_DEBUNK");
        doc.get("rules").forEach(r -> {
            assertThat(r.get("category").asText()).isIn("pseudo_science", "privacy_abuse", "context");
            assertThat(r.get("weight").asInt()).isNotZero();
            assertThat(r.get("description").asText()).isNotBlank();
            assertThat(r.get("source").asText()).contains(":");
            assertThat(r.get("examples")).isNotEmpty();
        });
    }

    @Test
    void listTakesTheCommonOptions() {
        JsonNode doc = run(tp("rules list", "--format", "json", "--disable", "PS_T_REMEDY")).json();
        assertThat(ruleIds(doc)).containsExactly("CTX_T_DEBUNK", "PA_T_SPY", "PS_T_REMEDY");
        assertThat(doc.get("rules").get(2).get("enabled").asBoolean()).isFalse();
        assertThat(doc.get("rules").get(1).get("weight").asInt()).isEqualTo(80);
        JsonNode ex = doc.get("rules").get(1).get("examples").get(0);
        assertThat(ex.get("kind").asText()).isEqualTo("HIT");
        assertThat(ex.get("span").get("text").asText()).isEqualTo("开房记录");
        TestCli.Run text = run(tp("rules list", "--disable", "PS_T_REMEDY"));
        assertThat(text.out()).contains("[disabled]").contains("3 rules (1 disabled)");
    }

    @Test
    void checkPassesOnTheDefaultPackAndOnAGoodPackWithIt() {
        TestCli.Run def = run("rules", "check");
        assertThat(def.exit()).as(def.toString()).isZero();
        assertThat(def.out()).contains("OK: ").contains("in the default pack");
        TestCli.Run both = run("rules", "check", TestCli.testPack().toString());
        assertThat(both.exit()).as(both.toString()).isZero();
        assertThat(both.out()).contains("(3 from the given DIRs)").contains("0 warning(s) in 3 linted rule(s)");
    }

    @Test
    void checkWarnsAboutBacktrackingRegexAndConsequencesThatDoMoreThanEmit() throws IOException {
        Files.createDirectories(dir.resolve("terms"));
        Files.writeString(dir.resolve("terms/remedy.txt"), "神药\n");
        Files.writeString(dir.resolve("risky.drl"), HEADER + "rule \"PS_RISKY\"\n"
                + "    @category(\"pseudo_science\") @weight(5) @description(\"测试\") @description_en(\"test\")\n"
                + "    @hit1(\"«神药»\") @hit2(\"«神药»aab\") @ok1(\"无\") @ok2(\"没有\")\n"
                + "when\n    $h : Hit(list == \"remedy\")\n    Sentence(text matches \"(a+)+b\")\n"
                + "then\n    System.exit(1);\n    out.emit(kcontext, $h);\nend\n");
        TestCli.Run check = run("rules", "check", "--no-default", dir.toString());
        assertThat(check.out()).contains("risky.drl:10: warning: PS_RISKY: 'matches").contains("nested quantifier")
                .contains("warning: PS_RISKY: consequence does more than emit findings: System.exit(1);");
        assertThat(check.exit()).isZero();
        assertThat(run("rules", "check", "--no-default", "--strict", dir.toString()).exit()).isEqualTo(ExitCodes.RULES_FAILED);
    }

    @Test
    void checkOnABrokenDrlNamesFileAndLineAndExitsFive() throws IOException {
        Files.createDirectories(dir.resolve("terms"));
        Files.writeString(dir.resolve("terms/remedy.txt"), "神药\n");
        Path drl = dir.resolve("broken.drl");
        Files.writeString(drl, BROKEN_DRL);
        TestCli.Run r = run("rules", "check", "--no-default", dir.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.RULES_FAILED);
        assertThat(r.out()).contains(drl + ":8: ").contains("FAILED: ");
        assertThat(run("rules", "check", dir.toString()).out()).as("with the default pack too").contains(drl + ":8: ");
    }

    @Test
    void checkReportsMetadataProblemsWithTheirLine() throws IOException {
        Files.createDirectories(dir.resolve("terms"));
        Files.writeString(dir.resolve("terms/t_x.txt"), "神药\n");
        Path drl = dir.resolve("meta.drl");
        Files.writeString(drl, HEADER + "rule \"PS_NO_META\"\nwhen\n    $h : Hit(list == \"t_x\")\nthen\n"
                + "    out.emit(kcontext, $h);\nend\n");
        TestCli.Run r = run("rules", "check", "--no-default", dir.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.RULES_FAILED);
        assertThat(r.out()).contains(drl + ":5: PS_NO_META: @category").contains(drl + ":5: PS_NO_META: @weight");
    }

    @Test
    void checkLintsStyleAsWarningsAndStrictMakesThemErrors() throws IOException {
        Files.createDirectories(dir.resolve("terms"));
        Files.writeString(dir.resolve("terms/t_x.txt"), "神药\n");
        Path drl = dir.resolve("style.drl");
        Files.writeString(drl, HEADER + "rule \"X_REMEDY\"\n"
                + "    @category(\"pseudo_science\") @weight(30) @description(\"测试\")\n"
                + "    @hit1(\"神药\") @ok1(\"好\")\n"
                + "when\n    $h : Hit(list == \"t_x\")\nthen\n    out.emit(kcontext, $h);\nend\n");
        TestCli.Run r = run("rules", "check", "--no-default", dir.toString());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains(drl + ":5: warning: X_REMEDY: ids of pseudo_science rules start with PS_")
                .contains("@description_en").contains("has 1 @hit example(s)").contains("has 1 @ok example(s)")
                .contains("does not mark its evidence");
        assertThat(run("rules", "check", "--strict", "--no-default", dir.toString()).exit())
                .isEqualTo(ExitCodes.RULES_FAILED);
        assertThat(run("rules", "check", "--no-default").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void testRunsEveryRulesExamples() {
        TestCli.Run def = run("rules", "test");
        assertThat(def.exit()).as(def.toString()).isZero();
        assertThat(def.out()).startsWith("OK: ");
        TestCli.Run pack = run("rules", "test", "--no-default", TestCli.testPack().toString());
        assertThat(pack.exit()).as(pack.toString()).isZero();
        assertThat(pack.out()).isEqualTo("OK: 3 rules, 12 examples, 0 failure(s) in " + TestCli.testPack() + "\n");
    }

    @Test
    void testPrintsFailuresWithExpectedAndActualSpans() throws IOException {
        Files.createDirectories(dir.resolve("terms"));
        Files.writeString(dir.resolve("terms/t_y.txt"), "#@ boundary: loose\n神药\n偏方\n");
        Path drl = dir.resolve("wrong.drl");
        Files.writeString(drl, HEADER + "rule \"PS_WRONG\"\n"
                + "    @category(\"pseudo_science\") @weight(30) @description(\"测试\")\n"
                + "    @hit1(\"这个神药和«偏方»\") @hit2(\"«神药»\") @ok1(\"偏方\")\n"
                + "when\n    $h : Hit(list == \"t_y\", term == \"神药\")\nthen\n    out.emit(kcontext, $h);\nend\n");
        TestCli.Run r = run("rules", "test", "--no-default", dir.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.RULES_FAILED);
        assertThat(r.out()).isEqualTo("""
                FAIL PS_WRONG (%1$s:5) HIT "这个神药和«偏方»"
                     rule fired, but its evidence is not exactly the marked spans
                     expected: [5,7) 偏方
                     actual:   [2,4) 神药
                     marked:   "这个«神药»和偏方"
                FAILED: 1 rules, 3 examples, 1 failure(s) in %2$s
                """.formatted(drl, dir));
    }

    @Test
    void testOnAPackThatDoesNotCompileFails() throws IOException {
        Files.writeString(dir.resolve("broken.drl"), BROKEN_DRL);
        TestCli.Run r = run("rules", "test", "--no-default", dir.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.RULES_FAILED);
        assertThat(r.out()).contains("broken.drl:").contains("does not compile");
    }
}
