package io.bianwei.rules;

import io.bianwei.RuleExample;
import io.bianwei.RuleInfo;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.internal.lexicon.Lexicon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build compiles the default pack to Drools' executable model and caches the lexicon answers its term lists
 * need (see the rules pom). Start-up loads those instead of compiling; nothing else may change: every rule example,
 * sample, seed paragraph and family post gets the same result from the precompiled pack as from the DRL compiled in
 * this process, and an edited pack is compiled, never served stale classes.
 */
class PrecompiledPackTest {
    @TempDir
    Path dir;

    private static List<String> texts(Screener s) throws IOException {
        List<String> texts = new ArrayList<>();
        for (RuleInfo r : s.rules()) {
            r.examples().stream().map(RuleExample::text).forEach(texts::add);
        }
        List<Path> jsonl = new ArrayList<>(List.of(Path.of("../seeds/samples.jsonl")));
        try (Stream<Path> f = Files.list(Path.of("src/test/resources/families"))) {
            f.filter(p -> p.toString().endsWith(".jsonl")).sorted().forEach(jsonl::add);
        }
        for (Path p : jsonl) {
            for (String line : Files.readAllLines(p)) {
                if (!line.isBlank()) {
                    texts.add(io.bianwei.json.Jsonl.mapper().readTree(line).get("text").asText());
                }
            }
        }
        try (Stream<Path> f = Files.list(Path.of("../seeds"))) {
            for (Path p : f.filter(x -> x.toString().endsWith(".txt")).sorted().toList()) {
                texts.add(Files.readString(p));
            }
        }
        return texts;
    }

    @Test
    void theDefaultPackLoadsPrecompiledAndScreensExactlyAsTheCompiledDrl() throws IOException {
        Screener pre = DefaultPack.screener();
        Screener drl = Screener.builder().precompiled(false).build();
        assertThat(pre.pack().isPrecompiled()).as("the build's classes are used").isTrue();
        assertThat(drl.pack().isPrecompiled()).isFalse();
        assertThat(pre.rulesetVersion()).isEqualTo(drl.rulesetVersion());
        assertThat(pre.rules()).isEqualTo(drl.rules());
        List<String> texts = texts(pre);
        assertThat(texts).hasSizeGreaterThan(1_000);
        for (String t : texts) {
            ScreeningResult a = pre.screen(t);
            ScreeningResult b = drl.screen(t);
            assertThat(a.findings()).as(t).isEqualTo(b.findings());
            assertThat(a.verdict()).as(t).isEqualTo(b.verdict());
            assertThat(a.score()).as(t).isEqualTo(b.score());
        }
    }

    @Test
    void theBuildsParseOfTheRuleFilesIsWhatParsingThemGivesAndOnlyForThoseFiles() {
        io.bianwei.internal.pack.PackFiles files = new io.bianwei.internal.pack.PackFiles();
        files.addClasspath(Screener.class.getClassLoader(), io.bianwei.internal.pack.PackFiles.DEFAULT_ROOT);
        List<io.bianwei.internal.text.Source> drl = files.drl;
        List<io.bianwei.internal.pack.DrlModel.FileModel> built = io.bianwei.internal.pack.DrlSnapshot.read(
                Screener.class.getClassLoader(), drl);
        assertThat(built).as("the build wrote bianwei/drl-models.bin for these files").isNotNull();
        assertThat(built).isEqualTo(drl.stream().map(io.bianwei.internal.pack.DrlModel::parse).toList());
        // one character changed, one file left out, or the files in another order: parsed afresh
        List<io.bianwei.internal.text.Source> edited = new ArrayList<>(drl);
        io.bianwei.internal.text.Source first = edited.get(0);
        edited.set(0, new io.bianwei.internal.text.Source(first.name(), first.content() + " "));
        assertThat(io.bianwei.internal.pack.DrlSnapshot.read(Screener.class.getClassLoader(), edited)).isNull();
        assertThat(io.bianwei.internal.pack.DrlSnapshot.read(Screener.class.getClassLoader(),
                drl.subList(1, drl.size()))).isNull();
        List<io.bianwei.internal.text.Source> reversed = new ArrayList<>(drl);
        java.util.Collections.reverse(reversed);
        assertThat(io.bianwei.internal.pack.DrlSnapshot.read(Screener.class.getClassLoader(), reversed)).isNull();
    }

    @Test
    void anEditedPackIsCompiledNotServedTheBuildsClasses() throws IOException {
        Files.writeString(dir.resolve("extra.drl"), """
                package ext;
                import io.bianwei.facts.*;
                global io.bianwei.facts.Out out;

                rule "PS_EXTRA_TEST"
                    @category("pseudo_science") @weight(10) @description("测试") @description_en("test")
                    @hit1("«偏方»很灵") @hit2("这个«偏方»") @ok1("无") @ok2("今天天气好")
                when
                    $h : Hit(list == "remedy")
                then
                    out.emit(kcontext, $h);
                end
                """);
        Screener s = Screener.builder().addRules(dir).build();
        assertThat(s.pack().isPrecompiled()).isFalse();
        assertThat(s.screen("这个偏方很灵").fired("PS_EXTRA_TEST")).isTrue();
    }

    @Test
    void theLexiconCacheHoldsWhatHanLpsDictionariesSay() {
        Map<String, Set<String>> cached = Lexicon.cached();
        assertThat(cached).as("the build wrote the cache for this HanLP").isNotEmpty();
        cached.forEach((key, words) -> {
            String[] k = key.split("\t");
            assertThat(words).as(key).containsExactlyElementsOf(Lexicon.fromDictionaries(k[0], k[1]));
        });
    }
}
