package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command of the READMEs that a fresh clone can run, run as a user runs it (bash, the shaded jar, in a scratch
 * folder where {@code bin}, {@code cli}, {@code seeds}, {@code flink} and {@code rules} are the repository's): the commands of
 * {@code bash} blocks of {@code README.md} and {@code cli/README.md}, except the {@code mvn} builds this test runs
 * under ({@code mvn … && CMD} runs CMD). Each must exit 0, or the code its line states ({@code # exit N}); when a
 * {@code json} block follows, the last command's output must match it (ids, verdicts, keys, errors, first rule).
 * Blocks marked {@code sh} need data or a cluster a clone does not have and are not run.
 */
class ReadmeIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = Path.of(System.getProperty("bianwei.jar", "target/bianwei.jar")).toAbsolutePath();
    private static final Pattern EXIT = Pattern.compile("#.*\\bexit (\\d+)");

    /**
     * A command of a README: where it is, the shell line, its exit code, the JSON lines documented after it, and the
     * text output documented after it.
     */
    record Command(String where, String shell, int exit, List<String> json, Output output) {
        Command(String where, String shell, int exit) {
            this(where, shell, exit, List.of(), null);
        }

        @Override
        public String toString() {
            return where + ": " + shell;
        }
    }

    /**
     * Output documented in a {@code text stdout}, {@code text stderr}, {@code text stdout-tail} or
     * {@code text stderr-tail} block right after a command's block: its lines, where {@code …} alone on a line stands
     * for any number of lines, and times, rates and ruleset versions stand for any.
     */
    record Output(String stream, boolean tail, List<String> lines) {
    }

    private static final Pattern OUTPUT_BLOCK = Pattern.compile("```text (stdout|stderr)(-tail)?");

    static List<Command> commands(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        String name = ROOT.relativize(readme).toString();
        List<Command> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```bash")) {
                continue;
            }
            List<Command> block = new ArrayList<>();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).strip().startsWith("```"); j++) {
                String line = lines.get(j);
                int at = j + 1;
                while (line.endsWith("\\") && j + 1 < lines.size()) {
                    line = line.substring(0, line.length() - 1) + " " + lines.get(++j).strip();
                }
                String cmd = line.strip();
                if (cmd.startsWith("$ ")) {
                    cmd = cmd.substring(2);
                }
                if (cmd.isEmpty() || cmd.startsWith("#")) {
                    continue;
                }
                if (cmd.startsWith("mvn ")) {
                    int and = cmd.indexOf("&&");
                    if (and < 0) {
                        continue; // the build this test runs under
                    }
                    cmd = cmd.substring(and + 2).strip();
                }
                Matcher m = EXIT.matcher(cmd);
                block.add(new Command(name + ":" + at, cmd, m.find() ? Integer.parseInt(m.group(1)) : 0));
            }
            // a json or text block right after: the documented output of the block's last command
            int k = j + 1;
            while (k < lines.size() && lines.get(k).isBlank()) {
                k++;
            }
            Matcher text = k < lines.size() ? OUTPUT_BLOCK.matcher(lines.get(k).strip()) : null;
            boolean json = k < lines.size() && lines.get(k).strip().equals("```json");
            if (!block.isEmpty() && (json || text != null && text.matches())) {
                List<String> body = new ArrayList<>();
                for (int n = k + 1; n < lines.size() && !lines.get(n).strip().startsWith("```"); n++) {
                    if (!json || !lines.get(n).isBlank()) {
                        body.add(lines.get(n));
                    }
                }
                Command last = block.remove(block.size() - 1);
                block.add(json ? new Command(last.where(), last.shell(), last.exit(), body, null)
                        : new Command(last.where(), last.shell(), last.exit(), List.of(),
                        new Output(text.group(1), text.group(2) != null, body)));
            }
            out.addAll(block);
            i = j;
        }
        return out;
    }

    private static List<Command> all() throws IOException {
        List<Command> all = new ArrayList<>(commands(ROOT.resolve("README.md")));
        all.addAll(commands(ROOT.resolve("cli/README.md")));
        return all;
    }

    @Test
    void theReadmesHaveCommandsToRunAndTheQuickStartIsOneOfThem() throws IOException {
        List<Command> all = all();
        assertThat(all).hasSizeGreaterThan(10);
        assertThat(all).anySatisfy(c -> {
            assertThat(c.where()).startsWith("README.md:");
            assertThat(c.shell()).isEqualTo("java -jar cli/target/bianwei.jar screen seeds/");
            assertThat(c.exit()).as("the quick start exits 0").isZero();
        });
        assertThat(all).as("a documented output is checked").anyMatch(c -> !c.json().isEmpty());
        assertThat(all).as("documented text output is checked").anyMatch(c -> c.output() != null);
    }

    @Test
    void documentedTextMatchesWithWildcardsForLinesTimesAndVersions() {
        List<String> documented = List.of("33 documents: 16 PASS, 2 REVIEW, 15 BLOCK, 0 errors in 0.6 s (55.0 docs/s)",
                "flagged by rule         docs", "  PS_X  3", "  …", "Verdict  BLOCK  ruleset 89bea1fbc071");
        assertThat(mismatch(documented, "33 documents: 16 PASS, 2 REVIEW, 15 BLOCK, 0 errors in 3.1 s (10.6 docs/s)\n"
                + "flagged by rule         docs\n  PS_X  3\n  PS_Y  2\n  PS_Z  1\nVerdict  BLOCK  ruleset 0123456789ab\n",
                false)).isNull();
        assertThat(mismatch(documented, "33 documents: 15 PASS, 2 REVIEW, 16 BLOCK, 0 errors in 3.1 s (10.6 docs/s)\n"
                + "flagged by rule         docs\n  PS_X  3\nVerdict  BLOCK  ruleset 0123456789ab\n", false))
                .as("counts are not wildcards").isNotNull();
        assertThat(mismatch(List.of("b", "c"), "a\nb\nc\n", true)).as("a tail").isNull();
        assertThat(mismatch(List.of("b", "c"), "a\nb\nc\n", false)).isNotNull();
    }

    @TestFactory
    Stream<DynamicTest> everyReadmeCommandThatACloneCanRunDoesWhatItSays() throws IOException {
        assertThat(JAR).exists();
        Path scratch = Files.createTempDirectory("bianwei-readme");
        for (String dir : List.of("bin", "cli", "seeds", "flink", "rules")) {
            Files.createSymbolicLink(scratch.resolve(dir), ROOT.resolve(dir));
        }
        return all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(c, scratch)));
    }

    private static void run(Command c, Path scratch) throws Exception {
        String script = "bianwei() { java -jar '" + JAR + "' \"$@\"; }\n" + c.shell() + "\n";
        Process p = new ProcessBuilder("bash", "-c", script).directory(scratch.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        boolean finished = p.waitFor(180, TimeUnit.SECONDS);
        if (!finished) { // a command that never ends (a server in a bash block): fail, never hang the build
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        assertThat(finished).as("%s finished within 180 s (a long-running command belongs in an sh block)", c)
                .isTrue();
        String out = stdout.get(30, TimeUnit.SECONDS);
        String report = c + "\n--- exit " + p.exitValue() + "\n--- stdout\n" + abbreviate(out) + "\n--- stderr\n"
                + abbreviate(err.get());
        assertThat(p.exitValue()).as(report).isEqualTo(c.exit());
        assertThat(err.get()).as("no stack trace: " + report).doesNotContain("\tat ").doesNotContain("Exception");
        if (c.output() != null) {
            String actual = c.output().stream().equals("stdout") ? out : err.get();
            String problem = mismatch(c.output().lines(), actual, c.output().tail());
            // A document whose rules run out of their time budget is REVIEW (fail-closed, by design), and a loaded
            // machine can make a cold JVM's first documents do so: that changes counts without any drift of the docs.
            // So a mismatch is confirmed by two more runs; drift mismatches every time.
            for (int again = 0; problem != null && again < 2; again++) {
                Process p2 = new ProcessBuilder("bash", "-c", script).directory(scratch.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                CompletableFuture<String> err2 = CompletableFuture.supplyAsync(() -> read(p2.getErrorStream()));
                String out2 = read(p2.getInputStream());
                assertThat(p2.waitFor(180, TimeUnit.SECONDS)).isTrue();
                problem = mismatch(c.output().lines(), c.output().stream().equals("stdout") ? out2 : err2.get(),
                        c.output().tail());
            }
            assertThat(problem).as("the documented " + c.output().stream() + " of " + c + "\n" + report).isNull();
        }
        if (!c.json().isEmpty()) {
            List<String> actual = out.lines().filter(l -> !l.isBlank()).toList();
            assertThat(actual).as(report).hasSameSizeAs(c.json());
            for (int i = 0; i < actual.size(); i++) {
                assertThat(essence(TestCli.json(actual.get(i)))).as("line " + (i + 1) + " of " + c)
                        .isEqualTo(essence(TestCli.json(c.json().get(i))));
            }
        }
    }

    /** Times ({@code 0.6 s}), rates ({@code 55.0 docs/s}) and ruleset versions stand for any. */
    static String normalise(String line) {
        return line.stripTrailing()
                .replaceAll("\\b[0-9a-f]{12}\\b", "<version>")
                .replaceAll("\\d+(?:\\.\\d+)? docs/s", "<rate> docs/s")
                .replaceAll("\\b\\d+(?:\\.\\d+)? s\\b", "<time> s");
    }

    /**
     * Null when {@code actual} has the documented lines (all of it, or its end for a tail), else where it differs;
     * a documented line that is {@code …} alone matches any number of lines.
     */
    static String mismatch(List<String> documented, String actual, boolean tail) {
        List<String> want = new ArrayList<>();
        if (tail) {
            want.add("…");
        }
        documented.stream().map(ReadmeIT::normalise).forEach(want::add);
        while (!want.isEmpty() && want.get(want.size() - 1).isBlank()) {
            want.remove(want.size() - 1);
        }
        List<String> got = actual.lines().map(ReadmeIT::normalise).toList();
        if (matches(want, 0, got, 0)) {
            return null;
        }
        return "documented:\n" + String.join("\n", want) + "\nactual:\n" + String.join("\n", got);
    }

    private static boolean matches(List<String> want, int w, List<String> got, int g) {
        if (w == want.size()) {
            return g == got.size();
        }
        if (want.get(w).strip().equals("…")) {
            for (int skip = g; skip <= got.size(); skip++) {
                if (matches(want, w + 1, got, skip)) {
                    return true;
                }
            }
            return false;
        }
        return g < got.size() && want.get(w).equals(got.get(g)) && matches(want, w + 1, got, g + 1);
    }

    /** What the docs promise about a line: its keys, id, verdict, error and first rule (not timings or versions). */
    private static String essence(JsonNode n) {
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        JsonNode findings = n.get("findings");
        return new TreeSet<>(keys) + " id=" + n.path("id").asText() + " verdict=" + n.path("verdict").asText()
                + " error=" + n.path("error").asText() + " first rule="
                + (findings != null && findings.size() > 0 ? findings.get(0).path("rule").asText() : "-");
    }

    private static String abbreviate(String s) {
        return s.length() <= 3000 ? s : s.substring(0, 3000) + "…";
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
