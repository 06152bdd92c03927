package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.bianwei.cli.TestCli.run;
import static io.bianwei.cli.TestCli.runWithStdin;
import static io.bianwei.cli.TestCli.tp;
import static org.assertj.core.api.Assertions.assertThat;

class ScreenCommandTest {
    private static final String CURE = "祖传秘方三天根治糖尿病，无效退款";

    @TempDir
    Path dir;

    private static List<String> ids(List<JsonNode> lines) {
        return lines.stream().map(n -> n.get("id").asText()).toList();
    }

    // --- the JSONL contract --------------------------------------------------------------------------------------

    @Test
    void jsonlLineHasTheContractKeysWithOffsetsIntoTheOriginal() {
        TestCli.Run r = run("screen", "--format", "jsonl", "-t", CURE);
        assertThat(r.exit()).as("flagged content is not a failure: " + r).isEqualTo(ExitCodes.OK);
        List<JsonNode> lines = r.jsonl();
        assertThat(lines).hasSize(1);
        JsonNode n = lines.get(0);
        assertThat(n.fieldNames()).toIterable()
                .contains("id", "verdict", "score", "categories", "findings", "rulesetVersion");
        assertThat(n.get("id").asText()).isEqualTo("arg1");
        assertThat(n.get("verdict").asText()).isIn("REVIEW", "BLOCK");
        assertThat(n.get("score").asInt()).isBetween(40, 100);
        assertThat(n.get("categories").isObject()).isTrue();
        assertThat(n.get("categories").get("pseudo_science").asInt()).isPositive();
        assertThat(n.get("rulesetVersion").asText()).isNotBlank();
        JsonNode cure = null;
        for (JsonNode f : n.get("findings")) {
            assertThat(f.fieldNames()).toIterable().contains("rule", "category", "weight", "message", "spans");
            for (JsonNode s : f.get("spans")) {
                int start = s.get("start").asInt();
                int end = s.get("end").asInt();
                assertThat(s.get("text").asText()).isEqualTo(CURE.substring(start, end));
            }
            if (f.get("rule").asText().equals("PS_CURE_CLAIM")) {
                cure = f;
            }
        }
        assertThat(cure).as("PS_CURE_CLAIM finding").isNotNull();
        assertThat(cure.get("weight").asInt()).isPositive();
        assertThat(r.err()).as("a single text argument gets no summary").isEmpty();
    }

