package io.bianwei.cli;

import org.junit.jupiter.api.Test;

import static io.bianwei.cli.TestCli.run;
import static io.bianwei.cli.TestCli.tp;
import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @Test
    void noSubcommandPrintsUsageAndExitsTwo() {
        TestCli.Run r = run();
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Usage: bianwei").contains("screen").contains("explain").contains("rules")
                .contains("eval").contains("Exit codes:");
        assertThat(run("rules").exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void unknownCommandsAndOptionsExitTwoWithAHint() {
        TestCli.Run r = run("scren", "x");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("bianwei: Unmatched arguments").contains("screen");
        assertThat(run("screen", "--formt", "json", "x").err()).contains("Run 'bianwei screen --help' for usage.");
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(run("--help").exit()).isZero();
        TestCli.Run help = run("screen", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--threads").contains("--fail-on").contains("--rules").contains("--threshold");
        assertThat(run("help", "eval").out()).contains("--labels");
        TestCli.Run version = run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("bianwei ")
                .containsPattern("(?m)^ruleset [0-9a-f]{12} \\(default pack, \\d+ rules\\)$");
    }

    @Test
    void aRunOfOneSubcommandBuildsOnlyThatOneAndItBehavesAsInTheWholeCommandLine() {
        java.io.PrintWriter sink = new java.io.PrintWriter(new java.io.StringWriter());
        Env env = TestCli.env(new java.io.ByteArrayInputStream(new byte[0]), false, false);
        picocli.CommandLine all = Main.commandLine(env, sink, sink);
        assertThat(all.getSubcommands()).hasSize(Main.SUBCOMMANDS.size());
        for (String name : all.getSubcommands().keySet()) {
            picocli.CommandLine alone = Main.commandLine(env, sink, sink, new String[]{name, "--help"});
            if (name.equals("help")) { // help needs every command to describe
                assertThat(alone.getSubcommands()).hasSize(Main.SUBCOMMANDS.size());
                continue;
            }
            assertThat(alone.getSubcommands()).containsOnlyKeys(name);
            assertThat(alone.getSubcommands().get(name).getUsageMessage())
                    .isEqualTo(all.getSubcommands().get(name).getUsageMessage());
        }
        TestCli.Run v = run("screen", "-V");
        assertThat(v.exit()).isZero();
        assertThat(v.out()).startsWith("bianwei ").contains("ruleset ");
    }

    @Test
    void verboseIsAcceptedBeforeAndAfterTheSubcommand() {
        assertThat(run(TestCli.concat(new String[]{"-v"}, tp("screen", "-f", "jsonl", "-t", "好"))).exit()).isZero();
        assertThat(run(tp("screen", "-v", "-f", "jsonl", "-t", "好")).exit()).isZero();
        assertThat(run(tp("rules list", "--verbose")).exit()).isZero();
        assertThat(org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).isDebugEnabled())
                .as("-v is undone after the command").isFalse();
    }

    private static StackTraceElement frame(String cls, String method) {
        return new StackTraceElement(cls, method, null, -1);
    }

    /** The exit watch tells a rule's System.exit from bianwei's own and from a signal. */
    @Test
    void theExitWatchFindsWhoCalledSystemExit() {
        StackTraceElement[] shutdown = {frame("java.lang.Shutdown", "exit"), frame("java.lang.Runtime", "exit"),
                frame("java.lang.System", "exit"), frame("rules.Rule_PS_X_123", "defaultConsequence"),
                frame("org.drools.core.Agenda", "fire")};
        StackTraceElement[] ours = {frame("java.lang.Shutdown", "exit"), frame("java.lang.Runtime", "exit"),
                frame("java.lang.System", "exit"), frame(Main.class.getName(), "main")};
        StackTraceElement[] signal = {frame("java.lang.Shutdown", "exit"), frame("java.lang.Terminator$1", "handle"),
                frame("jdk.internal.misc.Signal$1", "run")};
        StackTraceElement[] runtime = {frame("java.lang.Runtime", "exit"), frame("com.example.Lib", "quit")};
        StackTraceElement[] idle = {frame("java.lang.Object", "wait")};
        assertThat(ExitWatch.foreignExit(java.util.Map.of(new Thread(), shutdown, new Thread(), idle)))
                .isEqualTo(frame("rules.Rule_PS_X_123", "defaultConsequence"));
        assertThat(ExitWatch.foreignExit(java.util.Map.of(new Thread(), runtime)))
                .isEqualTo(frame("com.example.Lib", "quit"));
        assertThat(ExitWatch.foreignExit(java.util.Map.of(new Thread(), ours, new Thread(), idle))).isNull();
        assertThat(ExitWatch.foreignExit(java.util.Map.of(new Thread(), signal))).isNull();
        RunProgress p = new RunProgress();
        assertThat(ExitWatch.message(frame("rules.R", "c"), p.describe())).isEqualTo("bianwei: System.exit was called "
                + "by code that is not bianwei's, at rules.R.c(Unknown Source) (most likely a rule's code; rules check "
                + "--strict refuses such packs); exit code 4 instead of the one it asked for");
        p.start();
        p.read();
        p.read();
        p.done();
        assertThat(ExitWatch.message(frame("rules.R", "c"), p.describe())).contains("; stopped after 1 of the 2 "
                + "records read so far, the output is incomplete; exit code 4");
    }
}
