package io.bianwei.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Notices a {@code System.exit} that bianwei did not call: rule packs are code, and a rule's consequence may end the
 * process, which would otherwise look like a finished run with the status the rule chose (42, or 0 with half the
 * results). A shutdown hook (no SecurityManager: it is deprecated for removal) looks for the thread that is in
 * {@code Runtime.exit}; when its caller is not {@link Main}, it says on stderr who called it and how far the run got,
 * and ends the process with exit code 4 ({@link ExitCodes#INTERNAL}) instead. A shutdown by a signal (SIGTERM, Ctrl-C)
 * or by {@link Main} itself is left alone. The exit status the caller asked for cannot be known to a hook.
 *
 * <p>Strict packs ({@code Screener.Builder.strict(true)}, {@code rules check --strict}) refuse such code before it runs.
 */
final class ExitWatch {
    private final RunProgress progress;
    private volatile boolean ours;

    private ExitWatch(RunProgress progress) {
        this.progress = progress;
    }

    /** Registers the hook for this process. */
    static ExitWatch install(RunProgress progress) {
        ExitWatch w = new ExitWatch(progress);
        Runtime.getRuntime().addShutdownHook(new Thread(w::check, "bianwei-exit-watch"));
        return w;
    }

    /** bianwei itself is about to exit: nothing to report. */
    void exiting() {
        ours = true;
    }

    private void check() {
        if (ours) {
            return;
        }
        StackTraceElement caller = foreignExit(Thread.getAllStackTraces());
        if (caller == null) {
            return; // a signal, or the last thread ended
        }
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        err.println(message(caller, progress.describe()));
        err.flush();
        Runtime.getRuntime().halt(ExitCodes.INTERNAL);
    }

    static String message(StackTraceElement caller, String howFar) {
        return "bianwei: System.exit was called by code that is not bianwei's, at " + caller + " (most likely a rule's "
                + "code; rules check --strict refuses such packs)" + (howFar == null ? "" : "; " + howFar
                + ", the output is incomplete") + "; exit code " + ExitCodes.INTERNAL + " instead of the one it asked for";
    }

    /**
     * The frame that called {@code System.exit} or {@code Runtime.exit}, when that is not {@link Main}; null when no
     * thread is exiting that way (a signal runs {@code Shutdown.exit} without {@code Runtime.exit}).
     */
    static StackTraceElement foreignExit(Map<Thread, StackTraceElement[]> stacks) {
        for (StackTraceElement[] stack : stacks.values()) {
            for (int i = 0; i < stack.length; i++) {
                if (stack[i].getClassName().equals("java.lang.Runtime") && stack[i].getMethodName().equals("exit")) {
                    int c = i + 1;
                    if (c < stack.length && stack[c].getClassName().equals("java.lang.System")
                            && stack[c].getMethodName().equals("exit")) {
                        c++;
                    }
                    if (c < stack.length && !stack[c].getClassName().equals(Main.class.getName())) {
                        return stack[c];
                    }
                    break;
                }
            }
        }
        return null;
    }
}