    @Test
    void exitCodesFollowVerdictsOnlyWhenAskedWithFailOn() {
        assertThat(run(tp("screen", "-t", "今天天气很好")).exit()).isEqualTo(ExitCodes.OK);
        assertThat(run(tp("screen", "-t", "这个偏方")).exit()).as("REVIEW, by default").isEqualTo(ExitCodes.OK);
        assertThat(run(tp("screen", "--fail-on", "review", "-t", "这个偏方")).exit()).isEqualTo(ExitCodes.FLAGGED);
        assertThat(run(tp("screen", "--fail-on", "block", "-t", "这个偏方")).exit()).isEqualTo(ExitCodes.OK);
        assertThat(run(tp("screen", "--fail-on", "block", "-t", "出售开房记录")).exit()).isEqualTo(ExitCodes.FLAGGED);
        assertThat(run(tp("screen", "--fail-on", "never", "-t", "出售开房记录")).exit()).isEqualTo(ExitCodes.OK);
        assertThat(run(tp("screen", "--fail-on", "nope", "-t", "x")).exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void helpListsEveryExitCode() {
        String help = run("screen", "--help").out();
        for (int code = 0; code <= 4; code++) {
            assertThat(help).containsPattern("(?m)^\\s+" + code + "\\s+\\S");
        }
        String top = run("--help").out();
        for (int code = 0; code <= 6; code++) {
            assertThat(top).containsPattern("(?m)^\\s+" + code + "\\s+\\S");
        }
        assertThat(run("rules", "test", "--help").out()).containsPattern("(?m)^\\s+5\\s+some example failed");
        assertThat(run("eval", "--help").out()).containsPattern("(?m)^\\s+6\\s+--compare");
    }

    @Test
    void thresholdsOnlyAndDisableReachTheScreener() {
        JsonNode review = run(tp("screen", "-f", "jsonl", "-t", "这个偏方")).jsonl().get(0);
        assertThat(review.get("verdict").asText()).isEqualTo("REVIEW");
        assertThat(review.get("score").asInt()).isEqualTo(50);
        assertThat(run(tp("screen", "-f", "jsonl", "--threshold", "review=60", "-t", "这个偏方")).jsonl().get(0)
                .get("verdict").asText()).isEqualTo("PASS");
        assertThat(run(tp("screen", "-f", "jsonl", "--threshold", "review=30,block=50", "-t", "这个偏方")).jsonl().get(0)
                .get("verdict").asText()).isEqualTo("BLOCK");
        assertThat(run(tp("screen", "-f", "jsonl", "--only", "privacy_abuse", "-t", "这个偏方，出售开房记录")).jsonl().get(0)
                .get("categories").fieldNames()).toIterable().containsExactly("privacy_abuse");
        TestCli.Run disabled = run(tp("screen", "-f", "jsonl", "--disable", "PS_T_REMEDY", "-t", "这个偏方"));
        assertThat(disabled.exit()).isZero();
        assertThat(disabled.jsonl().get(0).get("findings")).isEmpty();
    }

    @Test
    void aScreenerSpecSaysWhatTheSingleOptionsSay() {
        String[] spec = tp("screen", "-f", "jsonl", "--screener", "disable=PS_T_REMEDY,review=30,block=60", "-t",
                "这个偏方");
        String[] single = tp("screen", "-f", "jsonl", "--disable", "PS_T_REMEDY", "--threshold", "review=30,block=60",
                "-t", "这个偏方");
        com.fasterxml.jackson.databind.node.ObjectNode a = (com.fasterxml.jackson.databind.node.ObjectNode)
                run(spec).jsonl().get(0);
        com.fasterxml.jackson.databind.node.ObjectNode b = (com.fasterxml.jackson.databind.node.ObjectNode)
                run(single).jsonl().get(0);
        a.remove("elapsedMicros");
        b.remove("elapsedMicros");
        assertThat(a).isEqualTo(b);
        assertThat(a.get("findings")).isEmpty();
        TestCli.Run bad = run(tp("screen", "--screener", "scoring=best", "-t", "x"));
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--screener: scoring: use auto or weights, got 'best'");
        assertThat(run("screen", "--screener", "default=false", "-t", "x").err())
                .contains("at least one rules folder or file");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("screen").exit()).as("no input").isEqualTo(ExitCodes.USAGE);
        assertThat(run("screen", "--bogus", "x").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("screen", "--threads", "0", "-t", "x").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("screen", "--flagged", "--all", "-t", "x").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("screen", "--max-record-bytes", "lots", "-t", "x").err()).contains("--max-record-bytes");
        TestCli.Run badThreshold = run(tp("screen", "--threshold", "review=80,block=50", "-t", "x"));
        assertThat(badThreshold.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badThreshold.err()).contains("review (80) must not be above block (50)");
        assertThat(run(tp("screen", "--threshold", "warn=3", "-t", "x")).exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run(tp("screen", "--only", "health", "-t", "x")).err()).contains("unknown category 'health'");
        TestCli.Run unknownRule = run(tp("screen", "--disable", "PS_NOPE", "-t", "x"));
        assertThat(unknownRule.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownRule.err()).as("the pack compiles; the id is what is wrong")
                .isEqualTo("bianwei: --disable: no rule with the id PS_NOPE in the loaded pack ('bianwei rules list' "
                        + "shows the ids)\n");
        assertThat(run("screen", "--no-default", "-t", "x").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aRulesPackThatDoesNotCompileIsAUsageErrorNamingFileAndLine() throws IOException {
        Files.createDirectories(dir.resolve("terms"));
        Files.writeString(dir.resolve("terms/remedy.txt"), "神药\n");
        Path drl = dir.resolve("broken.drl");
        Files.writeString(drl, RulesCommandTest.BROKEN_DRL);
        TestCli.Run r = run("screen", "--rules", dir.toString(), "-t", "x");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(drl + ":8:");
        assertThat(r.out()).isEmpty();
    }

    // --- formats -------------------------------------------------------------------------------------------------

    @Test
    void defaultFormatIsTextOnATerminalAndJsonlOtherwise() {
        TestCli.Run piped = run(TestCli.env(new ByteArrayInputStream(new byte[0]), false, false),
                tp("screen", "-t", "这个偏方"));
        assertThat(TestCli.json(piped.out().strip()).get("verdict").asText()).isEqualTo("REVIEW");
        TestCli.Run tty = run(TestCli.env(new ByteArrayInputStream(new byte[0]), true, false),
                tp("screen", "--color", "never", "-t", "这个偏方"));
        assertThat(tty.out()).startsWith("arg1  REVIEW  score 50");
    }

    @Test
    void textFormatShowsVerdictFindingsAndHighlightedEvidence() {
        TestCli.Run r = run(tp("screen", "-f", "text", "-t", "辟谣：这个神药不存在", "-t", "这个偏方\n很灵"));
        assertThat(r.exit()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).as("a PASS is one line; explain shows what let it through").isEqualTo("""
                arg1  PASS  score 0  (pseudo_science 0)
                arg2  REVIEW  score 50  (pseudo_science 50)
                  PS_T_REMEDY  +50  pseudo_science  提到神药或偏方
                      这个«偏方» 很灵
                """);
        assertThat(r.out()).doesNotContain("\u001b[");
        TestCli.Run colour = run(tp("screen", "-f", "text", "--color", "always", "-t", "这个偏方"));
        assertThat(colour.out()).contains("\u001b[1;33mREVIEW\u001b[0m").contains("\u001b[1;4;31m偏方\u001b[0m");
    }

    @Test
    void textFormatCutsLongTextsToWindowsAroundTheEvidence() {
        String text = "一".repeat(100) + "神药" + "二".repeat(100);
        String line = run(tp("screen", "-f", "text", "-t", text)).out().split("\n")[2].strip();
        assertThat(line).isEqualTo("…" + "一".repeat(16) + "«神药»" + "二".repeat(16) + "…");
    }

    @Test
    void jsonFormatIsOneDocumentWithResultsAndSummary() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "这个偏方");
        Files.writeString(dir.resolve("b.jsonl"), "{\"id\":\"j1\",\"text\":\"出售开房记录\"}\n{\"id\":\"j2\",\"text\":\"好\"}\n");
        TestCli.Run r = run(tp("screen", "--format", "json", dir.toString()));
        assertThat(r.exit()).isEqualTo(ExitCodes.OK);
        JsonNode doc = r.json();
        assertThat(doc.get("rulesetVersion").asText()).isNotBlank();
        assertThat(ids(iterate(doc.get("results")))).containsExactly(dir.resolve("a.txt").toString(), "j1", "j2");
        assertThat(doc.get("results").get(1).get("verdict").asText()).isEqualTo("BLOCK");
        JsonNode summary = doc.get("summary");
        assertThat(summary.get("documents").asInt()).isEqualTo(3);
        assertThat(summary.get("PASS").asInt()).isEqualTo(1);
        assertThat(summary.get("REVIEW").asInt()).isEqualTo(1);
        assertThat(summary.get("BLOCK").asInt()).isEqualTo(1);
        assertThat(summary.get("ERROR").asInt()).isZero();
        assertThat(summary.get("flaggedByCategory").toString())
                .isEqualTo("{\"privacy_abuse\":{\"REVIEW\":0,\"BLOCK\":1},\"pseudo_science\":{\"REVIEW\":1,\"BLOCK\":0}}");
        assertThat(summary.get("flaggedByRule").toString()).isEqualTo("{\"PA_T_SPY\":1,\"PS_T_REMEDY\":1}");
        assertThat(r.err()).contains("3 documents: 1 PASS, 1 REVIEW, 1 BLOCK, 0 errors");
    }

    private static List<JsonNode> iterate(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    // --- inputs --------------------------------------------------------------------------------------------------

    @Test
    void foldersAreWalkedRecursivelyInPathOrderTxtAndJsonlOnly() throws IOException {
        Files.createDirectories(dir.resolve("b/c"));
        Files.createDirectories(dir.resolve(".hidden"));
        Files.writeString(dir.resolve("z.txt"), "神药");
        Files.writeString(dir.resolve("a.txt"), "");
        Files.writeString(dir.resolve("b/c/deep.txt"), "好");
        Files.writeString(dir.resolve("b/posts.jsonl"), "{\"id\":\"p1\",\"text\":\"偏方\"}\n\n  \n{\"text\":\"无id\"}\n");
        Files.writeString(dir.resolve("b/notes.md"), "偏方");
        Files.writeString(dir.resolve(".hidden/x.txt"), "偏方");
        TestCli.Run r = run(tp("screen", "-f", "jsonl", dir.toString()));
        assertThat(ids(r.jsonl())).containsExactly(dir.resolve("a.txt").toString(),
                dir.resolve("b/c/deep.txt").toString(), "p1", dir.resolve("b/posts.jsonl") + ":4",
                dir.resolve("z.txt").toString());
        assertThat(r.jsonl().get(0).get("verdict").asText()).as("an empty file is a PASS").isEqualTo("PASS");
        assertThat(r.err()).contains("5 documents");
    }

    @Test
    void jsonlFieldsAreRenamableAndOtherFieldsPassThrough() throws IOException {
        Path f = dir.resolve("in.jsonl");
        Files.writeString(f, "{\"doc\":7,\"body\":\"这个偏方\",\"source\":\"weibo\",\"meta\":{\"likes\":3},"
                + "\"verdict\":\"mine\"}\r\n");
        JsonNode n = run(tp("screen", "-f", "jsonl", "--id-field", "doc", "--text-field", "body", f.toString()))
                .jsonl().get(0);
        assertThat(n.get("id").asText()).isEqualTo("7");
        assertThat(n.get("verdict").asText()).as("contract keys win").isEqualTo("REVIEW");
        assertThat(n.get("source").asText()).isEqualTo("weibo");
        assertThat(n.get("meta").get("likes").asInt()).isEqualTo(3);
        assertThat(n.has("body")).isFalse();
    }

    @Test
    void aMalformedJsonlLineIsOneErrorRecordInOrderAndExitsThree() throws IOException {
        Path f = dir.resolve("posts.jsonl");
        Files.writeString(f, """
                {"id":"1","text":"这个偏方","source":"a"}
                {"id":"2","text":
                [1,2]
                {"id":"4","source":"d"}
                {"id":"5","text":"好"}
                """);
        TestCli.Run r = run(tp("screen", "-f", "jsonl", f.toString()));
        assertThat(r.exit()).isEqualTo(ExitCodes.UNREADABLE);
        List<JsonNode> lines = r.jsonl();
        assertThat(ids(lines)).as("a broken line keeps the id it starts with").containsExactly("1", "2", f + ":3", "4",
                "5");
        assertThat(lines.stream().map(n -> n.get("verdict").asText()))
                .containsExactly("REVIEW", "ERROR", "ERROR", "ERROR", "PASS");
        assertThat(lines.get(1).get("error").asText()).startsWith(f + ":2: broken JSON");
        assertThat(lines.get(2).get("error").asText()).contains("expected a JSON object");
        assertThat(lines.get(3).get("error").asText()).isEqualTo(f + ":4: missing field 'text'");
        assertThat(lines.get(3).get("source").asText()).as("fields pass through on errors too").isEqualTo("d");
        assertThat(lines.get(1).get("rulesetVersion").asText()).isEqualTo(lines.get(0).get("rulesetVersion").asText());
        assertThat(r.err()).contains("5 documents: 1 PASS, 1 REVIEW, 0 BLOCK, 3 errors");
    }

    @Test
    void undecodableBytesBecomeErrorsNamingFileAndLine() throws IOException {
        Path jsonl = dir.resolve("a.jsonl");
        byte[] bad = {(byte) 0xE5, (byte) 0x81};
        Files.write(jsonl, concat("{\"id\":\"1\",\"text\":\"好\"}\n{\"id\":\"2\",\"text\":\"".getBytes(StandardCharsets.UTF_8),
                bad, "\"}\n{\"id\":\"3\",\"text\":\"偏方\"}\n".getBytes(StandardCharsets.UTF_8)));
        Path txt = dir.resolve("b.txt");
        Files.write(txt, concat("第一行\n第二行".getBytes(StandardCharsets.UTF_8), new byte[]{(byte) 0xFF}));
        TestCli.Run r = run(tp("screen", "-f", "jsonl", jsonl.toString(), txt.toString()));
        assertThat(r.exit()).isEqualTo(ExitCodes.UNREADABLE);
        List<JsonNode> lines = r.jsonl();
        assertThat(ids(lines)).containsExactly("1", jsonl + ":2", "3", txt.toString());
        assertThat(lines.get(1).get("error").asText()).startsWith(jsonl + ":2: not valid UTF-8");
        assertThat(lines.get(3).get("error").asText()).startsWith(txt + ":2: not valid UTF-8");
        assertThat(lines.get(2).get("verdict").asText()).isEqualTo("REVIEW");
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void aPathThatNamesNothingIsAUsageErrorNeverAText() {
        for (String arg : List.of("data/posts.json", "nothere", "no/such/posts.jsonl", "这个偏方")) {
            TestCli.Run r = run(tp("screen", "-f", "jsonl", "-t", "这个偏方", arg));
            assertThat(r.exit()).as(arg).isEqualTo(ExitCodes.USAGE);
            assertThat(r.out()).as("nothing screened").isEmpty();
            assertThat(r.err()).isEqualTo("bianwei: " + arg + ": no such file or directory (to screen it as a text: "
                    + "bianwei screen -t '" + arg + "')\n");
        }
        TestCli.Run text = run(tp("screen", "-f", "jsonl", "--text", "nothere", "-t", "这个偏方"));
        assertThat(ids(text.jsonl())).containsExactly("arg1", "arg2");
        assertThat(run("screen").err()).contains("no input");
    }

    @Test
    void textsAndPathsKeepTheirCommandLineOrder() throws IOException {
        Path f = dir.resolve("a.jsonl");
        Files.writeString(f, "{\"id\":\"j1\",\"text\":\"好\"}\n");
        TestCli.Run r = run(tp("screen", "-f", "jsonl", "-t", "一", f.toString(), "-t", "二"));
        assertThat(ids(r.jsonl())).containsExactly("arg1", "j1", "arg3");
        assertThat(r.jsonl().get(2).get("verdict").asText()).isEqualTo("PASS");
    }

    @Test
    void stdinIsReadAsJsonlOrTextOrLines() {
        TestCli.Run jsonl = runWithStdin("\n{\"id\":\"a\",\"text\":\"这个偏方\"}\n{\"id\":\"b\",\"text\":\"好\"}",
                tp("screen", "-f", "jsonl", "-"));
        assertThat(ids(jsonl.jsonl())).containsExactly("a", "b");
        assertThat(jsonl.exit()).isEqualTo(ExitCodes.OK);
        assertThat(jsonl.err()).contains("2 documents");

        TestCli.Run text = runWithStdin("第一段。\n\n第二段提到神药。\n", tp("screen", "-f", "jsonl", "-"));
        assertThat(text.jsonl()).hasSize(1);
        JsonNode doc = text.jsonl().get(0);
        assertThat(doc.get("id").asText()).isEqualTo("stdin");
        assertThat(doc.get("findings").get(0).get("spans").get(0).get("start").asInt()).isEqualTo(11);

        TestCli.Run lines = runWithStdin("这个偏方\n\n好\n", tp("screen", "-f", "jsonl", "--stdin-format", "lines", "-"));
        assertThat(ids(lines.jsonl())).containsExactly("stdin:1", "stdin:3");

        assertThat(runWithStdin("{\"text\":\"x\"}", tp("screen", "-", "-")).exit()).isEqualTo(ExitCodes.USAGE);

        for (String empty : List.of("", " \n\n")) {
            TestCli.Run none = runWithStdin(empty, tp("screen", "-f", "jsonl", "-"));
            assertThat(none.exit()).as("an empty stdin is not a PASS").isEqualTo(ExitCodes.UNREADABLE);
            assertThat(none.jsonl().get(0).get("error").asText()).isEqualTo("stdin: empty input: nothing to screen");
        }
        assertThat(runWithStdin("", tp("screen", "-f", "jsonl", "--stdin-format", "jsonl", "-")).out())
                .as("an empty JSONL stream is zero records").isEmpty();
    }

    @Test
    void threadsKeepInputOrderAndCount() throws IOException {
        String[] texts = {"这个偏方", "今天天气很好", "出售开房记录", "辟谣：神药不存在", "{not json"};
        String[] verdicts = {"REVIEW", "PASS", "BLOCK", "PASS", "ERROR"};
        StringBuilder sb = new StringBuilder();
        int n = 300;
        for (int i = 0; i < n; i++) {
            String t = texts[i % texts.length];
            sb.append(t.startsWith("{") ? t : "{\"id\":\"d" + i + "\",\"text\":\"" + t + "\"}").append('\n');
        }
        Path f = dir.resolve("many.jsonl");
        Files.writeString(f, sb);
        TestCli.Run two = run(tp("screen", "-f", "jsonl", "--threads", "2", f.toString()));
        TestCli.Run one = run(tp("screen", "-f", "jsonl", "--threads", "1", f.toString()));
        assertThat(two.exit()).isEqualTo(ExitCodes.UNREADABLE);
        List<JsonNode> lines = two.jsonl();
        assertThat(lines).hasSize(n);
        assertThat(ids(lines)).isEqualTo(ids(one.jsonl()));
        for (int i = 0; i < n; i++) {
            assertThat(lines.get(i).get("id").asText()).isEqualTo(i % 5 == 4 ? f + ":" + (i + 1) : "d" + i);
            assertThat(lines.get(i).get("verdict").asText()).isEqualTo(verdicts[i % 5]);
        }
        assertThat(two.err()).contains("300 documents: 120 PASS, 60 REVIEW, 60 BLOCK, 60 errors");
    }

    // --- stderr: progress and summary ------------------------------------------------------------------------------

    @Test
    void progressShowsWheneverStderrIsATerminalAndTheSummaryCountsCategoriesAndRules() throws IOException {
        Path f = dir.resolve("p.jsonl");
        Files.writeString(f, IntStream.range(0, 50).mapToObj(i -> "{\"id\":\"" + i + "\",\"text\":\""
                        + (i % 10 == 0 ? "出售开房记录" : "偏方" + i) + "\"}").reduce("", (a, b) -> a + b + "\n"));
        long before = Progress.firstDrawNanos;
        Progress.firstDrawNanos = 0; // a quick run draws nothing otherwise
        try {
            for (boolean stdoutTty : List.of(false, true)) {
                TestCli.Run tty = run(TestCli.env(new ByteArrayInputStream(new byte[0]), stdoutTty, true),
                        tp("screen", "-f", "jsonl", f.toString()));
                assertThat(tty.err()).as("stdout a terminal: " + stdoutTty).contains("\r[").contains("docs/s")
                        .contains("50 documents: 0 PASS, 45 REVIEW, 5 BLOCK");
                assertThat(tty.jsonl()).hasSize(50);
            }
            TestCli.Run quiet = run(TestCli.env(new ByteArrayInputStream(new byte[0]), false, true),
                    tp("screen", "-q", "-f", "jsonl", f.toString()));
            assertThat(quiet.err()).isEmpty();
        } finally {
            Progress.firstDrawNanos = before;
        }
        TestCli.Run piped = run(tp("screen", "-f", "jsonl", f.toString()));
        assertThat(piped.err()).doesNotContain("\r").matches("(?s)50 documents: 0 PASS, 45 REVIEW, 5 BLOCK, 0 errors "
                + "in [0-9.]+ s \\([0-9.]+ docs/s\\)\n"
                + "flagged by category  REVIEW   BLOCK\n"
                + "  privacy_abuse           0       5\n"
                + "  pseudo_science         45       0\n"
                + "flagged by rule        docs\n"
                + "  PS_T_REMEDY            45\n"
                + "  PA_T_SPY                5\n");
    }

    /** On a terminal, a batch of more than 20 documents shows only what a moderator must look at. */
    @Test
    void aLargeBatchOnATerminalShowsOnlyTheFlaggedResults() throws IOException {
        Path f = dir.resolve("q.jsonl");
        Files.writeString(f, IntStream.range(0, 30).mapToObj(i -> i == 29 ? "{broken" : "{\"id\":\"d" + i
                + "\",\"text\":\"" + (i % 10 == 3 ? "这个偏方" : "今天天气很好") + "\"}").reduce("", (a, b) -> a + b + "\n"));
        java.util.function.Function<String[], TestCli.Run> onTty = a -> run(TestCli.env(
                new ByteArrayInputStream(new byte[0]), true, false), a);
        TestCli.Run review = onTty.apply(tp("screen", "--color", "never", f.toString()));
        assertThat(review.out().lines().filter(l -> !l.startsWith(" ")).toList()).containsExactly(
                "d3  REVIEW  score 50  (pseudo_science 50)", "d13  REVIEW  score 50  (pseudo_science 50)",
                "d23  REVIEW  score 50  (pseudo_science 50)",
                f + ":30  ERROR  " + f + ":30: broken JSON: expected a key in double quotes at column 2, found 'b'");
        assertThat(review.err()).contains("more than 20 documents: showing only REVIEW, BLOCK and ERROR results "
                + "(--all shows every one").contains("30 documents: 26 PASS, 3 REVIEW, 0 BLOCK, 1 error");
        assertThat(onTty.apply(tp("screen", "--all", "--color", "never", f.toString())).out().lines()
                .filter(l -> !l.startsWith(" ")).count()).isEqualTo(30);
        Path small = dir.resolve("small.jsonl");
        Files.writeString(small, "{\"id\":\"a\",\"text\":\"好\"}\n{\"id\":\"b\",\"text\":\"偏方\"}\n");
        assertThat(onTty.apply(tp("screen", "--color", "never", small.toString())).out())
                .startsWith("a  PASS  score 0\nb  REVIEW");
        // in a pipe every line is there, unless --flagged
        assertThat(run(tp("screen", f.toString())).jsonl()).hasSize(30);
        assertThat(ids(run(tp("screen", "--flagged", f.toString())).jsonl()))
                .containsExactly("d3", "d13", "d23", f + ":30");
    }

    /** A closed stdout once ended the run with the code of the documents so far (0 or 1) and no word on stderr. */
    @Test
    void aClosedStdoutEndsTheRunWithItsOwnCodeAndSaysHowFarItGot() throws IOException {
        Path f = dir.resolve("big.jsonl");
        Files.writeString(f, IntStream.range(0, 2000).mapToObj(i -> "{\"id\":\"" + i + "\",\"text\":\"偏方\"}")
                .reduce(new StringBuilder(), (a, b) -> a.append(b).append('\n'), StringBuilder::append));
        for (String threads : List.of("1", "2")) {
            int[] written = {0};
            StringWriter err = new StringWriter();
            int code = Main.commandLine(TestCli.env(new ByteArrayInputStream(new byte[0]), false, false),
                    Output.of(failingAfter(1000, "Broken pipe", written)), new PrintWriter(err))
                    .execute(tp("screen", "-f", "jsonl", "--fail-on", "review", "--threads", threads, f.toString()));
            assertThat(code).as("not 0, not 1: the output is incomplete").isEqualTo(ExitCodes.STDOUT_CLOSED)
                    .isEqualTo(141);
            assertThat(err.toString()).as("how far, no stack trace, no summary").matches("bianwei: stdout was closed "
                    + "\\(the reader went away, e\\.g\\. \\| head\\): stopped after [0-4] of the \\d+ records read "
                    + "so far; the output is incomplete\\R");
            assertThat(written[0]).isLessThan(2000 * 20);
        }
        StringWriter err = new StringWriter();
        int code = Main.commandLine(TestCli.env(new ByteArrayInputStream(new byte[0]), false, false),
                Output.of(failingAfter(100, "Broken pipe", new int[1])), new PrintWriter(err))
                .execute(tp("explain", "偏方"));
        assertThat(code).as("any command").isEqualTo(ExitCodes.STDOUT_CLOSED);
        assertThat(err.toString()).isEqualTo("bianwei: stdout was closed (the reader went away, e.g. | head) before "
                + "all the output was written" + System.lineSeparator());
    }

    /** {@code >/dev/full} once exited 0 with nothing written and no message. */
    @Test
    void aWriteErrorIsExitFourWithAMessage() throws IOException {
        Path f = dir.resolve("some.jsonl");
        Files.writeString(f, "{\"id\":\"1\",\"text\":\"偏方\"}\n{\"id\":\"2\",\"text\":\"好\"}\n");
        for (String[] args : List.of(tp("screen", "-f", "jsonl", f.toString()), tp("screen", "-f", "json", f.toString()),
                tp("rules list"), tp("explain", "偏方"))) {
            StringWriter err = new StringWriter();
            int code = Main.commandLine(TestCli.env(new ByteArrayInputStream(new byte[0]), false, false),
                    Output.of(failingAfter(0, "No space left on device", new int[1])), new PrintWriter(err))
                    .execute(args);
            assertThat(code).as(String.join(" ", args)).isEqualTo(ExitCodes.INTERNAL);
            assertThat(err.toString()).as(String.join(" ", args)).contains("No space left on device")
                    .doesNotContain("Exception");
        }
    }

    private static OutputStream failingAfter(int bytes, String message, int[] written) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written[0] + len > bytes) {
                    throw new IOException(message);
                }
                written[0] += len;
            }
        };
    }

    // --- records that used to be lost or mangled -------------------------------------------------------------------

    @Test
    void twoObjectsOnALineAndCrLineEndsLoseNothing() throws IOException {
        Path f = dir.resolve("mixed.jsonl");
        Files.writeString(f, "{\"id\":\"1\",\"text\":\"偏方\"} {\"id\":\"2\",\"text\":\"好\"}\r"
                + "{\"id\":\"3\",\"text\":\"好\"}\r{\"id\":\"4\",\"text\":\"出售开房记录\"}");
        TestCli.Run r = run(tp("screen", "-f", "jsonl", f.toString()));
        assertThat(r.exit()).isEqualTo(ExitCodes.UNREADABLE);
        assertThat(ids(r.jsonl())).containsExactly("1", "3", "4");
        assertThat(r.jsonl().get(0).get("error").asText()).startsWith(f + ":1: trailing content after the JSON object");
    }

    @Test
    void utf16InputIsOneErrorSayingSo() throws IOException {
        Path f = dir.resolve("u16.jsonl");
        Files.write(f, "{\"id\":\"1\",\"text\":\"偏方\"}\n{\"id\":\"2\",\"text\":\"好\"}\n".getBytes(StandardCharsets.UTF_16));
        TestCli.Run r = run(tp("screen", "-f", "jsonl", f.toString()));
        assertThat(r.exit()).isEqualTo(ExitCodes.UNREADABLE);
        assertThat(r.jsonl()).hasSize(1);
        assertThat(r.jsonl().get(0).get("id").asText()).isEqualTo(f.toString());
        assertThat(r.jsonl().get(0).get("error").asText()).startsWith(f + ": the input is UTF-16 (big-endian "
                + "byte-order mark FE FF), not UTF-8");
    }

    @Test
    void anOverLongRecordIsAnErrorWithItsId() throws IOException {
        Path f = dir.resolve("long.jsonl");
        Files.writeString(f, "{\"id\":\"big\",\"text\":\"" + "长".repeat(2000) + "\"}\n{\"id\":\"ok\",\"text\":\"偏方\"}\n");
        TestCli.Run r = run(tp("screen", "-f", "jsonl", "--max-record-bytes", "1k", f.toString()));
        assertThat(ids(r.jsonl())).containsExactly("big", "ok");
        assertThat(r.jsonl().get(0).get("error").asText()).isEqualTo(f + ":1: record of 6022 bytes is over the limit "
                + "of 1024 bytes per record");
        assertThat(r.jsonl().get(1).get("verdict").asText()).isEqualTo("REVIEW");
    }

    @Test
    void compressedFilesInAFolderAreRead() throws IOException {
        try (OutputStream gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("a.jsonl.gz")))) {
            gz.write("{\"id\":\"z1\",\"text\":\"偏方\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve("b.jsonl.xz"), "not really xz");
        TestCli.Run r = run(tp("screen", "-f", "jsonl", dir.toString()));
        assertThat(ids(r.jsonl())).containsExactly("z1", dir.resolve("b.jsonl.xz").toString());
        assertThat(r.jsonl().get(1).get("error").asText()).contains("xz-compressed: decompress it first");
    }

    @Test
    void tooManyThreadsAreCapped() {
        TestCli.Run r = run(tp("screen", "-f", "jsonl", "--threads", "50000", "-t", "偏方"));
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("--threads 50000 is more than this machine can use")
                .contains("using " + BatchRunner.maxThreads());
    }

    // --- folder walks: links and special files -----------------------------------------------------------------------

    @Test
    void walksDoNotFollowLinksOutOfTheFoldersAndNeverOpenAFifo() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "出售开房记录");
        Files.writeString(tree.resolve("real.txt"), "这个偏方");
        Files.createSymbolicLink(tree.resolve("a-link-out.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(tree.resolve("b-dir-out"), outside);
        Files.createSymbolicLink(tree.resolve("c-link-in.txt"), tree.resolve("real.txt"));
        Files.createSymbolicLink(tree.resolve("d-link-in-too.txt"), Path.of("real.txt"));
        Files.createSymbolicLink(tree.resolve("e-dangling.txt"), tree.resolve("gone.txt"));
        Process mkfifo = new ProcessBuilder("mkfifo", tree.resolve("f-pipe.jsonl").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();

        TestCli.Run r = run(tp("screen", "-f", "jsonl", tree.toString()));
        assertThat(r.exit()).isEqualTo(ExitCodes.UNREADABLE);
        List<JsonNode> lines = r.jsonl();
        assertThat(ids(lines)).containsExactly(tree.resolve("a-link-out.txt").toString(),
                tree.resolve("b-dir-out").toString(), tree.resolve("e-dangling.txt").toString(),
                tree.resolve("f-pipe.jsonl").toString(), tree.resolve("real.txt").toString());
        assertThat(lines.get(0).get("error").asText()).isEqualTo(tree.resolve("a-link-out.txt") + ": symbolic link to "
                + "a file outside the given folders (" + outside.resolve("secret.txt") + "): not read (--follow reads it)");
        assertThat(lines.get(1).get("error").asText()).contains("symbolic link to a folder outside the given folders");
        assertThat(lines.get(2).get("error").asText()).isEqualTo(tree.resolve("e-dangling.txt")
                + ": dangling symbolic link (to " + tree.resolve("gone.txt") + ")");
        assertThat(lines.get(3).get("error").asText()).contains("not a regular file (a named pipe, socket or device)");
        assertThat(lines.get(4).get("verdict").asText()).as("read once, in its own place").isEqualTo("REVIEW");

        TestCli.Run follow = run(tp("screen", "-f", "jsonl", "--follow", tree.toString()));
        assertThat(ids(follow.jsonl())).as("secret.txt is reached twice (a-link-out.txt, b-dir-out/), real.txt three "
                + "times: each is read once, under its own path when the walk reached it there")
                .containsExactly(tree.resolve("a-link-out.txt").toString(), tree.resolve("e-dangling.txt").toString(),
                        tree.resolve("f-pipe.jsonl").toString(), tree.resolve("real.txt").toString());
        assertThat(follow.jsonl().get(0).get("verdict").asText()).isEqualTo("BLOCK");
        assertThat(follow.jsonl().get(2).get("error").asText()).as("never opened, even with --follow")
                .contains("not a regular file");
    }

    /** A folder named through a symbolic link (a clone's seeds/ linked elsewhere) once gave "0 documents", exit 0. */
    @Test
    void aFolderNamedThroughALinkIsWalkedUnderTheNameGiven() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real-folder/sub"));
        Files.writeString(real.resolve("a.txt"), "这个偏方");
        Files.writeString(real.getParent().resolve("b.jsonl"), "{\"id\":\"b1\",\"text\":\"好\"}\n");
        Path link = Files.createSymbolicLink(dir.resolve("linked"), real.getParent());
        for (String arg : List.of(link.toString(), link + "/")) {
            TestCli.Run r = run(tp("screen", "-f", "jsonl", arg));
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(ids(r.jsonl())).containsExactly("b1", link.resolve("sub/a.txt").toString());
        }
    }

    // --- crashes never look like results ---------------------------------------------------------------------------

    /** A copy of the test pack whose PS_T_REMEDY consequence is {@code code} instead of {@code out.emit}. */
    private Path packWithConsequence(String code) throws IOException {
        Path pack = Files.createDirectories(dir.resolve("pack-" + Integer.toHexString(code.hashCode())));
        Files.createDirectories(pack.resolve("terms"));
        Files.copy(TestCli.testPack().resolve("terms/t_remedy.txt"), pack.resolve("terms/t_remedy.txt"));
        Files.writeString(pack.resolve("pseudo.drl"), Files.readString(TestCli.testPack().resolve("pseudo.drl"))
                .replace("    out.emit(kcontext, $h);\n", "    " + code + "\n"));
        return pack;
    }

    /** An OutOfMemoryError in a rule once escaped main: exit 1 ("--fail-on matched") with a JVM stack trace. */
    @Test
    void anErrorInARunIsExitFourAndSaysHowFarTheRunGot() throws IOException {
        Path pack = packWithConsequence("if (true) { throw new OutOfMemoryError(\"simulated\"); }");
        Path f = dir.resolve("four.jsonl");
        Files.writeString(f, "{\"id\":\"a\",\"text\":\"今天天气很好\"}\n{\"id\":\"b\",\"text\":\"这个神药\"}\n"
                + "{\"id\":\"c\",\"text\":\"好\"}\n{\"id\":\"d\",\"text\":\"好\"}\n");
        for (String threads : List.of("1", "2")) {
            TestCli.Run r = run("screen", "-f", "jsonl", "--no-default", "--rules", pack.toString(), "--threads",
                    threads, f.toString());
            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.INTERNAL);
            assertThat(ids(r.jsonl())).as("what was done before is out").containsExactly("a");
            assertThat(r.err()).as(r.toString()).startsWith("bianwei: internal error: out of memory "
                    + "(java.lang.OutOfMemoryError: simulated); stopped after 1 of the ")
                    .contains("records read so far, the output is incomplete")
                    .contains("-Xmx").contains("(run with -v for the stack trace)").doesNotContain("\tat ");
        }
        assertThat(run("screen", "-f", "jsonl", "-v", "--no-default", "--rules", pack.toString(), "--threads", "1",
                f.toString()).err()).as("-v: the stack trace").contains("\tat ");
        TestCli.Run explain = run("explain", "--no-default", "--rules", pack.toString(), "这个神药");
        assertThat(explain.exit()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(explain.err()).startsWith("bianwei: internal error: out of memory");
    }

    @Test
    void aFifoNamedOnTheCommandLineIsAUsageErrorNotAHang() throws Exception {
        Path fifo = dir.resolve("named.jsonl");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        java.util.concurrent.CompletableFuture<TestCli.Run> screen = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> run(tp("screen", "-f", "jsonl", fifo.toString())));
        TestCli.Run r = screen.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("bianwei: " + fifo + ": not a regular file (a named pipe, socket or device): "
                + "not opened, since reading it may wait forever (to read what a pipe carries, give - and redirect it: "
                + "- < " + fifo + ")" + System.lineSeparator());
        TestCli.Run eval = java.util.concurrent.CompletableFuture.supplyAsync(() -> run(tp("eval", "--labels",
                fifo.toString()))).get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(eval.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(eval.err()).contains("not a regular file");
    }

    // --- records pass through as they were written -------------------------------------------------------------------

    @Test
    void passedThroughFieldsAndIdsAreWrittenExactlyAsTheyWereRead() throws IOException {
        Path f = dir.resolve("exact.jsonl");
        Files.writeString(f, "{\"id\":1E2,\"text\":\"好\",\"p\":0.10000000000000000555,\"big\":1e400,\"e\":1E2,"
                + "\"z\":-0,\"o\":{\"n\":[1.50,\"\\u00e9\"]}}\n"
                + "{\"id\":\"\\ud800\",\"text\":\"好\",\"src\":\"w\"}\n"
                + "{\"id\":\"dup\",\"text\":\"偏方\",\"text\":\"好\"}\n"
                + "{\"id\":\"s\",\"text\":\"好\",\"src\":\"a\\udc00\"}\n"
                + "{\"id\":\"b\",\"text\":\"好\"\n");
        TestCli.Run r = run(tp("screen", "-f", "jsonl", f.toString()));
        assertThat(r.exit()).isEqualTo(ExitCodes.UNREADABLE);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("{\"id\":\"1E2\",\"verdict\":\"PASS\"")
                .endsWith(",\"p\":0.10000000000000000555,\"big\":1e400,\"e\":1E2,\"z\":-0,\"o\":{\"n\":[1.50,\"é\"]}}");
        List<JsonNode> json = r.jsonl();
        assertThat(ids(json)).containsExactly("1E2", f + ":2", "dup", "s", "b");
        assertThat(json.get(1).get("error").asText()).isEqualTo(f + ":2: field \"id\" holds an unpaired surrogate "
                + "(\\ud800, at column 7): not valid Unicode, so it cannot be read or written back");
        assertThat(json.get(2).get("error").asText()).isEqualTo(f + ":3: the key \"text\" appears twice in one object "
                + "(again at column 25): which value is meant is unclear");
        assertThat(json.get(3).get("error").asText()).startsWith(f + ":4: field \"src\" holds an unpaired surrogate");
        assertThat(json.get(4).get("error").asText()).isEqualTo(f + ":5: broken JSON: the object that starts at "
                + "column 1 is not closed (input ended at column 21)");
    }
}
