package io.bianwei.internal.pack;

import io.bianwei.RuleExample;
import io.bianwei.RuleInfo;
import io.bianwei.RulePackException;
import io.bianwei.RulePackException.Problem;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds a pack and runs its examples in a child JVM before the live process loads it, so that pack code which ends
 * the process ({@code System.exit}), never returns, or exhausts memory ends, hangs or exhausts the child instead.
 *
 * <p>The child is {@code java} from this JVM's {@code java.home}, on this JVM's class path, with a heap limit; it reads
 * the settings (Java serialization of {@link ScreenerSettings}) on stdin, builds the screener, runs
 * {@link Screener.Pack#checkExamples()} and reports as JSON lines on stdout, each an object whose {@code "bianweiCheck"}
 * member says what it is: {@code built}, {@code example} (before each example: what was running if the child dies),
 * {@code done} (the problems and failing examples), {@code exit} (written by a shutdown hook when pack code ended the
 * process, naming the rule on the exiting thread's stack). Anything else on stdout (a rule's print) is ignored. The
 * parent kills the child and its descendants at the time limit.
 *
 * <p>This is a tripwire, not a sandbox: code that behaves only when it is not being checked, or only on other texts,
 * is not caught; strict mode ({@code Screener.Builder.strict}) is what keeps code out of a pack.
 */
public final class ChildCheck {
    /** Marks the child's report lines. */
    static final String KEY = "bianweiCheck";
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(120);
    public static final int DEFAULT_HEAP_MB = 1024;
    private static final int MAX_LINE = 1 << 20;
    private static final int STDERR_TAIL = 8192;

    private static volatile Screener built;
    private static volatile boolean reported;

    private ChildCheck() {
    }

    /** What to check: the settings and classpath packs of a builder, and the limits of the child. */
    public record Request(ScreenerSettings settings, List<String> classpathRoots, boolean precompiled,
                          Duration timeLimit, int heapMegabytes) {
        public Request {
            classpathRoots = List.copyOf(classpathRoots);
            if (timeLimit.isNegative() || timeLimit.isZero()) {
                throw new IllegalArgumentException("the child check's time limit must be positive");
            }
            if (heapMegabytes < 64) {
                throw new IllegalArgumentException("the child check's heap limit must be at least 64 MB");
            }
        }
    }

    /** How a check went: the problems that refuse the pack (empty: it passed) and the child's wall time. */
    public record Outcome(List<Problem> problems, long millis) {
        public Outcome {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Runs the check in a child JVM and waits for it (at most the time limit).
     *
     * @param loaders the class loaders of the classpath packs (their locations join the child's class path)
     */
    public static Outcome run(Request request, List<ClassLoader> loaders) {
        long t0 = System.nanoTime();
        String where = request.settings().rules().isEmpty() ? "(rule pack)"
                : String.join(", ", request.settings().rules());
        List<String> command = command(request, loaders);
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            return new Outcome(List.of(new Problem(where, 0, "cannot start the process that checks the pack ("
                    + e.getMessage() + "); the pack was not loaded")), millis(t0));
        }
        Lines stdout = new Lines(p.getInputStream());
        Tail stderr = new Tail(p.getErrorStream());
        stdout.start();
        stderr.start();
        boolean finished;
        try (OutputStream in = p.getOutputStream(); ObjectOutputStream o = new ObjectOutputStream(in)) {
            o.writeObject(request.settings());
            o.writeObject(new ArrayList<>(request.classpathRoots()));
            o.writeBoolean(request.precompiled());
        } catch (IOException e) {
            // the child died before reading its input: its exit code and stderr say why
        }
        try {
            finished = p.waitFor(request.timeLimit().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(p);
            }
            stdout.join(5_000);
            stderr.join(5_000);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return new Outcome(List.of(new Problem(where, 0, "the check of the pack was interrupted; the pack was"
                    + " not loaded")), millis(t0));
        }
        return new Outcome(judge(request, where, finished, finished ? p.exitValue() : -1, stdout.lines(),
                stderr.text()), millis(t0));
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the child's report, exit code and stderr say about the pack. */
    static List<Problem> judge(Request request, String where, boolean finished, int exit, List<String> lines,
                               String stderr) {
        Map<String, Object> done = null;
        Map<String, Object> exitReport = null;
        Map<String, Object> running = null;
        for (String line : lines) {
            Map<String, Object> m = Json.object(line);
            if (m == null || !(m.get(KEY) instanceof String kind)) {
                continue;
            }
            switch (kind) {
                case "example" -> running = m;
                case "done" -> done = m;
                case "exit" -> exitReport = m;
                default -> { }
            }
        }
        String during = running == null ? " while the pack was being compiled"
                : " while checking " + running.get("rule") + "'s " + running.get("kind") + " example \""
                + running.get("text") + "\" (" + running.get("source") + ")";
        List<Problem> out = new ArrayList<>();
        if (!finished) {
            out.add(problem(where, "the check did not finish within its time limit of "
                    + request.timeLimit().toSeconds() + " s" + during + " (a loop in the pack's code?); the check"
                    + " process was killed and the pack was not loaded"));
            return out;
        }
        if (done != null && exit == 0) {
            for (Object p : list(done.get("problems"))) {
                out.add(parse(String.valueOf(p)));
            }
            for (Object f : list(done.get("failures"))) {
                out.add(problem(where, "example failed: " + f));
            }
            return out;
        }
        Object rule = exitReport == null ? null : exitReport.get("rule");
        String at = exitReport != null && exitReport.get("source") instanceof String src ? src : where;
        String who = rule == null ? "" : rule + ": ";
        if ((exitReport != null && "memory".equals(exitReport.get("why"))) || stderr.contains("OutOfMemoryError")) {
            out.add(problem(at, who + "the pack's code ran out of memory in the check process (heap limit "
                    + request.heapMegabytes() + " MB)" + during + "; the pack was not loaded"));
        } else if (exitReport != null) {
            out.add(problem(at, who + "the pack's code ended the check process with System.exit(" + exit + ")"
                    + during + "; the pack was not loaded"));
        } else {
            String last = lastLine(stderr);
            out.add(problem(where, "the check process ended with exit code " + exit + " before it reported"
                    + during + (last.isEmpty() ? "" : " (its last words: " + last + ")")
                    + "; the pack's code may have halted the JVM; the pack was not loaded"));
        }
        return out;
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static Problem problem(String where, String message) {
        return parse(where + ": " + message);
    }

    /** A problem as {@code file:line: message} back into its parts. */
    static Problem parse(String s) {
        int colon = s.indexOf(": ");
        if (colon < 0) {
            return new Problem("(rule pack)", 0, s);
        }
        String head = s.substring(0, colon);
        String message = s.substring(colon + 2);
        int k = head.lastIndexOf(':');
        if (k > 0) {
            try {
                return new Problem(head.substring(0, k), Integer.parseInt(head.substring(k + 1)), message);
            } catch (NumberFormatException e) {
                // not a line number
            }
        }
        return new Problem(head, 0, message);
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        String l = lines.length == 0 ? "" : lines[lines.length - 1].strip();
        return l.length() > 200 ? l.substring(0, 197) + "..." : l;
    }

    // --- the command line of the child -------------------------------------------------------------------------

    static List<String> command(Request request, List<ClassLoader> loaders) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + request.heapMegabytes() + "m");
        cmd.add("-XX:+DisplayVMOutputToStderr"); // what the JVM says on its way out goes to stderr, not the report
        cmd.add("-XX:TieredStopAtLevel=1"); // a short run: the client compiler costs less CPU
        cmd.add("-Djava.awt.headless=true");
        for (String arg : ProcessHandle.current().info().arguments().orElse(new String[0])) {
            // the class-data archive bin/bianwei maps: the child starts as fast as the parent did
            if (arg.startsWith("-XX:SharedArchiveFile=") || arg.startsWith("-Xshare:") || arg.startsWith("-Xlog:cds")) {
                cmd.add(arg);
            }
        }
        cmd.add("-cp");
        cmd.add(classPath(request, loaders));
        cmd.add(ChildCheck.class.getName());
        return cmd;
    }

    /** This JVM's class path and module path, where this library came from, and where the classpath packs are. */
    private static String classPath(Request request, List<ClassLoader> loaders) {
        Set<String> entries = new LinkedHashSet<>();
        for (String prop : List.of("java.class.path", "jdk.module.path")) {
            String v = System.getProperty(prop);
            if (v != null && !v.isBlank()) {
                for (String e : v.split(File.pathSeparator)) {
                    if (!e.isBlank()) {
                        entries.add(e);
                    }
                }
            }
        }
        location(ChildCheck.class.getProtectionDomain().getCodeSource() == null ? null
                : ChildCheck.class.getProtectionDomain().getCodeSource().getLocation(), "").ifPresent(entries::add);
        for (int i = 0; i < request.classpathRoots().size() && i < loaders.size(); i++) {
            String index = request.classpathRoots().get(i) + PackFiles.INDEX;
            location(loaders.get(i).getResource(index), index).ifPresent(entries::add);
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The class path entry (jar or folder) a resource URL comes from. */
    private static java.util.Optional<String> location(URL url, String resource) {
        if (url == null) {
            return java.util.Optional.empty();
        }
        try {
            String s = url.toString();
            if (s.startsWith("jar:")) {
                return java.util.Optional.of(Path.of(new java.net.URI(s.substring(4, s.indexOf("!/")))).toString());
            }
            if (s.startsWith("file:")) {
                Path p = Path.of(url.toURI());
                for (String part : resource.split("/")) {
                    if (!part.isEmpty() && p.getParent() != null) {
                        p = p.getParent();
                    }
                }
                return java.util.Optional.of(p.toString());
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // not a location on disk
        }
        return java.util.Optional.empty();
    }

    // --- the child -------------------------------------------------------------------------------------------

    /** The child: reads the request on stdin, builds, runs the examples, reports on stdout, exits 0. */
    public static void main(String[] args) throws Exception {
        PrintStream report = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err); // what rules print is not the report
        Runtime.getRuntime().addShutdownHook(new Thread(() -> exitHook(report), "bianwei-check-exit"));
        ScreenerSettings settings;
        List<String> roots = new ArrayList<>();
        boolean precompiled;
        try (ObjectInputStream in = new ObjectInputStream(System.in)) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter(
                    "io.bianwei.ScreenerSettings;java.util.*;java.time.*;java.lang.*;!*"));
            settings = (ScreenerSettings) in.readObject();
            for (Object o : (List<?>) in.readObject()) {
                roots.add((String) o);
            }
            precompiled = in.readBoolean();
        }
        long t0 = System.nanoTime();
        Screener.Builder builder = Screener.builder().settings(settings).precompiled(precompiled);
        for (String root : roots) {
            builder.addClasspathRules(ChildCheck.class.getClassLoader(), root);
        }
        List<String> problems = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try {
            Screener s = builder.build();
            built = s;
            report.println(Json.line(Map.of(KEY, "built", "rules", s.rules().size(), "version", s.rulesetVersion(),
                    "millis", (System.nanoTime() - t0) / 1_000_000)));
            for (RuleInfo rule : s.rules()) {
                if (!rule.enabled()) {
                    continue; // a disabled rule cannot fire: its examples say nothing (as Screener.checkExamples)
                }
                for (RuleExample ex : rule.examples()) {
                    report.println(Json.line(Map.of(KEY, "example", "rule", rule.id(), "source", rule.source(),
                            "kind", ex.kind().toString(), "text", ex.written())));
                    s.pack().checkExample(rule, ex).ifPresent(f -> failures.add(f.toString()));
                }
            }
        } catch (RulePackException e) {
            e.problems().forEach(p -> problems.add(p.toString()));
        } catch (OutOfMemoryError e) {
            reported = true;
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
            m.put(KEY, "exit");
            m.put("why", "memory");
            ruleOnStack(root.getStackTrace(), m);
            report.println(Json.line(m));
            report.flush();
            Runtime.getRuntime().halt(3);
        }
        reported = true;
        report.println(Json.line(Map.of(KEY, "done", "problems", problems, "failures", failures,
                "millis", (System.nanoTime() - t0) / 1_000_000)));
        report.flush();
        System.exit(0);
    }

    /** Pack code called System.exit: say which rule was on the exiting thread's stack. */
    private static void exitHook(PrintStream report) {
        if (reported) {
            return;
        }
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] frames = e.getValue();
            boolean exiting = false;
            for (StackTraceElement f : frames) {
                if ("java.lang.Runtime".equals(f.getClassName()) && "exit".equals(f.getMethodName())) {
                    exiting = true;
                    break;
                }
            }
            if (!exiting) {
                continue;
            }
            java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
            m.put(KEY, "exit");
            ruleOnStack(frames, m);
            report.println(Json.line(m));
            report.flush();
            return;
        }
    }

    /** The rule whose generated class is deepest on the stack, into {@code m} as {@code rule} and {@code source}. */
    private static void ruleOnStack(StackTraceElement[] frames, Map<String, Object> m) {
        Screener s = built;
        if (s == null) {
            return;
        }
        for (StackTraceElement f : frames) {
            RuleInfo found = null;
            for (RuleInfo r : s.rules()) {
                if (f.getClassName().contains("Rule_" + r.id()) && (found == null || r.id().length() > found.id().length())) {
                    found = r;
                }
            }
            if (found != null) {
                m.put("rule", found.id());
                m.put("source", found.source());
                return;
            }
        }
    }

    // --- reading the child's output ------------------------------------------------------------------------

    /** Reads lines (each cut at 1 MB, at most 100,000 kept) on a thread of its own. */
    private static final class Lines extends Thread {
        private final InputStream in;
        private final List<String> lines = new ArrayList<>();

        Lines(InputStream in) {
            super("bianwei-check-stdout");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                StringBuilder b = new StringBuilder();
                int c;
                while ((c = r.read()) >= 0) {
                    if (c == '\n') {
                        add(b.toString());
                        b.setLength(0);
                    } else if (b.length() < MAX_LINE) {
                        b.append((char) c);
                    }
                }
                if (b.length() > 0) {
                    add(b.toString());
                }
            } catch (IOException e) {
                // the child is gone
            }
        }

        private synchronized void add(String line) {
            if (lines.size() < 100_000 && line.startsWith("{\"" + KEY + "\"")) {
                lines.add(line);
            }
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }
    }

    /** Keeps the last few KB of stderr on a thread of its own. */
    private static final class Tail extends Thread {
        private final InputStream in;
        private byte[] tail = new byte[0];

        Tail(InputStream in) {
            super("bianwei-check-stderr");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            ByteArrayOutputStream keep = new ByteArrayOutputStream();
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    keep.write(buf, 0, n);
                    if (keep.size() > 4 * STDERR_TAIL) {
                        byte[] all = keep.toByteArray();
                        keep.reset();
                        keep.write(all, all.length - STDERR_TAIL, STDERR_TAIL);
                    }
                    synchronized (this) {
                        tail = keep.toByteArray();
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        }

        synchronized String text() {
            return new String(tail, StandardCharsets.UTF_8);
        }
    }
}
