package io.bianwei.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import io.bianwei.json.Jsonl;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs bianwei commands in-process through picocli, with captured stdout/stderr and a per-JVM cache of screeners
 * (building one compiles a pack: a second or two).
 */
final class TestCli {
    private static final Map<ScreenerSettings, Screener> SCREENERS = new ConcurrentHashMap<>();

    private TestCli() {
    }

    /** What a command did. */
    record Run(int exit, String out, String err) {
        /** stdout as JSONL, one node per line. */
        List<JsonNode> jsonl() {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isEmpty()) {
                    nodes.add(TestCli.json(line));
                }
            }
            return nodes;
        }

        JsonNode json() {
            return TestCli.json(out);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    static JsonNode json(String s) {
        try {
            return Jsonl.mapper().readTree(s);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("not JSON: " + s, e);
        }
    }

    /** The cached screener for some settings (a broken pack throws, and is not cached). */
    static Screener screener(ScreenerSettings settings) {
        Screener s = SCREENERS.get(settings);
        if (s == null) {
            s = ScreenerOptions.compile(settings);
            SCREENERS.putIfAbsent(settings, s);
        }
        return s;
    }

    /** The settings of the given rule folders or files alone (no default pack). */
    static ScreenerSettings only(Path... rules) {
        return ScreenerSettings.defaults().withDefaultRules(false).withRules(List.of(rules));
    }

    static Env env(InputStream stdin, boolean stdoutTty, boolean stderrTty) {
        return new Env(stdin, stdoutTty, stderrTty, TestCli::screener);
    }

    static Run run(String... args) {
        return runWithStdin("", args);
    }

    static Run runWithStdin(String stdin, String... args) {
        return run(env(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false, false), args);
    }

    static Run run(Env env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(env, new PrintWriter(out), new PrintWriter(err), args).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The tiny rule pack of src/test/resources/testpack: PS_T_REMEDY (50), PA_T_SPY (80), CTX_T_DEBUNK (-60). */
    static Path testPack() {
        return resource("/testpack");
    }

    static Path resource(String name) {
        try {
            return Path.of(TestCli.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code command} (words split on spaces) with the test pack alone, then {@code args}. */
    static String[] tp(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command.split(" ")));
        all.add("--no-default");
        all.add("--rules");
        all.add(testPack().toString());
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
