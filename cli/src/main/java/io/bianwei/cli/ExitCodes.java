package io.bianwei.cli;

/** The exit codes of every {@code bianwei} command: one meaning each. */
public final class ExitCodes {
    /** The command did its job: every document screened (none at the {@code --fail-on} level), the pack is clean. */
    public static final int OK = 0;
    /** {@code screen --fail-on review|block}: some document reached that verdict (a gate, not a failure). */
    public static final int FLAGGED = 1;
    /** Bad command line (including a path that names nothing readable), or a {@code --rules} pack that does not compile. */
    public static final int USAGE = 2;
    /** Some record could not be read or screened: it was written as an ERROR record. */
    public static final int UNREADABLE = 3;
    /**
     * An unexpected exception or {@link Error} (a bug, an OutOfMemoryError, a {@code System.exit} in rule code), or
     * stdout could not be written (a full disk, say).
     */
    public static final int INTERNAL = 4;
    /** {@code rules check}/{@code rules test}: the pack has errors, or some rule example fails. */
    public static final int RULES_FAILED = 5;
    /** {@code eval --compare}: some text the old pack got right, the new one gets wrong (verdicts regressed). */
    public static final int REGRESSION = 6;

    /**
     * stdout was closed before everything was written (the reader went away: {@code | head}); the output is
     * incomplete. 141 = 128 + SIGPIPE, the status a shell reports for a process a closed pipe stopped.
     */
    public static final int STDOUT_CLOSED = 141;

    private ExitCodes() {
    }
}
