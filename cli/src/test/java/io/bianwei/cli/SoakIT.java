package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz and soak: the jar screens a folder of malformed files (broken JSON, two objects on a line, CR-only line ends,
 * invalid UTF-8, UTF-16, a line over the record cap, binary junk, unpaired surrogates), huge texts (10 M chars dense
 * with claims, one 1.6 M-char sentence of claims) and ordinary posts, with the default pack and with the
 * pathological packs of the core's tests (a consequence that loops for ever, one that throws an Error, a condition
 * that throws, a sleeping consequence, a slow eval) — and every input record must come out exactly once, each line
 * a valid result or ERROR, the run within a bound, no stack trace.
 *
 * <p>The build runs one quick round (the default pack and two pathological ones). A soak, the same over every pack
 * with new random inputs until the time is up:
 * {@code mvn -B -q -pl cli -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SoakIT
 * -Dsoak.seconds=600}
 */
class SoakIT {
    private static final Path JAR = Path.of(System.getProperty("bianwei.jar", "target/bianwei.jar")).toAbsolutePath();
    private static final Path PATHOLOGICAL = Path.of("../core/src/test/resources/pathological").toAbsolutePath();
    /** Per run: far above what a round takes (~10-40 s), far below a hang. */
    private static final long RUN_LIMIT_SECONDS = 600;
    private static final String[] TEXTS = {
        "祖传秘方三天根治糖尿病，无效退款，加微信了解",
        "【辟谣】网传喝醋能软化血管？其实没有科学依据",
        "今天天气很好，我们去公园散步，看到很多人在锻炼身体。",
        "出售酒店摄像头破解账号，实时画面，可回放，价格私聊",
        "警方提醒：家用摄像头要及时修改默认密码，谨防被破解",
        "量子鞋垫能治失眠，纳米能量水调理体质，限时特价",
        "出四件套，开房记录，查人定位，社工库，懂的来",
        "這個偏方能根治高血壓，轉發給家人！",
        "偷​拍 视 频 出 售，vx 联系",
        "疫苗会导致自闭症，千万别给孩子打！",
        "医生提醒：偏方不能代替正规治疗，有病请到正规医院就诊。",
        "",
        "😀😀😀 ＡＢＣ　全角　空格 ①②③",
    };

    @TempDir
    Path dir;

    /**
     * What one input record must come out as: the id it has; for a line that cannot be read, its file and line; for
     * a file that is one document (or one ERROR), its file and line 0.
     */
    private record Expected(String id, String file, int line) {
    }

    @Test
    void everyRecordOfMalformedFilesHugeTextsAndPathologicalPacksIsAnsweredExactlyOnce() throws Exception {
        long seconds = Long.getLong("soak.seconds", 0);
        List<String> packs = new ArrayList<>(List.of("", "endless_consequence", "throwing_constraint"));
        if (seconds > 0) {
            packs = new ArrayList<>(List.of("", "endless_consequence", "error_in_consequence", "throwing_constraint",
                    "sleeping_consequence", "slow_eval"));
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int round = 0;
        do {
            for (String pack : packs) {
                Path corpus = Files.createDirectories(dir.resolve("round" + round + (pack.isEmpty() ? "" : "-" + pack)));
                List<Expected> expected = corpus(corpus, new Random(1_000L * round + pack.hashCode()));
                check(corpus, pack, expected);
            }
            round++;
        } while (System.nanoTime() < end);
    }

    private void check(Path corpus, String pack, List<Expected> expected) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", JAR.toString(), "screen", "-f", "jsonl", "-q", "--threads", "4"));
        if (!pack.isEmpty()) {
            cmd.addAll(List.of("--rules", PATHOLOGICAL.resolve(pack).toString()));
        }
        cmd.add(corpus.toString());
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        boolean done = p.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String what = "pack " + (pack.isEmpty() ? "default" : pack) + ", " + corpus.getFileName();
        assertThat(done).as("%s finished within %d s", what, RUN_LIMIT_SECONDS).isTrue();
        String stderr = err.get(30, TimeUnit.SECONDS);
        assertThat(p.exitValue()).as("%s: %s", what, stderr).isIn(ExitCodes.OK, ExitCodes.UNREADABLE);
        assertThat(stderr).as(what).doesNotContain("Exception in").doesNotContain("\tat ");
        List<JsonNode> lines = new ArrayList<>();
        for (String l : out.split("\n", -1)) {
            if (!l.isEmpty()) {
                lines.add(TestCli.json(l));
            }
        }
        Map<String, Integer> byId = new HashMap<>();
        for (JsonNode n : lines) {
            assertThat(n.get("verdict").asText()).as(what + ": " + n).isIn("PASS", "REVIEW", "BLOCK", "ERROR");
            byId.merge(n.get("id").asText(), 1, Integer::sum);
        }
        assertThat(lines).as("%s: one line per input record", what).hasSize(expected.size());
        for (Expected e : expected) {
            if (e.id() != null) {
                assertThat(byId.get(e.id())).as("%s: record %s answered once", what, e.id()).isEqualTo(1);
            } else if (e.line() == 0) {
                assertThat(byId.keySet().stream().filter(k -> k.contains(e.file())))
                        .as("%s: the document of %s answered once", what, e.file()).hasSize(1);
            } else {
                String suffix = e.file() + ":" + e.line();
                assertThat(byId.keySet().stream().filter(k -> k.endsWith(suffix)))
                        .as("%s: unreadable line %s answered once", what, suffix).hasSize(1);
            }
        }
    }

