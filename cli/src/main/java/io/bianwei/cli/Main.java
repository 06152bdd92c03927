package io.bianwei.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code bianwei} command: picocli subcommands {@code screen}, {@code explain}, {@code rules},
 * {@code eval}, {@code learn}, {@code tune}, {@code serve}, {@code claims} and {@code fingerprints}. Output is always UTF-8, whatever the platform encoding.
 *
 * <p>Exit codes: see {@link ExitCodes}.
 */
@Command(name = "bianwei", mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        usageHelpAutoWidth = true, sortOptions = false,
        description = "辨伪 — rule-based screener for Chinese pseudo-science and privacy abuse.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done: every document screened (with --fail-on: none at that level); rules check/test clean",
                "1:screen --fail-on review|block: some document reached that verdict",
                "2:usage error: unknown option, bad value, a path that names nothing readable, or a --rules pack "
                        + "that does not compile",
                "3:some record could not be read or screened (written as an ERROR record)",
                "4:internal error or crash (run with -v for the stack trace), or stdout could not be written",
                "5:rules check/test, claims check: the pack has errors or some rule or claim example fails",
                "6:eval --compare: verdicts regressed (texts the old pack got right, the new one gets wrong)",
                "141:stdout was closed before everything was written (| head): the output is incomplete"})
public final class Main implements Callable<Integer> {
    /**
     * The subcommands, in the order usage lists them. They are added by {@link #commandLine}, not named in the
     * annotation, so that a run of one of them builds only that one: picocli reads every option of every command it
     * is given, a fifth of a cold {@code bianwei screen} when it was all eleven.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(ScreenCommand.class, ExplainCommand.class, RulesCommand.class,
            EvalCommand.class, LearnCommand.class, TuneCommand.class, ServeCommand.class, ClaimsCommand.class,
            FingerprintsCommand.class, ConsoleCommands.Queue.class, ConsoleCommands.Decisions.class,
            HelpCommand.class);

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
        Env env = Env.system();
        ExitWatch watch = ExitWatch.install(env.progress());
        int code = run(env, args);
        watch.exiting();
        System.exit(code);
    }

    /**
     * The process: results go to file descriptor 1 through an {@link Output} (which tells a full disk from a closed
     * pipe), and {@code System.out} is pointed at stderr, so that nothing else (a rule's {@code System.out.println},
     * a library's banner) can get into the JSONL stream.
     */
    static int run(Env env, String... args) {
        Output out = Output.of(new FileOutputStream(FileDescriptor.out));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        System.setOut(System.err);
        int code;
        try {
            code = commandLine(env, out, err, args).execute(args);
        } catch (Throwable t) { // the command line itself failed (commands' crashes are handled inside): still exit 4
            code = crashed(t, out, err, env.progress(), false);
        }
        out.flush();
        String problem = Output.problem(out);
        if (problem != null && code != ExitCodes.INTERNAL) {
            err.println("bianwei: cannot write to stdout: " + problem);
            code = ExitCodes.INTERNAL;
        }
        err.flush();
        return code;
    }

    /** Memory set aside so that an OutOfMemoryError can still be reported. */
    private static volatile byte[] reserve = new byte[1 << 20];

    /**
     * An {@link Error} or crash ended the command: a message on stderr saying what and how far the run got, exit 4
     * (never the exit code of an uncaught exception, 1, which means "--fail-on matched").
     */
    static int crashed(Throwable t, PrintWriter out, PrintWriter err, RunProgress progress, boolean verbose) {
        reserve = null;
        try {
            out.flush();
        } catch (RuntimeException | Error ignored) {
            // stdout may be what failed
        }
        String howFar = progress.describe();
        String what = t instanceof OutOfMemoryError ? "out of memory (" + t + ")"
                : t instanceof StackOverflowError ? "stack overflow (" + t + ")"
                : t.toString();
        err.println("bianwei: internal error: " + what + (howFar == null ? "" : "; " + howFar
                + ", the output is incomplete"));
        if (t instanceof OutOfMemoryError) {
            err.println("(for more memory: java -Xmx4g -jar bianwei.jar …, or JAVA_OPTS=-Xmx4g bin/bianwei …)");
        }
        if (verbose) {
            t.printStackTrace(err);
        } else {
            err.println("(run with -v for the stack trace)");
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }

    /** The configured command line; tests call {@code execute} on it with their own {@link Env} and writers. */
    public static CommandLine commandLine(Env env, PrintWriter out, PrintWriter err) {
        return commandLine(env, out, err, new String[0]);
    }

    /**
     * The command line for these arguments: when the first names a subcommand (other than {@code help}), that
     * subcommand alone; otherwise all of them, so that usage, {@code help} and suggestions for a misspelt name see
     * every command.
     */
    static CommandLine commandLine(Env env, PrintWriter out, PrintWriter err, String[] args) {
        Main main = new Main(env);
        CommandLine cmd = new CommandLine(main);
        Class<?> only = args.length == 0 ? null : SUBCOMMANDS.stream()
                .filter(c -> c != HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0]))
                .findFirst().orElse(null);
        for (Class<?> c : only == null ? SUBCOMMANDS : List.of(only)) {
            cmd.addSubcommand(c);
        }
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        versions(cmd, new Version(env)); // -V is inherited by every subcommand; without this it printed nothing there
        cmd.setExecutionStrategy(parseResult -> {
            main.verbose = anyMatched(parseResult, "--verbose");
            Logging.Restore restore = Logging.verbose(main.verbose);
            try {
                int code = new CommandLine.RunLast().execute(parseResult);
                out.flush();
                String problem = Output.problem(out);
                if (problem != null && code != ExitCodes.INTERNAL) {
                    err.println("bianwei: cannot write to stdout: " + problem);
                    err.flush();
                    return ExitCodes.INTERNAL;
                }
                if (Output.closed(out) && code != ExitCodes.STDOUT_CLOSED && code != ExitCodes.INTERNAL) {
                    err.println("bianwei: stdout was closed (the reader went away, e.g. | head) before all the output "
                            + "was written");
                    err.flush();
                    return ExitCodes.STDOUT_CLOSED;
                }
                return code;
            } catch (Error e) { // OutOfMemoryError, StackOverflowError, AssertionError...: never a result
                return crashed(e, out, err, env.progress(), main.verbose);
            } finally {
                restore.run();
            }
        });
        cmd.setParameterExceptionHandler((ex, unmatched) -> {
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
            String howFar = env.progress().describe();
            e.println("bianwei: internal error: " + ex + (howFar == null ? "" : "; " + howFar
                    + ", the output is incomplete"));
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

    private static void versions(CommandLine cmd, Version version) {
        cmd.getCommandSpec().versionProvider(version);
        for (CommandLine sub : cmd.getSubcommands().values()) {
            versions(sub, version);
        }
    }

    private static boolean anyMatched(ParseResult pr, String option) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    /** {@code --version}: the jar's Implementation-Version, the default pack's ruleset version, Java. */
    static final class Version implements CommandLine.IVersionProvider {
        private final Env env;

        Version(Env env) {
            this.env = env;
        }

        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            String ruleset;
            try {
                io.bianwei.Screener s = env.screeners().apply(io.bianwei.ScreenerSettings.defaults());
                ruleset = "ruleset " + s.rulesetVersion() + " (default pack, " + s.rules().size() + " rules)";
            } catch (RuntimeException e) {
                ruleset = "ruleset unknown: the default pack does not build (" + e.getMessage() + ")";
            }
            return new String[]{"bianwei " + (v == null ? "(development build)" : v), ruleset,
                    "Java " + System.getProperty("java.version")};
        }
    }
}
