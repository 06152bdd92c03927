package io.bianwei.cli;

/** The exit codes of every {@code bianwei} command. */
public final class ExitCodes {
    /** Every document PASS; rules check/test clean; eval ran. */
    public static final int OK = 0;
    /** Some document REVIEW or BLOCK (per {@code --fail-on}); rules check/test found problems. */
    public static final int FLAGGED = 1;
    /** Bad command line, or a rule pack given with {@code --rules} that does not compile. */
    public static final int USAGE = 2;
    /** Some record could not be read or screened: it was written as an ERROR record. */
    public static final int UNREADABLE = 3;
    /** An unexpected exception (a bug). */
    public static final int INTERNAL = 4;

    private ExitCodes() {
    }
}
