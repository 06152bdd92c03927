package io.bianwei.internal.claims;

import io.bianwei.PackWarning;
import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.text.Source;
import io.bianwei.internal.match.Boundary;
import io.bianwei.internal.match.TermList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimBaseTest {
    static final String GOOD = """
            {"id": "food_incompatibility/durian-cola", "claim": "榴莲和可乐一起吃会导致死亡", "category": "pseudo_science", \
            "family": "food_incompatibility", "keys": [{"role": "thing", "any": ["榴莲"]}, \
            {"role": "thing", "any": ["可乐", "碳酸饮料"]}, {"role": "relation", "any": ["一起吃", "配"]}, \
            {"role": "effect", "any": ["死", "致命"]}], "sources": [{"publisher": "科学辟谣", "title": "榴莲配可乐？", \
            "url": "https://example.org/a", "date": "2019-06-02"}], "correction": "不会。", \
            "examples": {"repost": ["榴莲配可乐会死人"], "debunk": ["“榴莲配可乐会死”是谣言"]}}""";

    static ClaimBase load(List<Problem> problems, List<PackWarning> warnings, String... files) {
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            sources.add(new Source("claims/part" + i + ".jsonl", files[i]));
        }
        return ClaimBase.load(sources, Map.of(), problems, warnings);
    }

    static String with(String field, String json) {
        return GOOD.replaceFirst("\"" + field + "\": (\"[^\"]*\"|\\[.*?\\]\\]?)", "\"" + field + "\": " + json);
    }

    @Test
    void readsAnEntry() {
        List<Problem> problems = new ArrayList<>();
        List<PackWarning> warnings = new ArrayList<>();
        ClaimBase base = load(problems, warnings, GOOD + "\n\n");
        assertThat(problems).isEmpty();
        assertThat(warnings).isEmpty();
        ClaimBase.Entry e = base.get("food_incompatibility/durian-cola");
        assertThat(e.keys()).extracting(ClaimBase.KeyGroup::role).containsExactly(ClaimBase.Role.THING,
                ClaimBase.Role.THING, ClaimBase.Role.RELATION, ClaimBase.Role.EFFECT);
        assertThat(e.sources()).singleElement().satisfies(s -> assertThat(s.url()).isEqualTo("https://example.org/a"));
        assertThat(e.where()).isEqualTo("claims/part0.jsonl:1");
        assertThat(base.version()).hasSize(12).isNotEqualTo(load(problems, warnings, GOOD + " ").version());
    }

    @Test
    void errorsNameFileAndLine() {
        List<Problem> problems = new ArrayList<>();
        ClaimBase base = load(problems, new ArrayList<>(), GOOD + "\n{not json\n"
                + GOOD.replace("\"claim\": \"榴莲和可乐一起吃会导致死亡\", ", "").replace("durian-cola", "a") + "\n"
                + GOOD.replace("\"pseudo_science\"", "\"health\"").replace("durian-cola", "b") + "\n"
                + GOOD.replace("{\"role\": \"effect\", \"any\": [\"死\", \"致命\"]}", "{\"role\": \"thing\", \"any\": [\"x\"]}, "
                + "{\"role\": \"thing\", \"any\": [\"y\"]}").replace("durian-cola", "c") + "\n"
                + GOOD + "\n");
        assertThat(base.size()).isEqualTo(1);
        assertThat(problems).extracting(Problem::line).containsExactly(2, 3, 4, 5, 5, 6);
        assertThat(problems.get(0).toString()).startsWith("claims/part0.jsonl:2: not valid JSON");
        assertThat(problems.get(1).message()).contains("missing field 'claim'");
        assertThat(problems.get(2).message()).contains("unknown category 'health'");
        assertThat(problems.get(3).message()).contains("4 thing group(s); 1-3 allowed");
        assertThat(problems.get(4).message()).contains("0 effect group(s); 1-2 allowed");
        assertThat(problems.get(5).message()).contains("duplicate claim id food_incompatibility/durian-cola")
                .contains("claims/part0.jsonl:1");
    }

    @Test
    void idsAreUniqueAcrossFiles() {
        List<Problem> problems = new ArrayList<>();
        load(problems, new ArrayList<>(), GOOD, GOOD);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.toString())
                .isEqualTo("claims/part1.jsonl:1: duplicate claim id food_incompatibility/durian-cola"
                        + " (first at claims/part0.jsonl:1)"));
    }

    @Test
    void unknownFamilyAndBadRolesAreErrors() {
        List<Problem> problems = new ArrayList<>();
        load(problems, new ArrayList<>(), GOOD.replace("\"family\": \"food_incompatibility\"", "\"family\": \"food\""));
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).contains("unknown family 'food'"));
        problems.clear();
        load(problems, new ArrayList<>(), GOOD.replace("\"role\": \"relation\"", "\"role\": \"cause\""));
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message())
                .contains("keys[3]: role must be thing, relation or effect"));
    }

    @Test
    void weakSourcesAreWarningsAndBothShapesAreRead() {
        List<Problem> problems = new ArrayList<>();
        List<PackWarning> warnings = new ArrayList<>();
        // the editor's shape: description instead of title; no url, no date
        ClaimBase base = load(problems, warnings, GOOD.replace(
                "{\"publisher\": \"科学辟谣\", \"title\": \"榴莲配可乐？\", \"url\": \"https://example.org/a\", \"date\": \"2019-06-02\"}",
                "{\"publisher\": \"科学辟谣\", \"description\": \"科普文章\", \"url\": null}"));
        assertThat(problems).isEmpty();
        assertThat(base.size()).isEqualTo(1);
        assertThat(base.entries().get(0).sources().get(0).title()).isEqualTo("科普文章");
        assertThat(warnings).extracting(PackWarning::message).containsExactly(
                "sources[1] (科学辟谣) has no url: a weak source", "sources[1] (科学辟谣) has no date");
        assertThat(warnings).allSatisfy(w -> {
            assertThat(w.kind()).isEqualTo(PackWarning.Kind.CLAIMS);
            assertThat(w.ruleId()).isEqualTo("food_incompatibility/durian-cola");
            assertThat(w.line()).isEqualTo(1);
        });
        problems.clear();
        load(problems, new ArrayList<>(), GOOD.replace("\"sources\": [", "\"refs\": ["));
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).contains("missing field 'sources'"));
    }

    @Test
    void aGroupMayNameATermListOfThePack() {
        List<Problem> problems = new ArrayList<>();
        TermList soda = new TermList("soda", List.of("雪碧", "芬达"), Boundary.LOOSE,
                "terms/soda.txt", true, true, Map.of(), null, Map.of());
        ClaimBase base = ClaimBase.load(List.of(new Source("claims/a.jsonl",
                        GOOD.replace("[\"可乐\", \"碳酸饮料\"]", "[\"可乐\", \"@soda\"]"))), Map.of("soda", soda), problems,
                new ArrayList<>());
        assertThat(problems).isEmpty();
        assertThat(base.entries().get(0).keys().get(1).terms()).containsExactly("可乐", "雪碧", "芬达");
        assertThat(base.entries().get(0).keys().get(1).written()).containsExactly("可乐", "@soda");
        ClaimBase.load(List.of(new Source("claims/a.jsonl", GOOD.replace("\"碳酸饮料\"", "\"@nope\""))), Map.of(),
                problems, new ArrayList<>());
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message())
                .contains("unknown term list 'nope'"));
    }
}
