package io.bianwei.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * The {@code bianwei} command: picocli subcommands {@code screen}, {@code explain}, {@code rules},
 * {@code eval}, {@code learn}, {@code tune} and {@code serve}. Output is always UTF-8, whatever the platform encoding.
 *
 * <p>Exit codes: see {@link ExitCodes}.
 */
@Command(name = "bianwei", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        scope = ScopeType.INHERIT,
        usageHelpAutoWidth = true, sortOptions = false,
        description = "辨伪 — rule-based screener for Chinese pseudo-science and privacy abuse.",
        subcommands = {ScreenCommand.class, ExplainCommand.class, RulesCommand.class, EvalCommand.class, LearnCommand.class,
                TuneCommand.class, ServeCommand.class,
                HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every document PASS (or nothing to report)",
                "1:some document REVIEW/BLOCK (see --fail-on); rules check/test found problems",
                "2:usage error, or a rule pack given with --rules does not compile",
                "3:some record could not be read or screened (ERROR records)",
                "4:internal error (a bug; run with -v for the stack trace)"})
public final class Main implements Callable<Integer> {
    final Env env;
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Debug logging on stderr (and stack traces on internal errors).")
    boolean verboseOption;

    Main(Env env) {
        this.env = env;
    }

    /** {@code bianwei} without a subcommand: usage on stderr, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16), false);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        int code = commandLine(Env.system(), out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** The configured command line; tests call {@code execute} on it with their own {@link Env} and writers. */
    public static CommandLine commandLine(Env env, PrintWriter out, PrintWriter err) {
        Main main = new Main(env);
        CommandLine cmd = new CommandLine(main);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionStrategy(parseResult -> {
            main.verbose = anyMatched(parseResult, "--verbose");
            Logging.Restore restore = Logging.verbose(main.verbose);
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } finally {
                restore.run();
            }
        });
        cmd.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter e = c.getErr();
            e.println("bianwei: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
            e.println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            e.flush();
            return ExitCodes.USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            PrintWriter e = c.getErr();
            c.getOut().flush();
            if (ex instanceof CliException ce) {
                e.println("bianwei: " + ce.getMessage());
                e.flush();
                return ce.exitCode();
            }
            e.println("bianwei: internal error: " + ex);
            if (main.verbose) {
                ex.printStackTrace(e);
            } else {
                e.println("(run with -v for the stack trace)");
            }
            e.flush();
            return ExitCodes.INTERNAL;
        });
        return cmd;
    }

    private static boolean anyMatched(ParseResult pr, String option) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    /** {@code --version}: the jar's Implementation-Version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"bianwei " + (v == null ? "(development build)" : v),
                    "Java " + System.getProperty("java.version")};
        }
    }
}
