package io.bianwei.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How every bianwei input reads JSON: numbers and ids pass through as written, a key given twice and invalid Unicode
 * are errors naming the key or field, and every parser error is said in our words with line and column.
 */
class JsonInputTest {
    private static InputRecord jsonl(String line) {
        return InputRecord.parseJsonl(line, "id", "text", "f.jsonl:3");
    }

    /** The output line of a record that passed through (screened as PASS, no findings). */
    private static String passedThrough(InputRecord r) {
        ScreeningResult result = new ScreeningResult(r.id(), Verdict.PASS, 0, Map.of(), List.of(), "v1",
                Duration.ZERO, true, List.of());
        return Jsonl.line(result, r.extra());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numbers")
    void numbersPassThroughExactlyAsTheyWereWritten(String number) {
        InputRecord r = jsonl("{\"id\":\"a\",\"text\":\"t\",\"n\":" + number + ",\"deep\":{\"xs\":[" + number + "]}}");
        assertThat(r.isError()).as(String.valueOf(r.error())).isFalse();
        String out = passedThrough(r);
        assertThat(out).contains("\"n\":" + number + ",").endsWith("\"deep\":{\"xs\":[" + number + "]}}");
        assertThat(r.extra().get("n").isNumber()).isTrue();
    }

    static Stream<String> numbers() {
        return Stream.of("0.10000000000000000555", "1e400", "1E2", "-0", "-0.0", "1.10", "12345678901234567890123",
                "1E-400", "0", "3.0e+10", "-12.5E-3");
    }

    @Test
    void verbatimNumbersStillReadAsNumbers() {
        InputRecord r = jsonl("{\"text\":\"t\",\"a\":1E2,\"b\":12345678901234567890123,\"c\":7,\"d\":1e400}");
        assertThat(r.extra().get("a").doubleValue()).isEqualTo(100.0);
        assertThat(r.extra().get("a").isFloatingPointNumber()).isTrue();
        assertThat(r.extra().get("b").bigIntegerValue()).hasToString("12345678901234567890123");
        assertThat(r.extra().get("c").intValue()).isEqualTo(7);
        assertThat(r.extra().get("c").canConvertToInt()).isTrue();
        assertThat(r.extra().get("d").decimalValue()).isEqualByComparingTo("1e400");
        assertThat(r.extra().get("d").doubleValue()).isInfinite();
    }

    @Test
    void idsAreKeptAsWritten() {
        assertThat(jsonl("{\"id\":1E2,\"text\":\"t\"}").id()).isEqualTo("1E2");
        assertThat(jsonl("{\"id\":0.10000000000000000555,\"text\":\"t\"}").id()).isEqualTo("0.10000000000000000555");
        assertThat(jsonl("{\"id\":\"p\\u00e9\",\"text\":\"t\"}").id()).isEqualTo("pé");
        assertThat(jsonl("{\"id\":\"\\ud83d\\ude00\",\"text\":\"t\"}").id()).isEqualTo("😀");
        assertThat(jsonl("{\"id\":{\"k\":1e2},\"text\":\"t\"}").id()).isEqualTo("{\"k\":1e2}");
        assertThat(passedThrough(jsonl("{\"id\":1E2,\"text\":\"t\"}"))).startsWith("{\"id\":\"1E2\",");
    }

    @Test
    void otherValuesPassThroughAsTheSameJson() {
        InputRecord r = jsonl("{\"id\":\"a\",\"text\":\"t\",\"s\":\"caf\\u00e9 \\\"q\\\"\",\"b\":true,\"z\":null,"
                + "\"o\":{\"k\":[1,{\"x\":\"y\"}]},\"e\":[],\"eo\":{}}");
        assertThat(passedThrough(r)).endsWith(",\"s\":\"café \\\"q\\\"\",\"b\":true,\"z\":null,"
                + "\"o\":{\"k\":[1,{\"x\":\"y\"}]},\"e\":[],\"eo\":{}}");
    }

    @Test
    void anUnpairedSurrogateIsAnErrorNamingTheField() {
        InputRecord id = jsonl("{\"id\":\"\\ud800\",\"text\":\"t\"}");
        assertThat(id.isError()).isTrue();
        assertThat(id.id()).as("no id that is not Unicode").isEqualTo("f.jsonl:3");
        assertThat(id.error()).isEqualTo("f.jsonl:3: field \"id\" holds an unpaired surrogate (\\ud800, at column 7): "
                + "not valid Unicode, so it cannot be read or written back");
        InputRecord text = jsonl("{\"id\":\"x\",\"text\":\"ab\\udc00\"}");
        assertThat(text.id()).isEqualTo("x");
        assertThat(text.error()).startsWith("f.jsonl:3: field \"text\" holds an unpaired surrogate (\\udc00, at column 18)");
        assertThat(jsonl("{\"id\":\"x\",\"text\":\"t\",\"meta\":{\"tags\":[\"ok\",\"\\ud83d\"]}}").error())
                .startsWith("f.jsonl:3: field \"meta.tags[1]\" holds an unpaired surrogate (\\ud83d");
        assertThat(jsonl("{\"id\":\"x\",\"text\":\"t\",\"\\ud800k\":1}").error())
                .startsWith("f.jsonl:3: a key holds an unpaired surrogate");
        assertThat(jsonl("{\"id\":\"x\",\"text\":\"😀 \\ud83d\\ude00\"}").isError()).as("pairs are fine").isFalse();
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNamingTheKey() {
        InputRecord r = jsonl("{\"id\":\"x\",\"text\":\"a\",\"text\":\"b\"}");
        assertThat(r.isError()).isTrue();
        assertThat(r.id()).as("the id before it is kept").isEqualTo("x");
        assertThat(r.error()).isEqualTo("f.jsonl:3: the key \"text\" appears twice in one object (again at column 22): "
                + "which value is meant is unclear");
        assertThat(jsonl("{\"id\":\"x\",\"text\":\"a\",\"m\":{\"k\":1,\"k\":2}}").error())
                .startsWith("f.jsonl:3: the key \"k\" appears twice in one object (again at column 33)");
        InputRecord twoIds = jsonl("{\"id\":\"x\",\"id\":\"y\",\"text\":\"a\"}");
        assertThat(twoIds.id()).as("neither id is taken").isEqualTo("f.jsonl:3");
        assertThat(twoIds.error()).contains("the key \"id\" appears twice");
        assertThat(jsonl("{\"id\":\"x\",\"text\":\"a\",\"l\":[{\"k\":1},{\"k\":2}]}").isError())
                .as("the same key in two objects is fine").isFalse();
    }

    /** Every kind of broken JSON a parser reports, as the message a user reads. */
    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("{\"id\":\"a\",\"text\":\"x\"",
                        "broken JSON: the object that starts at column 1 is not closed (input ended at column 21)"),
                Arguments.of("{\"id\":\"a\",\"text\":",
                        "broken JSON: the object that starts at column 1 is not closed (input ended at column 18)"),
                Arguments.of("{\"id\":\"a\",\"text\":\"x",
                        "broken JSON: the string that starts at column 18 is not closed (input ended at column 20)"),
                Arguments.of("{\"text\":\"\\u12",
                        "broken JSON: the string that starts at column 9 is not closed (input ended at column 14)"),
                Arguments.of("{\"id\":\"a\",\"te", "broken JSON: a key is not closed (input ended at column 14)"),
                Arguments.of("{\"a\":[1,2", "broken JSON: the array that starts at column 6 is not closed (input ended at column 10)"),
                Arguments.of("{\"a\":-", "broken JSON: the object that starts at column 1 is not closed (input ended at column 7)"),
                Arguments.of("{\"id\":\"a\" \"text\":\"x\"}",
                        "broken JSON: expected , or } after a value at column 11, found '\"'"),
                Arguments.of("{\"a\":[1 2]}", "broken JSON: expected , or ] after a value at column 9, found '2'"),
                Arguments.of("{id:1}", "broken JSON: expected a key in double quotes at column 2, found 'i'"),
                Arguments.of("{'id':1}", "broken JSON: a key in single quotes at column 2: keys take double quotes"),
                Arguments.of("{\"a\":1,}", "broken JSON: a comma before } at column 8: a comma must be followed by another key"),
                Arguments.of("{\"a\":[1,]}", "broken JSON: a comma before ] at column 9: a comma must be followed by a value"),
                Arguments.of("{\"a\":}", "broken JSON: a key without a value at column 6"),
                Arguments.of("{\"a\"}", "broken JSON: expected : after the key at column 5, found '}'"),
                Arguments.of("{\"a\" 1}", "broken JSON: expected : after the key at column 6, found '1'"),
                Arguments.of("{\"a\":tru}", "broken JSON: expected a value at column 6, found 'tru' (a value is a string "
                        + "in double quotes, a number, an object, an array, true, false or null)"),
                Arguments.of("{\"a\":'x'}", "broken JSON: expected a value at column 6, found ''' (a value is a string "
                        + "in double quotes, a number, an object, an array, true, false or null)"),
                Arguments.of("{\"a\":\u00a01}", "broken JSON: expected a value at column 6, found U+00A0 no-break space "
                        + "(a value is a string in double quotes, a number, an object, an array, true, false or null)"),
                Arguments.of("{\"a\":NaN}", "broken JSON: NaN at column 9 is not a JSON number (JSON has no NaN or "
                        + "Infinity: write null or a string)"),
                Arguments.of("{\"a\":01}", "broken JSON: the number at column 7 is not valid JSON: a leading zero is not allowed"),
                Arguments.of("{\"a\":1.}", "broken JSON: the number at column 7 is not valid JSON: a decimal point must be followed by a digit"),
                Arguments.of("{\"a\":1e}", "broken JSON: the number at column 7 is not valid JSON: an exponent needs digits"),
                Arguments.of("{\"a\":-x}", "broken JSON: the number at column 7 is not valid JSON: a minus sign must be followed by a digit"),
                Arguments.of("{\"a\":+1}", "broken JSON: the number at column 7 is not valid JSON: a number cannot start with +"),
                Arguments.of("{\"a\":[1,2}", "broken JSON: the array that starts at column 6 is closed with } at column 10 (expected ])"),
                Arguments.of("{\"a\":1]", "broken JSON: the object that starts at column 1 is closed with ] at column 7 (expected })"),
                Arguments.of("{\"a\":\"x\ty\"}", "broken JSON: a control character (U+0009 character tabulation) inside a "
                        + "string at column 8: write it as an escape (\\n, \\t, \\u001f …)"),
                Arguments.of("{\"a\":\"\\x\"}", "broken JSON: \\x at column 8 is not a JSON escape (valid: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"),
                Arguments.of("{\"a\":\"\\u12G4\"}", "broken JSON: a \\u escape at column 11 needs four hex digits, found 'G'"),
                Arguments.of("\u0000{}", "broken JSON: a control character (U+0000 null) at column 2: only spaces, tabs and "
                        + "line ends may stand between values"),
                Arguments.of("{/*c*/}", "broken JSON: a comment at column 2: JSON has no comments"),
                Arguments.of("}", "broken JSON: } at column 1 closes nothing (no object is open there)"),
                Arguments.of("{not json", "broken JSON: expected a key in double quotes at column 2, found 'n'"),
                Arguments.of("x", "broken JSON: expected a value at column 1, found 'x' (a value is a string in double "
                        + "quotes, a number, an object, an array, true, false or null)"),
                Arguments.of("[".repeat(1001), "broken JSON: nested more than 1000 levels deep at column 1001"),
                Arguments.of("{\"a\":1} {\"b\":2}", "trailing content after the JSON object at column 9 (one object per line)"),
                Arguments.of("{\"a\":1}x", "trailing content after the JSON object at column 8 (one object per line)"),
                Arguments.of("{\"a\":1},", "trailing content after the JSON object at column 8 (one object per line)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void brokenJsonIsSaidInOurWords(String input, String expected) {
        assertThatThrownBy(() -> JsonInput.read(input)).isInstanceOf(JsonInputException.class).hasMessage(expected);
        InputRecord r = jsonl(input);
        assertThat(r.isError()).isTrue();
        if (!expected.startsWith("trailing")) {
            assertThat(r.error()).isEqualTo("f.jsonl:3: " + expected);
        }
    }

    @Test
    void aBodyOfSeveralLinesNamesLineAndColumn() {
        assertThatThrownBy(() -> JsonInput.read("[\n  {\"id\": \"a\",\n   \"text\": \"x\"\n"))
                .hasMessage("broken JSON: the object that starts at line 2, column 3 is not closed (input ended at "
                        + "line 4, column 1)")
                .satisfies(e -> {
                    JsonInputException j = (JsonInputException) e;
                    assertThat(j.line()).isEqualTo(4);
                    assertThat(j.column()).isEqualTo(1);
                });
        assertThatThrownBy(() -> JsonInput.read("{\"text\":\n\"a\",\n \"text\": 1}"))
                .hasMessage("the key \"text\" appears twice in one object (again at line 3, column 2): which value is "
                        + "meant is unclear");
        assertThatThrownBy(() -> JsonInput.read("  \n ")).hasMessage("no JSON value: the input is empty");
        assertThatThrownBy(() -> JsonInput.read("{}\n{}")).hasMessage("trailing content after the JSON object at "
                + "line 2, column 1 (one value only)");
    }

    @Test
    void aBodyReadsAsOneTreeWithVerbatimNumbers() throws JsonInputException {
        JsonNode n = JsonInput.read("[{\"id\":1E2,\"text\":\"a\",\"k\":0.10000000000000000555}]");
        InputRecord r = InputRecord.fromJson(n.get(0), "id", "text", "$[0]");
        assertThat(r.id()).isEqualTo("1E2");
        assertThat(Jsonl.write(n)).isEqualTo("[{\"id\":1E2,\"text\":\"a\",\"k\":0.10000000000000000555}]");
    }

    /** Random damage to valid lines: every message is ours (no parser class names, no "REDACTED", no "code 123"). */
    @Test
    void noParserInternalsReachAMessage() {
        Random random = new Random(24);
        String valid = "{\"id\":\"p1\",\"text\":\"祖传秘方 \\\"引号\\\" \\u00e9\",\"n\":[1.5e3,-0,true,null,{\"k\":\"v\"}]}";
        String alphabet = "{}[]\",:\\ tnfu0e.-+'/\u0000\t\u3000x";
        int errors = 0;
        for (int i = 0; i < 5000; i++) {
            StringBuilder s = new StringBuilder(valid);
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                int at = random.nextInt(s.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> {
                        if (at < s.length()) {
                            s.deleteCharAt(at);
                        }
                    }
                    default -> s.setLength(at);
                }
            }
            InputRecord r = jsonl(s.toString());
            if (r.isError()) {
                errors++;
                assertThat(r.error()).as(s.toString()).startsWith("f.jsonl:3: ")
                        .doesNotContain("REDACTED", "Source:", "StreamReadFeature", "JsonReadFeature", "(code ",
                                "marker", "Unexpected", "Unrecognized", "Exception", "token '", "CTRL-CHAR",
                                "field name", "end-of-input")
                        .containsPattern("column \\d+|missing field|not a string|expected a JSON object|the input is empty");
            }
        }
        assertThat(errors).as("the damage breaks most lines").isGreaterThan(2500);
    }
}
