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
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
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
        Result r = run("screen", seeds + "/", "祖传秘方三天根治糖尿病，无效退款");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.FLAGGED);
        List<JsonNode> lines = r.out().lines().map(TestCli::json).toList();
        assertThat(lines).as("jsonl when piped, one line per document").hasSize((int) expected + 1);
        assertThat(lines.get(0).get("id").asText()).endsWith("000_ec6c90cbe1acbcf1.txt");
        assertThat(lines.get(0).get("verdict").asText()).as("the seed news article").isEqualTo("PASS");
        assertThat(lines.get(lines.size() - 1).get("findings").toString()).contains("PS_CURE_CLAIM");
        assertThat(r.err()).as("no logging noise: only the summary")
                .matches((expected + 1) + " documents: .* docs/s\\)\\s*");
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
            assertThat(err.get()).doesNotContain("Exception").doesNotContain("at io.bianwei");
        } finally {
            Files.deleteIfExists(input);
        }
    }
}
