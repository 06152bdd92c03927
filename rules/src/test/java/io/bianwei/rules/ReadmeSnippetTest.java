package io.bianwei.rules;

import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedding example of README.md, as written: the {@code java} block under "Embedding" is taken from README.md
 * (no copy here that could drift), compiled with javac against this module's test class path (what a project that
 * depends on {@code bianwei-rules} has) and run. The Maven coordinates the README gives are this build's.
 */
class ReadmeSnippetTest {
    private static final Path README = Path.of("../README.md");

    private static String embedding() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int at = readme.indexOf("\n## Embedding");
        assertThat(at).as("README.md has an 'Embedding' section").isPositive();
        int end = readme.indexOf("\n## ", at + 1);
        return readme.substring(at, end < 0 ? readme.length() : end);
    }

    @Test
    void theEmbeddingExampleCompilesAndRunsAsWritten(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Matcher block = Pattern.compile("(?s)```java\\n(.*?)```").matcher(embedding());
        assertThat(block.find()).as("README.md has a java block under 'Embedding'").isTrue();
        String source = block.group(1);
        Matcher type = Pattern.compile("public (?:final )?class (\\w+)").matcher(source);
        assertThat(type.find()).as("the example is a whole class, imports and all, so it can be pasted").isTrue();
        String name = type.group(1);
        Path file = dir.resolve(name + ".java");
        Files.writeString(file, source, StandardCharsets.UTF_8);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int rc = javac.run(null, diagnostics, diagnostics, "-encoding", "UTF-8", "-proc:none", "-Xlint:all", "-Werror",
                "-cp", classPath, "-d", dir.toString(), file.toString());
        assertThat(rc).as("javac on the README's example:\n" + diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()},
                ReadmeSnippetTest.class.getClassLoader())) {
            Method main = loader.loadClass(name).getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(stdout);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        Matcher said = Pattern.compile("It prints `([^`…]+)…`").matcher(embedding());
        assertThat(said.find()).as("README.md says what the example prints").isTrue();
        assertThat(out).as("what the example prints").startsWith(said.group(1)).contains("PS_CURE_CLAIM");
    }

    @Test
    void theReadmeGivesThisBuildsCoordinates() throws IOException {
        String pom = Files.readString(Path.of("../pom.xml"), StandardCharsets.UTF_8);
        Matcher version = Pattern.compile("<artifactId>bianwei-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(version.find()).isTrue();
        String dependency = "<dependency>\n  <groupId>io.bianwei</groupId>\n  <artifactId>bianwei-rules</artifactId>\n"
                + "  <version>" + version.group(1) + "</version>\n</dependency>";
        assertThat(embedding()).as("the dependency block, with this build's version").contains(dependency)
                .contains("mvn -B -q install -DskipTests");
        assertThat(Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8))
                .contains("<artifactId>bianwei-rules</artifactId>");
    }
}
