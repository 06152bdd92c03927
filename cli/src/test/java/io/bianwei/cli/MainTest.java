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
    void verboseIsAcceptedBeforeAndAfterTheSubcommand() {
        assertThat(run(TestCli.concat(new String[]{"-v"}, tp("screen", "-f", "jsonl", "-t", "好"))).exit()).isZero();
        assertThat(run(tp("screen", "-v", "-f", "jsonl", "-t", "好")).exit()).isZero();
        assertThat(run(tp("rules list", "--verbose")).exit()).isZero();
        assertThat(org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).isDebugEnabled())
                .as("-v is undone after the command").isFalse();
    }
}
