package io.bianwei;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RulePackErrorsTest {
    private static final String HEADER = "package ext;\nimport io.bianwei.facts.*;\nglobal io.bianwei.facts.Out out;\n\n";

    @TempDir
    Path dir;

    private static String rule(String id, String category, int weight, String when) {
        return "rule \"" + id + "\"\n"
                + "    @category(\"" + category + "\") @weight(" + weight + ")\n"
                + "    @description(\"测试\") @hit1(\"偏方\") @ok1(\"无\")\n"
                + "when\n    " + when + "\nthen\n    out.emit(kcontext, $h);\nend\n";
    }

    private List<RulePackException.Problem> problems(Path path) {
        RulePackException e = catchThrowableOfType(RulePackException.class,
                () -> TestPacks.builder().addRules(path).build());
        assertThat(e).as("build should fail").isNotNull();
        return e.problems();
    }

    @Test
    void brokenDrlNamesFileAndLine() throws IOException {
        Path f = dir.resolve("broken.drl");
        Files.writeString(f, HEADER + "rule \"PS_BROKEN\"\n @category(\"pseudo_science\") @weight(5)\nwhen\n"
                + "    $h : Hit(list == \"remedy\" &&& )\nthen\n    out.emit(kcontext, $h);\nend\n");
        List<RulePackException.Problem> ps = problems(f);
        assertThat(ps).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(f.toString());
            assertThat(p.line()).isEqualTo(8);
        });
        assertThat(ps.get(0).toString()).startsWith(f + ":8: ");
    }

    @Test
    void unknownFieldInAConstraintIsReportedWithLine() throws IOException {
        Path f = dir.resolve("field.drl");
        Files.writeString(f, HEADER + rule("PS_FIELD", "pseudo_science", 5, "$h : Hit(lst == \"remedy\")"));
        assertThat(problems(f)).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(f.toString());
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.message()).contains("lst");
        });
    }

    private static String cure(String when) {
        return "rule \"PS_CURE\"\n    @category(\"pseudo_science\") @weight(40) @description(\"测试\")\n"
                + "    @hit1(\"«偏方»能根治«糖尿病»\") @ok1(\"无\")\nwhen\n" + when + "then\n    out.emit(kcontext);\nend\n";
    }

    @Test
    void anUnclosedBracketOrStringIsReportedWhereItWasOpenedOnce() throws IOException {
        Path f = dir.resolve("paren.drl");
        Files.writeString(f, HEADER + cure("    $r : Hit(list == \"remedy\"\n"           // line 9: ')' missing
                + "    $v : Hit(list == \"cure_verb\", clause == $r.clause)\n"));
        assertThat(problems(f)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.message()).startsWith("'(' opened on this line is not closed (a ')' is missing); the parser"
                    + " stopped at line 10");
        });
        Path q = dir.resolve("quote.drl");
        Files.writeString(q, HEADER + cure("    $r : Hit(list == \"remedy)\n"              // line 9: '"' missing
                + "    $v : Hit(list == \"cure_verb\", clause == $r.clause)\n"));
        assertThat(problems(q)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.message()).startsWith("a string (\") opened on this line is not closed on it");
        });
        Path e = dir.resolve("end.drl");
        Files.writeString(e, HEADER + cure("    $r : Hit(list == \"remedy\")\n").replace("end\n", ""));
        assertThat(problems(e)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).startsWith("rule PS_CURE is not closed: its 'end' is missing");
        });
    }

    @Test
    void aMisspeltFieldIsOneMessageAtItsLineInPlainWords() throws IOException {
        Path f = dir.resolve("field.drl");
        Files.writeString(f, HEADER + cure("    $r : Hit(list == \"remedy\")\n"
                + "    $v : Hit(list == \"cure_verb\", clause == $r.clauze)\n"               // line 10
                + "    $d : Hit(list == \"disease\", clause == $r.clauze)\n"                 // line 11
                + "    $s : Sentence(index == $r.sentence, strat >= 0)\n"));                 // line 12
        List<RulePackException.Problem> ps = problems(f);
        assertThat(ps).extracting(RulePackException.Problem::toString).containsExactlyInAnyOrder(
                f + ":10: Hit has no field 'clauze' (in: clause == $r.clauze); its fields: clause, end, frame, list,"
                        + " negationGap, originalEnd, originalStart, sentence, start, term, variant; also on line 11",
                f + ":12: Sentence has no field 'strat' (in: strat >= 0); its fields: end, frame, index,"
                        + " originalEnd, originalStart, question, start, text");
    }

    @Test
    void duplicateRuleIdsInOnePackAreRejected() throws IOException {
        Files.writeString(dir.resolve("a.drl"), HEADER + rule("PS_DUP", "pseudo_science", 5, "$h : Hit(list == \"remedy\")"));
        Files.writeString(dir.resolve("b.drl"), "package ext2;\nimport io.bianwei.facts.*;\nglobal io.bianwei.facts.Out out;\n"
                + rule("PS_DUP", "pseudo_science", 5, "$h : Hit(list == \"remedy\")"));
        assertThat(problems(dir)).anySatisfy(p -> {
            assertThat(p.file()).endsWith("b.drl");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("duplicate rule id PS_DUP").contains("a.drl:5");
        });
    }

    @Test
    void missingOrInvalidMetadataIsRejected() throws IOException {
        Path f = dir.resolve("meta.drl");
        Files.writeString(f, HEADER
                + "rule \"PS_NO_META\"\nwhen\n    $h : Hit(list == \"remedy\")\nthen\n    out.emit(kcontext, $h);\nend\n"
                + rule("CTX_POSITIVE", "context", 10, "$h : Hit(list == \"debunk\")")
                + rule("PS_BAD_CAT", "health", 10, "$h : Hit(list == \"remedy\")"));
        List<RulePackException.Problem> ps = problems(f);
        assertThat(ps).extracting(RulePackException.Problem::message)
                .anyMatch(m -> m.contains("PS_NO_META: @category"))
                .anyMatch(m -> m.contains("PS_NO_META: @weight"))
                .anyMatch(m -> m.contains("PS_NO_META: @description is missing"))
                .anyMatch(m -> m.contains("PS_NO_META: needs at least one @hit and one @ok"))
                .anyMatch(m -> m.contains("CTX_POSITIVE: context rules need a negative weight"))
                .anyMatch(m -> m.contains("PS_BAD_CAT: @category must be one of"));
        assertThat(ps).filteredOn(p -> p.message().startsWith("PS_NO_META")).allSatisfy(p -> assertThat(p.line()).isEqualTo(5));
    }

    @Test
    void aMissingWeightIsSaidToBeMissingWithTheRulesLine() throws IOException {
        Path f = dir.resolve("weight.drl");
        Files.writeString(f, HEADER
                + "rule \"PS_NO_WEIGHT\"\n    @description(\"测试\") @hit1(\"«偏方»\") @ok1(\"无\")\n"
                + "when\n    $h : Hit(list == \"remedy\")\nthen\n    out.emit(kcontext, $h);\nend\n"
                + rule("PS_TEXT_WEIGHT", "pseudo_science", 5, "$h : Hit(list == \"remedy\")").replace("@weight(5)",
                "@weight(\"heavy\")"));
        List<RulePackException.Problem> ps = problems(f);
        assertThat(ps).anySatisfy(p -> {
            assertThat(p.toString()).startsWith(f + ":5: PS_NO_WEIGHT: @weight is missing: give the rule a weight"
                    + " after its name, e.g. @weight(40)");
        });
        assertThat(ps).anySatisfy(p -> assertThat(p.message())
                .isEqualTo("PS_TEXT_WEIGHT: @weight must be an integer, got @weight(heavy)"));
    }

    @Test
    void thePackageGivesTheCategoryAndACategoryMayNotContradictIt() throws IOException {
        Path good = dir.resolve("good");
        Files.createDirectories(good);
        Files.writeString(good.resolve("r.drl"), "package mine.pseudo_science;\nimport io.bianwei.facts.*;\n"
                + "global io.bianwei.facts.Out out;\n\nrule \"PS_FROM_PACKAGE\"\n    @weight(50) @description(\"测试\")"
                + " @hit1(\"«偏方»\") @ok1(\"无\")\nwhen\n    Hit(list == \"remedy\")\nthen\n    out.emit(kcontext);\nend\n");
        Screener s = TestPacks.builder().addRules(good).build();
        assertThat(s.rules()).filteredOn(r -> r.id().equals("PS_FROM_PACKAGE")).singleElement()
                .satisfies(r -> assertThat(r.category()).isEqualTo(Category.PSEUDO_SCIENCE));
        assertThat(s.screen("这个偏方好").findings()).filteredOn(f -> f.ruleId().equals("PS_FROM_PACKAGE"))
                .singleElement().satisfies(f -> assertThat(f.spans()).extracting(Span::text).containsExactly("偏方"));

        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("r.drl"), "package mine.privacy_abuse;\nimport io.bianwei.facts.*;\n"
                + "global io.bianwei.facts.Out out;\n\n" + rule("PS_WRONG_PACKAGE", "pseudo_science", 50,
                "$h : Hit(list == \"remedy\")"));
        assertThat(problems(bad)).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("PS_WRONG_PACKAGE: @category(\"pseudo_science\") contradicts its package"
                    + " mine.privacy_abuse");
            assertThat(p.line()).isEqualTo(5);
        });
    }

    @Test
    void unknownTermListIsReportedWhereItIsNamed() throws IOException {
        Path f = dir.resolve("lists.drl");
        Files.writeString(f, HEADER + rule("PS_LIST", "pseudo_science", 5, "$h : Hit(list == \"no_such_list\")"));
        assertThat(problems(f)).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.message()).contains("unknown term list 'no_such_list'");
        });
    }

    @Test
    void unreadableTermListIsRejected() throws IOException {
        Files.createDirectories(dir.resolve("terms"));
        // line 1 fine (偏方), line 2 holds a lone 0xFF after two good characters
        byte[] good = "偏方\n神药".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(good, good.length + 2);
        bytes[good.length] = (byte) 0xFF;
        bytes[good.length + 1] = 0x0A;
        Files.write(dir.resolve("terms/t_bad.txt"), bytes);
        Files.writeString(dir.resolve("uses.drl"), HEADER + rule("PS_USES", "pseudo_science", 5,
                "$h : Hit(list == \"t_bad\")"));
        List<RulePackException.Problem> problems = problems(dir);
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.file()).endsWith("t_bad.txt");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("not valid UTF-8").contains("0xFF").contains("column 7");
        });
        assertThat(problems).as("no follow-on 'unknown list' for the unreadable one")
                .noneMatch(p -> p.message().contains("unknown term list 't_bad'"));
    }

    @Test
    void missingPathAndUnknownDisabledRuleAreRejected() {
        assertThat(problems(dir.resolve("nope"))).anySatisfy(p -> assertThat(p.message()).contains("no such rule file"));
        assertThatThrownBy(() -> TestPacks.builder().disableRules(List.of("PS_NOPE")).build())
                .isInstanceOf(RulePackException.class).hasMessageContaining("cannot disable unknown rule PS_NOPE");
    }

    @Test
    void anExtraRuleWithADefaultIdOverridesItAndListsMerge() throws IOException {
        Files.createDirectories(dir.resolve("terms"));
        Files.writeString(dir.resolve("terms/remedy.txt"), "神药\n");
        Files.writeString(dir.resolve("override.drl"), HEADER + "rule \"PS_TEST_CURE\"\n"
                + "    @category(\"pseudo_science\") @weight(80)\n"
                + "    @description(\"覆盖\") @hit1(\"«神药»\") @ok1(\"无\")\n"
                + "when\n    $h : Hit(list == \"remedy\")\nthen\n    out.emit(kcontext, $h);\nend\n");
        Screener s = TestPacks.builder().addRules(dir).build();
        assertThat(s.rules()).filteredOn(r -> r.id().equals("PS_TEST_CURE")).singleElement()
                .satisfies(r -> assertThat(r.weight()).isEqualTo(80));
        ScreeningResult r = s.screen("神药");
        assertThat(r.fired("PS_TEST_CURE")).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(s.screen("偏方").fired("PS_TEST_CURE")).isTrue();
        assertThat(s.rulesetVersion()).isNotEqualTo(TestPacks.screener().rulesetVersion());
    }

    @Test
    void weightsFileOverridesMetadataAndIsChecked() throws IOException {
        Files.writeString(dir.resolve("weights.txt"), "# tuned\nPS_TEST_CURE 75\n");
        Screener s = TestPacks.builder().addRules(dir).build();
        assertThat(s.screen("偏方能根治糖尿病").verdict()).isEqualTo(Verdict.BLOCK);
        Files.writeString(dir.resolve("weights.txt"), "PS_NOT_THERE 5\n");
        assertThat(problems(dir)).anySatisfy(p -> {
            assertThat(p.message()).contains("unknown rule PS_NOT_THERE");
            assertThat(p.file()).endsWith("weights.txt");
            assertThat(p.line()).isEqualTo(1);
        });
    }

    @Test
    void builderOptionsCanBeSetOnlyOnce() {
        assertThatThrownBy(() -> Screener.builder().thresholds(30, 60).thresholds(40, 70))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Screener.builder().thresholds(80, 60)).isInstanceOf(IllegalArgumentException.class);
    }
}