    /** Writes the inputs of one round; the records they hold, in no particular order. */
    private static List<Expected> corpus(Path d, Random rnd) throws IOException {
        List<Expected> out = new ArrayList<>();
        // ordinary posts, noised
        StringBuilder good = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String id = "g" + i;
            good.append("{\"id\":\"").append(id).append("\",\"text\":").append(quote(noise(rnd))).append("}\n");
            out.add(new Expected(id, null, 0));
        }
        Files.writeString(d.resolve("good.jsonl"), good);
        // broken lines between good ones, some with CR-only ends, one with invalid UTF-8, one over the record cap
        ByteArrayOutputStream broken = new ByteArrayOutputStream();
        int line = 0;
        for (int i = 0; i < 60; i++) {
            int kind = rnd.nextInt(9);
            String id = "b" + i;
            String end = rnd.nextInt(5) == 0 ? "\r" : rnd.nextInt(4) == 0 ? "\r\n" : "\n";
            line++;
            switch (kind) {
                case 0 -> { // truncated JSON: an ERROR keeping the id the line starts with
                    write(broken, "{\"id\":\"" + id + "\",\"text\":\"截断" + end);
                    out.add(new Expected(id, null, 0));
                }
                case 1 -> { // two objects on a line: an ERROR keeping the first's id
                    write(broken, "{\"id\":\"" + id + "\",\"text\":\"一\"} {\"id\":\"x" + i + "\",\"text\":\"二\"}" + end);
                    out.add(new Expected(id, null, 0));
                }
                case 2 -> { // text is not a string
                    write(broken, "{\"id\":\"" + id + "\",\"text\":" + rnd.nextInt() + "}" + end);
                    out.add(new Expected(id, null, 0));
                }
                case 3 -> { // not an object
                    write(broken, "[1,2,3]" + end);
                    out.add(new Expected(null, "broken.jsonl", line));
                }
                case 4 -> { // invalid UTF-8 inside the text
                    write(broken, "{\"id\":\"" + id + "\",\"text\":\"坏");
                    broken.write(new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
                    write(broken, "字节\"}" + end);
                    out.add(new Expected(null, "broken.jsonl", line));
                }
                case 5 -> { // unpaired surrogates (an ERROR naming the field, keeping the id) and control characters
                    write(broken, "{\"id\":\"" + id + "\",\"text\":\"偏方\\ud800根治\\udfff糖尿病\\u0000\\u0007\"}" + end);
                    out.add(new Expected(id, null, 0));
                }
                default -> {
                    write(broken, "{\"id\":\"" + id + "\",\"text\":" + quote(noise(rnd)) + "}" + end);
                    out.add(new Expected(id, null, 0));
                }
            }
        }
        line++;
        write(broken, "{\"id\":\"over-cap\",\"text\":\"");
        byte[] x = "祖传秘方根治糖尿病".repeat(1 << 10).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 700; i++) { // ~19 MB: over the 16 MiB record cap
            broken.write(x);
        }
        write(broken, "\"}\n");
        out.add(new Expected("over-cap", null, 0));
        line++;
        write(broken, "{\"id\":\"last\",\"text\":\"最后一条\"}\n");
        out.add(new Expected("last", null, 0));
        Files.write(d.resolve("broken.jsonl"), broken.toByteArray());
        // UTF-16: one ERROR that says so
        Files.write(d.resolve("utf16.jsonl"), ("{\"id\":\"u\",\"text\":\"偏方\"}\n").getBytes(StandardCharsets.UTF_16));
        out.add(new Expected(null, "utf16.jsonl", 0));
        // binary junk as a text file, an empty one, a 10 M-char text dense with claims, a 1.6 M-char sentence
        byte[] junk = new byte[100_000];
        rnd.nextBytes(junk);
        Files.write(d.resolve("junk.txt"), junk);
        out.add(new Expected(null, "junk.txt", 0));
        Files.writeString(d.resolve("empty.txt"), "");
        out.add(new Expected(null, "empty.txt", 0));
        try (OutputStream o = Files.newOutputStream(d.resolve("huge.txt"))) {
            byte[] claim = "这个偏方能根治糖尿病，转发给家人。".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 10_000_000 / 17; i++) {
                o.write(claim);
            }
        }
        out.add(new Expected(null, "huge.txt", 0));
        Files.writeString(d.resolve("one-sentence.txt"), "偏方根治糖尿病，".repeat(200_000));
        out.add(new Expected(null, "one-sentence.txt", 0));
        return out;
    }

    private static String quote(String s) {
        try {
            return io.bianwei.json.Jsonl.mapper().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A text of the set, with zero-width characters, full-width letters or emoji sprinkled in. */
    private static String noise(Random rnd) {
        String t = TEXTS[rnd.nextInt(TEXTS.length)];
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.length(); i += Character.charCount(t.codePointAt(i))) {
            sb.appendCodePoint(t.codePointAt(i)); // never between the halves of a pair: lone ones are escaped, above
            int r = rnd.nextInt(40);
            if (r == 0) {
                sb.append('\u200b');
            } else if (r == 1) {
                sb.append("😀");
            } else if (r == 2) {
                sb.append('Ａ');
            }
        }
        return sb.toString();
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
