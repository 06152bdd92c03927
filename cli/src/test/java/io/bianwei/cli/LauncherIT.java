package io.bianwei.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/bianwei, after {@code package}: it runs the jar with the build's class-data archive, and falls back to a plain
 * start, with nothing on stdout but the results, when the archive is absent, stale or unusable.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("../bin/bianwei").toAbsolutePath().normalize();
    private static final Path JAR = Path.of(System.getProperty("bianwei.jar", "target/bianwei.jar")).toAbsolutePath();
    private static final String TEXT = "祖传秘方三天根治糖尿病";

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    private static Result run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Path err = Files.createTempFile("launcher", ".err");
        Process p = pb.redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String e = Files.readString(err);
        Files.delete(err);
        return new Result(p.exitValue(), out, e);
    }

    private static void assertOneBlockLine(Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).as("only the result on stdout").hasSize(1);
        assertThat(r.out()).startsWith("{\"id\":").containsPattern("\"verdict\":\"(REVIEW|BLOCK)\"");
    }

    @Test
    void theBuildMadeAnArchiveAndTheLauncherUsesIt() throws Exception {
        Path jsa = Path.of(JAR.toString().replaceFirst("\\.jar$", ".jsa"));
        assertThat(jsa).as("the build's class-data archive").exists();
        Result r = run(Map.of("BIANWEI_JAVA_OPTS", "-Xshare:on"), "screen", "-t", TEXT); // on: fail if it were unusable
        assertOneBlockLine(r);
    }

    @Test
    void withoutAnArchiveOrWithAStaleOneItStartsPlainly() throws Exception {
        Path jar = Files.copy(JAR, dir.resolve("bianwei.jar"));
        assertOneBlockLine(run(Map.of("BIANWEI_JAR", jar.toString()), "screen", "-t", TEXT));
        // an archive older than the jar is not used; one that is newer but made for another jar is ignored quietly
        Path jsa = dir.resolve("bianwei.jsa");
        Files.write(jsa, "not an archive".getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(jsa, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        assertOneBlockLine(run(Map.of("BIANWEI_JAR", jar.toString()), "screen", "-t", TEXT));
        Files.copy(Path.of(JAR.toString().replaceFirst("\\.jar$", ".jsa")), jsa,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jsa, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        assertOneBlockLine(run(Map.of("BIANWEI_JAR", jar.toString()), "screen", "-t", TEXT));
    }

    @Test
    void aMissingJarIsAClearUsageError() throws Exception {
        Result r = run(Map.of("BIANWEI_JAR", dir.resolve("none.jar").toString()), "--version");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not found").contains("mvn");
        assertThat(r.out()).isEmpty();
    }
}
