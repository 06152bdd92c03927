package io.bianwei;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ReliabilityTest {
    private static final String HEADER = "package rel;\nimport io.bianwei.facts.*;\nglobal io.bianwei.facts.Out out;\n\n";

    @TempDir
    Path dir;

    private static String rule(String id, int weight, String when, String then) {
        return "rule \"" + id + "\"\n"
                + "    @category(\"pseudo_science\") @weight(" + weight + ")\n"
                + "    @description(\"测试\") @hit1(\"偏方\") @ok1(\"无\")\n"
                + "when\n    " + when + "\nthen\n    " + then + "\nend\n";
    }

    private static void assertSpansValid(String text, ScreeningResult r) {
        for (Finding f : r.findings()) {
            for (Span s : f.spans()) {
                // Span's constructor enforces 0 <= start < end; that the span lies in this text is what to test
                assertThat(s.end()).isLessThanOrEqualTo(text.length());
                assertThat(text.substring(s.start(), s.end())).isEqualTo(s.text());
            }
        }
    }

    @Test
    void tenMegabyteTextIsScreenedInWindowsWithExactSpans() {
        StringBuilder sb = new StringBuilder(10_100_000);
        String filler = "今天天气很好，我们去公园散步，看到很多人在锻炼身体。";
        int claims = 0;
        while (sb.length() < 9_990_000) {
            sb.append(filler);
            if (sb.length() / 3_000_000 > claims) {
                claims++;
                sb.append("这个偏方能根治糖尿病。");
            }
        }
        String text = sb.toString();
        // this test is about windows and offsets, not the time budget (2 s by default, which a loaded CI core can spend
        // on 10 MB): give the document time enough
        ScreeningResult r = TestPacks.builder().maxRuleTime(java.time.Duration.ofSeconds(60)).build().screen(text);
        assertThat(r.complete()).as("%s", r.notes()).isTrue();
        Finding cure = r.findings().stream().filter(f -> f.ruleId().equals("PS_TEST_CURE")).findFirst().orElseThrow();
        assertThat(cure.spans()).extracting(Span::text).contains("偏方", "能根治", "糖尿病");
        assertThat(cure.spans().get(cure.spans().size() - 1).start()).as("claims far into the text are found")
                .isGreaterThan(9_000_000);
        assertSpansValid(text, r);
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aTextDenseWithClaimsCostsTheDocumentBudgetNotOneBudgetPerWindow() {
        // 10 M chars of claims: 500 windows, each with more hits than a window keeps. The budgets hold for the
        // document, so it ends after the first windows, says where it stopped, and fails closed.
        String text = "这个偏方能根治糖尿病。".repeat(1_000_000);
        ScreeningResult r = TestPacks.builder().maxRuleFirings(2_000).build().screen(text);
        assertThat(r.complete()).isFalse();
        assertThat(r.notes()).anyMatch(n -> n.startsWith("text screened up to offset "));
        assertThat(r.verdict()).isNotEqualTo(Verdict.PASS);
        assertSpansValid(text, r);
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void manyShortClaimsOnOneLineEndWithinTheDocumentBudget() {
        String text = "偏方根治糖尿病，".repeat(200_000); // 1.6 M chars, one sentence
        ScreeningResult r = TestPacks.builder().maxRuleTime(Duration.ofMillis(300)).build().screen(text);
        assertThat(r.verdict()).isNotEqualTo(Verdict.PASS);
        assertSpansValid(text, r);
    }

    @Test
    void laterWindowsSeeTheFrameAndOverlapTheirNeighbourButReportEachSpanOnce() {
        String filler = "今天天气很好，我们去公园散步，看到很多人在锻炼身体。";
        String text = "这个偏方能根治糖尿病。" + filler.repeat(2_000) + "这个偏方能根治糖尿病。" + filler.repeat(10);
        ScreeningResult r = TestPacks.screener().screen(text);
        Finding cure = r.findings().stream().filter(f -> f.ruleId().equals("PS_TEST_CURE")).findFirst().orElseThrow();
        assertThat(cure.spans()).doesNotHaveDuplicates().isSorted();
        assertThat(cure.spans()).extracting(Span::start).contains(2, text.lastIndexOf("偏方"));
        assertSpansValid(text, r);
        Explanation e = TestPacks.screener().explain(text);
        assertThat(e.tokens()).extracting(t -> t.span().start()).isSorted().doesNotHaveDuplicates();
        assertThat(e.hits()).extracting(h -> h.span().start() + ":" + h.list()).doesNotHaveDuplicates();
        assertThat(e.hits()).filteredOn(h -> h.term().equals("偏方")).extracting(h -> h.span().start())
                .containsExactly(2, text.lastIndexOf("偏方"));
        for (Explanation.Token t : e.tokens()) {
            assertThat(text.substring(t.span().start(), t.span().end())).isEqualTo(t.span().text());
        }
    }

    @Test
    void textAboveTheMaximumIsTruncatedAndSaysSo() {
        Screener s = TestPacks.builder().maxTextLength(1_000).build();
        String text = "好".repeat(2_000) + "这个偏方能根治糖尿病";
        ScreeningResult r = s.screen(text);
        assertThat(r.complete()).isFalse();
        assertThat(r.notes()).singleElement().asString().contains("truncated").contains("1000");
        assertThat(r.findings()).isEmpty();
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void binaryJunkGivesACleanResult() {
        Random rnd = new Random(42);
        for (int k = 0; k < 50; k++) {
            char[] cs = new char[rnd.nextInt(5_000)];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = (char) rnd.nextInt(0x10000); // includes unpaired surrogates, controls, private use
            }
            String junk = new String(cs) + "偏方能根治糖尿病";
            ScreeningResult r = TestPacks.screener().screen(junk);
            assertSpansValid(junk, r);
        }
    }

    @Test
    void aLoopingRuleIsCutOffAndTheResultSaysSo() throws IOException {
        // a loop over facts the pack declares itself is the firing budget's to stop
        Files.writeString(dir.resolve("loop.drl"), HEADER + "declare Spin\n    n : int\nend\n"
                + rule("PS_LOOP", 5, "$s : Sentence()", "out.emit(kcontext, $s); insert(new Spin(0));")
                + rule("PS_SPIN", 1, "$n : Spin(n >= 0)", "modify($n) { setN($n.getN() + 1) };"));
        Screener s = TestPacks.builder().addRules(dir).maxRuleFirings(500).build();
        ScreeningResult r = s.screen("这个偏方能根治糖尿病");
        assertThat(r.complete()).isFalse();
        assertThat(r.notes()).anyMatch(n -> n.contains("budget of 500 firings"));
        assertThat(s.screen("今天天气很好").complete()).as("fast path: no rule runs").isTrue();
    }

    @Test
    void aRuleLoopingOverTheTextsFactsEndsAfterAFewFirings() throws IOException {
        // a loop that re-fires on the same sentence is cut by the per-sentence admission (32 matches of one rule over
        // the same sentences): the text is answered, the rule's finding stands, and the firing budget is untouched
        Files.writeString(dir.resolve("loop.drl"), HEADER
                + rule("PS_LOOP", 5, "$s : Sentence()", "out.emit(kcontext, $s); update($s);"));
        Screener s = TestPacks.builder().addRules(dir).maxRuleFirings(500).build();
        ScreeningResult r = s.screen("这个偏方能根治糖尿病");
        assertThat(r.fired("PS_LOOP")).isTrue();
        assertThat(r.notes()).noneMatch(n -> n.contains("firings"));
    }

    @Test
    void aSlowRuleSetIsHaltedByTheTimeBudget() throws IOException {
        // each firing sleeps: no CPU is spent, so the wall-clock stop (4x the budget) halts it, between two firings;
        // the rules stopped when halted, so no rule's code is held at fault
        Files.writeString(dir.resolve("slow.drl"), HEADER + "declare Spin\n    n : int\nend\n"
                + rule("PS_SLOW", 5, "$s : Sentence()", "out.emit(kcontext, $s); insert(new Spin(0));")
                + rule("PS_SLOW_SPIN", 1, "$n : Spin(n >= 0)",
                "try { Thread.sleep(20); } catch (InterruptedException e) { } modify($n) { setN($n.getN() + 1) };"));
        Screener s = TestPacks.builder().addRules(dir).maxRuleTime(Duration.ofMillis(200)).build();
        ScreeningResult r = s.screen("这个偏方能根治糖尿病");
        assertThat(r.complete()).isFalse();
        assertThat(r.notes()).anyMatch(n -> n.contains("time budget of 200 ms"));
        assertThat(s.quarantined()).isEmpty();
    }

    @Test
    void aThrowingConsequenceIsIsolatedAndReported() throws IOException {
        Files.writeString(dir.resolve("throw.drl"), HEADER
                + rule("PS_THROWS", 5, "$h : Hit(list == \"remedy\")", "throw new IllegalStateException(\"boom\");"));
        Screener s = TestPacks.builder().addRules(dir).build();
        ScreeningResult r = s.screen("这个偏方能根治糖尿病");
        assertThat(r.fired("PS_TEST_CURE")).as("the other rules still ran").isTrue();
        assertThat(r.complete()).isFalse();
        assertThat(r.notes()).anyMatch(n -> n.contains("rule PS_THROWS failed") && n.contains("boom"));
        assertThat(s.screen("这个偏方能根治糖尿病").fired("PS_TEST_CURE")).as("and the next text too").isTrue();
    }

    @Test
    void re2jHelperWorksInRulesAndBadPatternsFailTheBuild() throws IOException {
        Files.writeString(dir.resolve("re.drl"), HEADER
                + rule("PS_RE", 45, "$h : Hit(list == \"remedy\")\n    Sentence(index == $h.sentence, Re.find(\"加[v微]\\\\d{3,}\", text))",
                "out.emit(kcontext, $h);"));
        Screener s = TestPacks.builder().addRules(dir).build();
        assertThat(s.screen("偏方在此，加v12345").fired("PS_RE")).isTrue();
        assertThat(s.screen("偏方在此，加v").fired("PS_RE")).isFalse();

        Files.writeString(dir.resolve("re.drl"), HEADER
                + rule("PS_RE", 45, "$h : Hit(list == \"remedy\")\n    Sentence(Re.find(\"(unclosed\", text))",
                "out.emit(kcontext, $h);"));
        RulePackException e = org.assertj.core.api.Assertions.catchThrowableOfType(RulePackException.class,
                () -> TestPacks.builder().addRules(dir).build());
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(10);
            assertThat(p.message()).contains("invalid Re pattern");
        });
    }

    @Test
    void lintWarnsAboutBacktrackingRegexAndBusyConsequences() throws IOException {
        Files.writeString(dir.resolve("lint.drl"), HEADER
                + rule("PS_REGEX", 5, "$s : Sentence(text matches \"(a+)+b\")", "out.emit(kcontext, $s);")
                + rule("PS_BUSY", 5, "$s : Sentence()", "System.out.println(\"hi\");\n    out.emit(kcontext, $s);"));
        Screener s = TestPacks.builder().addRules(dir).build();
        assertThat(s.pack().warnings()).anySatisfy(w -> assertThat(w.toString()).contains("lint.drl:9").contains("nested quantifier"))
                .anySatisfy(w -> assertThat(w.toString()).contains("consequence does more than emit findings")
                        .contains("System.out.println"));
        assertThat(TestPacks.screener().pack().warnings()).filteredOn(w -> w.kind() != PackWarning.Kind.STYLE).isEmpty();
    }
}
