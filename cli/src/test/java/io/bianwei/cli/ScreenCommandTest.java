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
        TestCli.Run r = run("screen", "--format", "jsonl", CURE);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FLAGGED);
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
    void exitCodesFollowVerdictsAndFailOn() {
        assertThat(run(tp("screen", "今天天气很好")).exit()).isEqualTo(ExitCodes.OK);
        assertThat(run(tp("screen", "这个偏方")).exit()).as("REVIEW").isEqualTo(ExitCodes.FLAGGED);
        assertThat(run(tp("screen", "--fail-on", "block", "这个偏方")).exit()).isEqualTo(ExitCodes.OK);
        assertThat(run(tp("screen", "--fail-on", "block", "出售开房记录")).exit()).isEqualTo(ExitCodes.FLAGGED);
        assertThat(run(tp("screen", "--fail-on", "never", "出售开房记录")).exit()).isEqualTo(ExitCodes.OK);
        assertThat(run(tp("screen", "--fail-on", "nope", "x")).exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void thresholdsOnlyAndDisableReachTheScreener() {
        JsonNode review = run(tp("screen", "-f", "jsonl", "这个偏方")).jsonl().get(0);
        assertThat(review.get("verdict").asText()).isEqualTo("REVIEW");
        assertThat(review.get("score").asInt()).isEqualTo(50);
        assertThat(run(tp("screen", "-f", "jsonl", "--threshold", "review=60", "这个偏方")).jsonl().get(0)
                .get("verdict").asText()).isEqualTo("PASS");
        assertThat(run(tp("screen", "-f", "jsonl", "--threshold", "review=30,block=50", "这个偏方")).jsonl().get(0)
                .get("verdict").asText()).isEqualTo("BLOCK");
        assertThat(run(tp("screen", "-f", "jsonl", "--only", "privacy_abuse", "这个偏方，出售开房记录")).jsonl().get(0)
                .get("categories").fieldNames()).toIterable().containsExactly("privacy_abuse");
        TestCli.Run disabled = run(tp("screen", "-f", "jsonl", "--disable", "PS_T_REMEDY", "这个偏方"));
        assertThat(disabled.exit()).isZero();
        assertThat(disabled.jsonl().get(0).get("findings")).isEmpty();
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("screen").exit()).as("no input").isEqualTo(ExitCodes.USAGE);
        assertThat(run("screen", "--bogus", "x").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("screen", "--threads", "0", "x").exit()).isEqualTo(ExitCodes.USAGE);
        TestCli.Run badThreshold = run(tp("screen", "--threshold", "review=80,block=50", "x"));
        assertThat(badThreshold.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badThreshold.err()).contains("review (80) must not be above block (50)");
        assertThat(run(tp("screen", "--threshold", "warn=3", "x")).exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run(tp("screen", "--only", "health", "x")).err()).contains("unknown category 'health'");
        TestCli.Run unknownRule = run(tp("screen", "--disable", "PS_NOPE", "x"));
        assertThat(unknownRule.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownRule.err()).contains("cannot disable unknown rule PS_NOPE");
        assertThat(run("screen", "--no-default", "x").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aRulesPackThatDoesNotCompileIsAUsageErrorNamingFileAndLine() throws IOException {
        Files.createDirectories(dir.resolve("terms"));
        Files.writeString(dir.resolve("terms/remedy.txt"), "神药\n");
        Path drl = dir.resolve("broken.drl");
        Files.writeString(drl, RulesCommandTest.BROKEN_DRL);
        TestCli.Run r = run("screen", "--rules", dir.toString(), "x");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains(drl + ":8:");
        assertThat(r.out()).isEmpty();
    }

    // --- formats -------------------------------------------------------------------------------------------------

    @Test
    void defaultFormatIsTextOnATerminalAndJsonlOtherwise() {
        TestCli.Run piped = run(TestCli.env(new ByteArrayInputStream(new byte[0]), false, false),
                tp("screen", "这个偏方"));
        assertThat(TestCli.json(piped.out().strip()).get("verdict").asText()).isEqualTo("REVIEW");
        TestCli.Run tty = run(TestCli.env(new ByteArrayInputStream(new byte[0]), true, false),
                tp("screen", "--color", "never", "这个偏方"));
        assertThat(tty.out()).startsWith("arg1  REVIEW  score 50");
    }

    @Test
    void textFormatShowsVerdictFindingsAndHighlightedEvidence() {
        TestCli.Run r = run(tp("screen", "-f", "text", "辟谣：这个神药不存在", "这个偏方\n很灵"));
        assertThat(r.exit()).isEqualTo(ExitCodes.FLAGGED);
        assertThat(r.out()).isEqualTo("""
                arg1  PASS  score 0  (pseudo_science 0)
                  CTX_T_DEBUNK  -60  pseudo_science  辟谣语境
                      «辟谣»：这个神药不存在
                  PS_T_REMEDY  +50  pseudo_science  提到神药或偏方
                      辟谣：这个«神药»不存在
                arg2  REVIEW  score 50  (pseudo_science 50)
                  PS_T_REMEDY  +50  pseudo_science  提到神药或偏方
                      这个«偏方» 很灵
                """);
        assertThat(r.out()).doesNotContain("\u001b[");
        TestCli.Run colour = run(tp("screen", "-f", "text", "--color", "always", "这个偏方"));
        assertThat(colour.out()).contains("\u001b[1;33mREVIEW\u001b[0m").contains("\u001b[1;4;31m偏方\u001b[0m");
    }

    @Test
    void textFormatCutsLongTextsToWindowsAroundTheEvidence() {
        String text = "一".repeat(100) + "神药" + "二".repeat(100);
        String line = run(tp("screen", "-f", "text", text)).out().split("\n")[2].strip();
        assertThat(line).isEqualTo("…" + "一".repeat(16) + "«神药»" + "二".repeat(16) + "…");
    }

    @Test
    void jsonFormatIsOneDocumentWithResultsAndSummary() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "这个偏方");
        Files.writeString(dir.resolve("b.jsonl"), "{\"id\":\"j1\",\"text\":\"出售开房记录\"}\n{\"id\":\"j2\",\"text\":\"好\"}\n");
        TestCli.Run r = run(tp("screen", "--format", "json", dir.toString()));
        assertThat(r.exit()).isEqualTo(ExitCodes.FLAGGED);
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
        assertThat(ids(lines)).containsExactly("1", f + ":2", f + ":3", "4", "5");
        assertThat(lines.stream().map(n -> n.get("verdict").asText()))
                .containsExactly("REVIEW", "ERROR", "ERROR", "ERROR", "PASS");
        assertThat(lines.get(1).get("error").asText()).startsWith(f + ":2: malformed JSON");
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
    void aMissingFileIsAnErrorRecordNotAText() {
        TestCli.Run r = run(tp("screen", "-f", "jsonl", "no/such/posts.jsonl", "这个偏方"));
        assertThat(r.exit()).isEqualTo(ExitCodes.UNREADABLE);
        assertThat(r.jsonl().get(0).get("error").asText()).isEqualTo("no/such/posts.jsonl: no such file or directory");
        assertThat(r.jsonl().get(1).get("verdict").asText()).isEqualTo("REVIEW");
    }

    @Test
    void stdinIsReadAsJsonlOrTextOrLines() {
        TestCli.Run jsonl = runWithStdin("\n{\"id\":\"a\",\"text\":\"这个偏方\"}\n{\"id\":\"b\",\"text\":\"好\"}",
                tp("screen", "-f", "jsonl", "-"));
        assertThat(ids(jsonl.jsonl())).containsExactly("a", "b");
        assertThat(jsonl.exit()).isEqualTo(ExitCodes.FLAGGED);
        assertThat(jsonl.err()).contains("2 documents");

        TestCli.Run text = runWithStdin("第一段。\n\n第二段提到神药。\n", tp("screen", "-f", "jsonl", "-"));
        assertThat(text.jsonl()).hasSize(1);
        JsonNode doc = text.jsonl().get(0);
        assertThat(doc.get("id").asText()).isEqualTo("stdin");
        assertThat(doc.get("findings").get(0).get("spans").get(0).get("start").asInt()).isEqualTo(11);

        TestCli.Run lines = runWithStdin("这个偏方\n\n好\n", tp("screen", "-f", "jsonl", "--stdin-format", "lines", "-"));
        assertThat(ids(lines.jsonl())).containsExactly("stdin:1", "stdin:3");

        assertThat(runWithStdin("{\"text\":\"x\"}", tp("screen", "-", "-")).exit()).isEqualTo(ExitCodes.USAGE);
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
    void batchesShowAProgressBarOnATerminalAndASummaryLine() throws IOException {
        Path f = dir.resolve("p.jsonl");
        Files.writeString(f, IntStream.range(0, 50).mapToObj(i -> "{\"id\":\"" + i + "\",\"text\":\"偏方" + i + "\"}")
                .reduce("", (a, b) -> a + b + "\n"));
        TestCli.Run tty = run(TestCli.env(new ByteArrayInputStream(new byte[0]), false, true),
                tp("screen", "-f", "jsonl", f.toString()));
        assertThat(tty.err()).contains("\r[").contains("docs/s").contains("50 documents: 0 PASS, 50 REVIEW");
        assertThat(tty.jsonl()).hasSize(50);

        TestCli.Run piped = run(tp("screen", "-f", "jsonl", f.toString()));
        assertThat(piped.err()).doesNotContain("\r").matches("(?s)50 documents: 0 PASS, 50 REVIEW, 0 BLOCK, 0 errors "
                + "in [0-9.]+ s \\([0-9.]+ docs/s\\)\n");

        TestCli.Run quiet = run(TestCli.env(new ByteArrayInputStream(new byte[0]), false, true),
                tp("screen", "-q", "-f", "jsonl", f.toString()));
        assertThat(quiet.err()).isEmpty();
    }

    @Test
    void aClosedStdoutStopsTheRunQuietly() throws IOException {
        Path f = dir.resolve("big.jsonl");
        Files.writeString(f, IntStream.range(0, 2000).mapToObj(i -> "{\"id\":\"" + i + "\",\"text\":\"偏方\"}")
                .reduce(new StringBuilder(), (a, b) -> a.append(b).append('\n'), StringBuilder::append));
        int[] written = {0};
        OutputStream closing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written[0] > 1000) {
                    throw new IOException("Broken pipe");
                }
                written[0] += len;
            }
        };
        StringWriter err = new StringWriter();
        int code = Main.commandLine(TestCli.env(new ByteArrayInputStream(new byte[0]), false, false),
                new PrintWriter(new OutputStreamWriter(closing, StandardCharsets.UTF_8)), new PrintWriter(err))
                .execute(tp("screen", "-f", "jsonl", "--threads", "2", f.toString()));
        assertThat(code).isEqualTo(ExitCodes.FLAGGED);
        assertThat(err.toString()).as("no stack trace, no summary").isEmpty();
        assertThat(written[0]).isLessThan(2000);
    }
}
