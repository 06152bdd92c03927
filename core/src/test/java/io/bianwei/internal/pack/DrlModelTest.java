package io.bianwei.internal.pack;

import io.bianwei.internal.text.Source;
import io.bianwei.PackWarning;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DrlModelTest {
    private static final String HEAD = "package bianwei.pseudo_science;\nimport io.bianwei.facts.*;\n"
            + "global io.bianwei.facts.Out out;\n"; // 3 lines

    private static DrlModel.FileModel parse(String body) {
        return DrlModel.parse(new Source("t.drl", HEAD + body));
    }

    private static Map<String, List<Set<String>>> requirements(DrlModel.FileModel f) {
        return f.rules().stream().collect(Collectors.toMap(DrlModel.Rule::name,
                r -> r.requirements() == null ? List.of(Set.of("<any>")) : r.requirements()));
    }

    @Test
    void requirementsComeFromPositiveHitPatternsOnly() {
        DrlModel.FileModel f = parse("""
                rule "A"
                when
                    $r : Hit(list == "remedy")
                    $v : Hit(list == "cure" || list == "modal", sentence == $r.sentence)
                    not Hit(list == "negation", sentence == $r.sentence)
                    exists Hit(list == "debunk")
                then
                    out.emit(kcontext);
                end
                rule "B"
                when
                    $x : Hit(list in ("a", "b"))
                    Doc(count("c") >= 2)
                then
                    out.emit(kcontext, $x);
                end
                rule "C"
                when
                    $c : Claim()
                    $h : Hit(list == "debunk")
                then
                    out.emit(kcontext, $c, $h);
                end
                rule "D"
                when
                    $s : Sentence(question)
                then
                    out.emit(kcontext, $s);
                end
                rule "E"
                when
                    ( Hit(list == "a") or Hit(list == "b") )
                    $h : Hit(frame)
                then
                    out.emit(kcontext, $h);
                end
                """);
        assertThat(f.errors()).isEmpty();
        assertThat(f.packageName()).isEqualTo("bianwei.pseudo_science");
        Map<String, List<Set<String>>> req = requirements(f);
        assertThat(req.get("A")).containsExactly(Set.of("remedy"), Set.of("cure", "modal"));
        assertThat(req.get("B")).containsExactly(Set.of("a", "b"));
        assertThat(req.get("C")).containsExactly(Set.of(DrlModel.CLAIM));
        assertThat(req.get("D")).as("no Hit pattern: may fire on any text").containsExactly(Set.of("<any>"));
        assertThat(req.get("E")).as("alternatives add no requirement; Hit(frame) accepts any list")
                .containsExactly(Set.of());
        assertThat(f.rules().get(0).line()).isEqualTo(4);
        assertThat(f.listReferences()).extracting(DrlModel.Located::name)
                .contains("remedy", "cure", "modal", "negation", "debunk", "a", "b", "c");
        assertThat(f.listReferences()).filteredOn(l -> l.name().equals("negation"))
                .extracting(DrlModel.Located::line).containsExactly(8);
        assertThat(f.warnings()).isEmpty();
    }

    @Test
    void lintFindsCodeThatDoesMoreThanReadFactsAndBacktrackingRegex() {
        DrlModel.FileModel f = parse("""
                function boolean sneaky(String s) { return s.isEmpty(); }
                rule "R"
                when
                    $h : Hit(list == "a")
                    $s : Sentence(text matches "(a+)+b", Re.find("x[0-9]+", text))
                    eval(sneaky($s.getText()))
                    $n : String() from java.nio.file.Files.readString(java.nio.file.Path.of("/etc/hostname"))
                    Hit(list == "b", java.nio.file.Files.exists(java.nio.file.Path.of("x")))
                then
                    out.emit(kcontext, $h, java.nio.file.Files.writeString(null, "x"));
                end
                """);
        assertThat(f.errors()).isEmpty();
        List<PackWarning> all = new java.util.ArrayList<>(f.warnings());
        all.addAll(f.codeWarnings());
        List<String> messages = all.stream().map(w -> w.line() + " " + w.kind() + " " + (w.ruleId() == null ? "" : w.ruleId() + ": ") + w.message()).toList();
        assertThat(messages).anyMatch(m -> m.startsWith("4 CODE function sneaky"))
                .anyMatch(m -> m.startsWith("8 REGEX R: 'matches \"(a+)+b\"': nested quantifier"))
                .anyMatch(m -> m.startsWith("9 CODE R: eval(sneaky"))
                .anyMatch(m -> m.startsWith("10 CODE R: from java.nio.file.Files.readString"))
                .anyMatch(m -> m.startsWith("11 CODE R: a condition calls java.nio.file.Files.exists"))
                .anyMatch(m -> m.startsWith("13 CODE R: consequence does more than emit findings: out.emit(kcontext, $h, java"));
        assertThat(f.rePatterns()).extracting(DrlModel.Located::name).containsExactly("x[0-9]+");
        assertThat(f.rePatterns()).extracting(DrlModel.Located::line).containsExactly(8);
    }

    @Test
    void strictAllowsWhatReadsFactsAndEmits() {
        DrlModel.FileModel f = parse("""
                rule "R"
                    @weight(-40) @description("说明") @hit1('单引号') @flag(true) @ratio(0.5)
                    salience -10
                    enabled false
                    no-loop true
                    agenda-group "g"
                when
                    $h : Hit(list == "a" || == "b", list in ("c", "d"), list not in ("e"), this != null)
                    $k : Hit(list == "b", $c := clause, Math.abs(start - $h.end) <= 6, term.contains("x"))
                    $s : Sentence(index == $h.sentence, Re.find("x[0-9]+", text), !question, text.length() > 2)
                    Doc(count("a") >= 2, distinct("a", "b") > 1)
                    $c : Claim(inClause($h.clause), $h.gapTo($k) < 5)
                    not Hit(list == "negation", clause == $h.clause)
                    exists (Hit(list == "x") or Hit(list == "y"))
                    accumulate(Hit(list == "a", $st : start); $n : count(), $m : max($st); $n > 1)
                    $l : java.util.ArrayList(size >= 2) from collect(Hit(list == "a"))
                then
                    // a comment
                    out.emit(kcontext, $h, $k);
                end
                rule "S" when Hit() then end
                """);
        assertThat(f.errors()).isEmpty();
        assertThat(f.warnings()).isEmpty();
        assertThat(f.codeWarnings()).isEmpty();
    }

    @Test
    void strictRefusesClassesObjectsAssignmentsAndLambdasInConditions() {
        DrlModel.FileModel f = parse("""
                rule "R"
                when
                    $h : Hit(list == "a", $h.getClass() != null, System.out != null)
                    $k : Hit(term == new String("x"), list == java.lang.String.valueOf(1))
                    $s : Sentence(text == $h.term.toUpperCase(), (text).trim() != "")
                then
                    out.emit(kcontext);
                end
                """);
        List<String> messages = f.codeWarnings().stream().map(w -> w.line() + " " + w.message()).toList();
        assertThat(messages).anyMatch(m -> m.startsWith("6 a condition calls $h.getClass(...)"))
                .anyMatch(m -> m.startsWith("6 a condition refers to System.out, a class"))
                .anyMatch(m -> m.startsWith("7 a condition uses 'new'"))
                .anyMatch(m -> m.startsWith("7 a condition calls java.lang.String.valueOf(...)"))
                .anyMatch(m -> m.startsWith("8 a condition calls $h.term.toUpperCase(...)"))
                .noneMatch(m -> m.contains("trim"));
    }

    @Test
    void syntaxErrorsNameTheLine() {
        DrlModel.FileModel f = parse("""
                rule "R"
                when
                    $h : Hit(list == "a"))
                then
                    out.emit(kcontext, $h);
                end
                """);
        assertThat(f.errors()).isNotEmpty();
        assertThat(f.errors().get(0).line()).isEqualTo(6);
        assertThat(f.rules()).isEmpty();
    }

    @Test
    void cuttingARuleKeepsTheOtherRulesAndTheirLines() {
        DrlModel.FileModel f = parse("""
                rule "GONE"
                when
                    $h : Hit(list == "a")
                then
                    out.emit(kcontext, $h);
                end
                rule "KEPT"
                when
                    $h : Hit(list == "b")
                then
                    out.emit(kcontext, $h);
                end
                """);
        Source cut = DrlModel.cut(f, Set.of("GONE"));
        assertThat(cut.content().lines().count()).isEqualTo(f.source().content().lines().count());
        DrlModel.FileModel again = DrlModel.parse(cut);
        assertThat(again.errors()).isEmpty();
        assertThat(again.rules()).extracting(DrlModel.Rule::name).containsExactly("KEPT");
        assertThat(again.rules().get(0).line()).isEqualTo(10);
    }

    @Test
    void needShapesOneSentenceDistinctListsAndDocumentCounts() {
        DrlModel.FileModel f = parse("""
                rule "SAME"
                when
                    $f : Hit(list == "food")
                    $m : Hit(list == "modal", clause == $f.clause, start >= $f.end)
                    $d : Hit(list == "disease", sentence == $f.sentence)
                then
                    out.emit(kcontext);
                end
                rule "NEAR"
                when
                    $f : Hit(list == "food")
                    $d : Hit(list == "disease", sentence >= $f.sentence - 1, sentence <= $f.sentence + 1)
                then
                    out.emit(kcontext);
                end
                rule "STACK"
                when
                    $a : Hit(list in ("x", "y", "z"))
                    $b : Hit(list in ("x", "y", "z"), list > $a.list)
                    $c : Hit(list in ("x", "y", "z"), list > $b.list)
                then
                    out.emit(kcontext);
                end
                rule "BULK"
                when
                    Doc(count("personal_data") >= 3)
                    $t : Hit(list == "offer")
                then
                    out.emit(kcontext);
                end
                """);
        Map<String, DrlModel.Rule> r = f.rules().stream().collect(Collectors.toMap(DrlModel.Rule::name, x -> x));
        assertThat(r.get("SAME").oneSentence()).isTrue();
        assertThat(r.get("NEAR").oneSentence()).as("a window of sentences is not one sentence").isFalse();
        assertThat(r.get("STACK").distinctLists()).isTrue();
        assertThat(r.get("STACK").oneSentence()).isFalse();
        assertThat(r.get("SAME").distinctLists()).isFalse();
        assertThat(r.get("BULK").minCounts()).isEqualTo(Map.of("personal_data", 3));
        assertThat(r.get("SAME").minCounts()).isEmpty();
    }
}
