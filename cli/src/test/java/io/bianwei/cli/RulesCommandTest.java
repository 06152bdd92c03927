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
                %1$s:5: warning: PS_WRONG: @description_en (English description) is missing
                %1$s:5: warning: PS_WRONG: has 1 @ok example(s); give at least 2 near-misses
                FAIL PS_WRONG (%1$s:5) HIT "这个神药和«偏方»"
                     rule fired, but its evidence is not exactly the marked spans
                     expected: [5,7) 偏方
                     actual:   [2,4) 神药
                     marked:   "这个«神药»和偏方"
                FAILED: 1 rules, 3 examples, 1 failure(s) in %2$s; 2 warning(s)
                """.formatted(drl, dir));
    }

    @Test
    void testOnAPackThatDoesNotCompileFails() throws IOException {
        Files.writeString(dir.resolve("broken.drl"), BROKEN_DRL);
        TestCli.Run r = run("rules", "test", "--no-default", dir.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.RULES_FAILED);
        assertThat(r.out()).contains("broken.drl:").contains("does not compile");
    }

    @Test
    void aMissingFolderIsAUsageErrorAsForScreenAndAnEmptyOneIsAWarning() throws IOException {
        Path missing = dir.resolve("my-pack");
        for (String command : List.of("check", "test")) {
            TestCli.Run r = run("rules", command, missing.toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).contains(missing + ": no such rule file or folder");
        }
        assertThat(run("screen", "--rules", missing.toString(), "-t", "x").exit()).isEqualTo(ExitCodes.USAGE);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        TestCli.Run check = run("rules", "check", empty.toString());
        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).contains(empty + ": warning: holds no rule files (.drl), term lists or weights")
                .containsPattern("(?m)^WARNING: \\d+ rules \\(0 from the given DIRs\\)");
        assertThat(run("rules", "check", "--strict", empty.toString()).exit()).isEqualTo(ExitCodes.RULES_FAILED);
    }

    @Test
    void aRuleThatReusesADefaultIdIsListedAndStrictIdsRefusesIt() throws IOException {
        Path drl = dir.resolve("override.drl");
        Files.writeString(drl, HEADER.replace("package ext;", "package ext.pseudo_science;") + "rule \"PS_FOOD_CURE\"\n"
                + "    @weight(30) @description(\"测试\") @description_en(\"test\")\n"
                + "    @hit1(\"«苦瓜»很灵\") @hit2(\"«紫薯»很灵\") @ok1(\"无\") @ok2(\"没有\")\n"
                + "when\n    $h : Hit(list == \"food\")\nthen\n    out.emit(kcontext, $h);\nend\n");
        TestCli.Run check = run("rules", "check", dir.toString());
        assertThat(check.exit()).as(check.toString()).isZero();
        assertThat(check.out()).containsPattern(java.util.regex.Pattern.quote(drl + ":5: note: PS_FOOD_CURE replaces the"
                + " default pack's rule of that id (classpath:bianwei/rules/pseudo_science/cure.drl:") + "\\d+\\)")
                .contains("; 1 override(s) of default rules;");
        TestCli.Run strict = run("rules", "check", "--strict-ids", dir.toString());
        assertThat(strict.exit()).isEqualTo(ExitCodes.RULES_FAILED);
        assertThat(strict.out()).contains(drl + ":5: PS_FOOD_CURE reuses the id of the default pack's rule at")
                .contains("--strict-ids refuses overrides").contains("FAILED: ");
    }

    @Test
    void testOfAPackRunsItsOwnExamplesWithTheDefaultListsAndChecksItInTheSameRun() throws IOException {
        Files.createDirectories(dir.resolve("terms"));
        Files.writeString(dir.resolve("terms/my_tea.txt"), "神茶\n");
        Path drl = dir.resolve("tea.drl");
        Files.writeString(drl, HEADER.replace("package ext;", "package ext.pseudo_science;") + "rule \"PS_MY_TEA\"\n"
                + "    @weight(40) @description(\"测试\") @description_en(\"test\")\n"
                + "    @hit1(\"«神茶»«能»«治»«糖尿病»\") @hit2(\"«神茶»，«能»«治»«高血压»\") @ok1(\"神茶不能治糖尿病\")"
                + " @ok2(\"神茶好喝\")\n"
                + "when\n    $t : Hit(list == \"my_tea\")\n"
                + "    $m : Hit(list == \"modal\", clause == $t.clause, start >= $t.end)\n"
                + "    $v : Hit(list == \"cure_verb\", clause == $t.clause, start >= $m.end)\n"
                + "    $d : Hit(list == \"disease\", clause == $t.clause, start >= $v.end)\n"
                + "    not Hit(list == \"negation\", clause == $t.clause)\n"
                + "then\n    out.emit(kcontext);\nend\n");
        TestCli.Run r = run("rules", "test", dir.toString());
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.RULES_FAILED);
        assertThat(r.out()).contains("FAIL PS_MY_TEA (" + drl + ":5) HIT \"«神茶»，«能»«治»«高血压»\"")
                .contains("     rule did not fire\n")
                .contains("     pattern 2 ($m : Hit(list == \"modal\", clause == $t.clause, start >= $t.end)) matched"
                        + " nothing: no \"modal\" hit in the same clause as $t ($t is in clause 0; the \"modal\" hits are"
                        + " in clause 1)")
                .endsWith("FAILED: 1 rules, 4 examples, 1 failure(s) in " + dir + " (with the default pack)\n");
        TestCli.Run all = run("rules", "test", "--all", dir.toString());
        assertThat(all.out()).containsPattern("FAILED: \\d{2,} rules, \\d{3,} examples, 1 failure\\(s\\)");
    }

    @Test
    void strictRefusesCodeBeforeCompilingIt() throws IOException {
        Files.createDirectories(dir.resolve("terms"));
        Files.writeString(dir.resolve("terms/t_x.txt"), "神药\n");
        Path drl = dir.resolve("exit.drl");
        // Drools evaluates annotation values while it compiles: without strict, checking this pack would end the JVM
        Files.writeString(drl, HEADER + "rule \"PS_EXIT_ON_COMPILE\"\n"
                + "    @category(\"pseudo_science\") @weight(30) @description(\"测试\") @note(java.lang.System.exit(42))\n"
                + "    @hit1(\"«神药»\") @ok1(\"无\")\n"
                + "when\n    $h : Hit(list == \"t_x\")\nthen\n    out.emit(kcontext, $h);\nend\n");
        for (String command : List.of("check", "test")) {
            TestCli.Run r = run("rules", command, "--strict", "--no-default", dir.toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.RULES_FAILED);
            assertThat(r.out()).contains(drl + ":6: strict: PS_EXIT_ON_COMPILE: @note(java.lang.System.exit(42)) is not"
                    + " a literal: Drools evaluates annotation values as code when it compiles the pack");
        }
    }
}
