package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar run as a user runs it ({@code java -jar target/bianwei.jar}), after {@code package}: Drools'
 * service files survive shading, logging is quiet, and closing the pipe (as {@code head} does) ends it cleanly.
 */
class JarIT {
    private static final Path JAR = Path.of(System.getProperty("bianwei.jar", "target/bianwei.jar"));

    record Result(int exit, String out, String err) {
    }

    private static ProcessBuilder java(String... args) {
        return javaWith(List.of(), args);
    }

    private static ProcessBuilder javaWith(List<String> jvm, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    private static Result run(String... args) throws Exception {
        Process p = java(args).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Result(p.exitValue(), out, err.get());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The README's quick start ({@code screen seeds/}), plus one text that must fire PS_CURE_CLAIM. */
    @Test
    void theQuickStartScreensTheSeedsFolderWithDroolsAndQuietLogging() throws Exception {
        assertThat(JAR).exists();
        Path seeds = Path.of("../seeds");
        long expected;
        try (var files = Files.list(seeds)) {
            expected = files.filter(p -> p.toString().endsWith(".txt")).count();
        }
        expected += Files.readAllLines(seeds.resolve("samples.jsonl")).stream().filter(l -> !l.isBlank()).count();
        Result r = run("screen", seeds + "/", "-t", "祖传秘方三天根治糖尿病，无效退款");
        assertThat(r.exit()).as("flagged content is not a failure: " + r).isEqualTo(ExitCodes.OK);
        List<JsonNode> lines = r.out().lines().map(TestCli::json).toList();
        assertThat(lines).as("jsonl when piped, one line per document").hasSize((int) expected + 1);
        assertThat(lines.get(0).get("id").asText()).endsWith("000_ec6c90cbe1acbcf1.txt");
        assertThat(lines.get(0).get("verdict").asText()).as("the seed news article").isEqualTo("PASS");
        assertThat(lines.get(lines.size() - 1).get("findings").toString()).contains("PS_CURE_CLAIM");
        assertThat(r.err()).as("no logging noise: only the summary")
                .matches("(?s)" + (expected + 1) + " documents: [^\n]* docs/s\\)\nflagged by category .*");
        assertThat(r.err().lines().filter(l -> !l.startsWith("  ") && !l.startsWith("flagged by") && !l.contains(
                " documents: "))).as("nothing else on stderr").isEmpty();
    }

    @Test
    void aClosedPipeEndsTheRunWithoutAStackTrace() throws Exception {
        Path input = Files.createTempFile("bianwei-it", ".jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            sb.append("{\"id\":\"").append(i).append("\",\"text\":\"这个偏方").append(i).append("\"}\n");
        }
        Files.writeString(input, sb);
        try {
            Process p = java("screen", "--format", "jsonl", "--no-default", "--rules", "target/test-classes/testpack",
                    input.toString()).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).startsWith("{\"id\":\"0\"");
            } // like `head -1`: the reader goes away
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the process stops").isTrue();
            assertThat(p.exitValue()).as("the output is incomplete: not 0").isEqualTo(ExitCodes.STDOUT_CLOSED);
            assertThat(err.get()).doesNotContain("Exception").doesNotContain("at io.bianwei")
                    .matches("bianwei: stdout was closed \\(the reader went away, e\\.g\\. \\| head\\): stopped after "
                            + "\\d+ of the \\d+ records read so far; the output is incomplete\\R");
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /**
     * The README's service commands: {@code java -jar bianwei.jar serve} answers the curl of the README, logs where it
     * listens and when it is ready, and stops on SIGTERM without a stack trace.
     */
    @Test
    void serveAnswersOverHttpAndStopsOnSigterm() throws Exception {
        Process p = java("serve", "--port", "0").redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        StringBuilder log = new StringBuilder();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            java.util.regex.Pattern listening = java.util.regex.Pattern.compile("listening on (http://\\S+)");
            java.net.URI uri = null;
            String line;
            while ((line = err.readLine()) != null) {
                log.append(line).append('\n');
                java.util.regex.Matcher m = listening.matcher(line);
                if (m.find()) { // said once the pack is built and requests are screened
                    uri = java.net.URI.create(m.group(1));
                    assertThat(line).as(line).contains("ruleset");
                    break;
                }
            }
            assertThat(uri).as(log.toString()).isNotNull();
            assertThat(uri.getHost()).as("loopback by default").isEqualTo("127.0.0.1");
            CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> {
                StringBuilder sb = new StringBuilder();
                try {
                    for (String l = err.readLine(); l != null; l = err.readLine()) {
                        sb.append(l).append('\n');
                    }
                } catch (IOException e) {
                    sb.append("(stderr: ").append(e.getMessage()).append(")\n");
                }
                return sb.toString();
            });
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> ready = http.send(java.net.http.HttpRequest.newBuilder(uri.resolve("/readyz"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(uri.resolve("/v1/screen"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"id\":\"p1\",\"text\":\"祖传秘方三天根治糖尿病，无效退款\"}", StandardCharsets.UTF_8)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode result = TestCli.json(r.body());
            assertThat(result.get("id").asText()).isEqualTo("p1");
            assertThat(result.get("findings").toString()).contains("PS_CURE_CLAIM");
            // SIGTERM, as a supervisor sends it (Process.destroy would also close our end of stderr)
            assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor()).isZero();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            String tail = rest.get(10, TimeUnit.SECONDS);
            assertThat(tail).as(tail).contains("stopped in").doesNotContain("Exception").doesNotContain("\tat ");
        } finally {
            p.destroyForcibly();
        }
    }

    /** A pack copied from the test pack with PS_T_REMEDY's consequence replaced by {@code code}. */
    private static Path packWithConsequence(String code) throws IOException {
        Path pack = Files.createTempDirectory("bianwei-pack");
        Files.createDirectories(pack.resolve("terms"));
        Files.copy(Path.of("target/test-classes/testpack/terms/t_remedy.txt"), pack.resolve("terms/t_remedy.txt"));
        Files.writeString(pack.resolve("pseudo.drl"), Files.readString(Path.of("target/test-classes/testpack/pseudo.drl"))
                .replace("    out.emit(kcontext, $h);\n", "    " + code + "\n"));
        return pack;
    }

    private static void delete(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static Path fourRecords() throws IOException {
        Path input = Files.createTempFile("bianwei-four", ".jsonl");
        Files.writeString(input, "{\"id\":\"a\",\"text\":\"今天天气很好\"}\n{\"id\":\"b\",\"text\":\"这个神药\"}\n"
                + "{\"id\":\"c\",\"text\":\"好\"}\n{\"id\":\"d\",\"text\":\"好\"}\n");
        return input;
    }

    /** A real OutOfMemoryError in rule code once exited 1 ("--fail-on matched") with 0 of 4 lines and a JVM trace. */
    @Test
    void anOutOfMemoryErrorIsExitFourWithHowFarTheRunGot() throws Exception {
        Path pack = packWithConsequence("java.util.List<long[]> hog = new java.util.ArrayList<>(); "
                + "while (hog.size() >= 0) { hog.add(new long[1 << 20]); }");
        Path input = fourRecords();
        try {
            Process p = javaWith(List.of("-Xmx160m"), "screen", "-f", "jsonl", "--threads", "1", "--no-default",
                    "--rules", pack.toString(), input.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(err.get()).isEqualTo(ExitCodes.INTERNAL);
            assertThat(out.lines().map(l -> TestCli.json(l).get("id").asText())).containsExactly("a");
            assertThat(err.get()).startsWith("bianwei: internal error: out of memory (java.lang.OutOfMemoryError: "
                    + "Java heap space); stopped after 1 of the 2 records read so far, the output is incomplete")
                    .doesNotContain("\tat ");
        } finally {
            Files.deleteIfExists(input);
            delete(pack);
        }
    }

    /** A rule's System.exit(42) once ended the run with exit 42 and half the results, silently. */
    @Test
    void systemExitInRuleCodeIsReportedAndExitsFour() throws Exception {
        Path pack = packWithConsequence("System.exit(42);");
        Path input = fourRecords();
        try {
            Process p = java("screen", "-f", "jsonl", "--threads", "1", "--no-default", "--rules", pack.toString(),
                    input.toString()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(err.get()).isEqualTo(ExitCodes.INTERNAL);
            assertThat(out.lines().map(l -> TestCli.json(l).get("id").asText())).containsExactly("a");
            assertThat(err.get()).startsWith("bianwei: System.exit was called by code that is not bianwei's, at ")
                    .contains("(most likely a rule's code; rules check --strict refuses such packs); stopped after 1 "
                            + "of the 2 records read so far, the output is incomplete; exit code 4 instead of the one "
                            + "it asked for");
        } finally {
            Files.deleteIfExists(input);
            delete(pack);
        }
    }

    /** {@code > /dev/full} once exited 0 with nothing written and no message. */
    @Test
    void aFullDiskIsExitFourWithAMessage() throws Exception {
        Process p = java("screen", "../seeds/").redirectOutput(new java.io.File("/dev/full"))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String err = read(p.getErrorStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(ExitCodes.INTERNAL);
        assertThat(err).contains("bianwei: cannot write the results to stdout: No space left on device")
                .doesNotContain("Exception");
    }

    /** A rule's System.out.println goes to stderr: the JSONL stream stays one object per line. */
    @Test
    void whatARulePrintsStaysOutOfTheJsonl() throws Exception {
        Path pack = Files.createTempDirectory("bianwei-print");
        try {
            Files.createDirectories(pack.resolve("terms"));
            Files.copy(Path.of("target/test-classes/testpack/terms/t_remedy.txt"), pack.resolve("terms/t_remedy.txt"));
            Files.writeString(pack.resolve("print.drl"), Files.readString(Path.of("target/test-classes/testpack/pseudo.drl"))
                    .replace("then\n", "then\n    System.out.println(\"hello from a rule\");\n"));
            Result r = run("screen", "-f", "jsonl", "-q", "--no-default", "--rules", pack.toString(), "-t", "这个神药",
                    "-t", "祖传偏方");
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out().lines().toList()).hasSize(2).allSatisfy(l -> assertThat(TestCli.json(l).get("verdict")
                    .asText()).isEqualTo("REVIEW"));
            assertThat(r.err()).contains("hello from a rule");
        } finally {
            try (var files = Files.walk(pack)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** A 50 MB line in a 300 MB heap: once an uncaught OutOfMemoryError and 0 of 3 records; now an ERROR with its id. */
    @Test
    void aHugeLineInASmallHeapIsAnErrorRecordAndTheOthersAreScreened() throws Exception {
        Path input = Files.createTempFile("bianwei-huge", ".jsonl");
        try (var w = Files.newBufferedWriter(input)) {
            w.write("{\"id\":\"a\",\"text\":\"祖传秘方三天根治糖尿病\"}\n{\"id\":\"huge\",\"text\":\"");
            char[] chunk = new char[1 << 20];
            java.util.Arrays.fill(chunk, 'x');
            for (int i = 0; i < 50; i++) {
                w.write(chunk);
            }
            w.write("\"}\n{\"id\":\"c\",\"text\":\"今天天气很好\"}\n");
        }
        try {
            Process p = javaWith(List.of("-Xmx300m"), "screen", "-f", "jsonl", "-q", input.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(err.get()).isEqualTo(ExitCodes.UNREADABLE);
            List<JsonNode> lines = out.lines().map(TestCli::json).toList();
            assertThat(lines).extracting(n -> n.get("id").asText()).containsExactly("a", "huge", "c");
            assertThat(lines.get(0).get("verdict").asText()).isIn("REVIEW", "BLOCK");
            assertThat(lines.get(1).get("verdict").asText()).isEqualTo("ERROR");
            assertThat(lines.get(2).get("verdict").asText()).isEqualTo("PASS");
            assertThat(lines.get(1).get("error").asText()).contains("over the limit of 16777216 bytes per record");
        } finally {
            Files.deleteIfExists(input);
        }
    }
}
