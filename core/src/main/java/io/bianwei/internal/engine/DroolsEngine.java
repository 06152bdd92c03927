package io.bianwei.internal.engine;

import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.text.Source;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.runtime.KieRuntime;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceExceptionHandler;
import org.kie.api.runtime.rule.Match;
import org.kie.api.runtime.rule.RuleRuntime;
import org.kie.internal.conf.ConsequenceExceptionHandlerOption;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The one class that touches the Drools API: compiles DRL sources into one KieBase (classic build: best error
 * messages with file and line) and runs one short-lived session per text. Thread-safe: the KieBase is shared,
 * sessions are not.
 */
public final class DroolsEngine {
    private static final AtomicLong BUILDS = new AtomicLong();
    private static final String PREFIX = "src/main/resources/";
    private static final java.util.regex.Pattern PACKAGE =
            java.util.regex.Pattern.compile("(?m)^\\s*package\\s+([A-Za-z_][\\w.]*)\\s*;?");
    private static final String OUT_CLASS = "io.bianwei.facts.Out";

    /** Workers the rules run on, so that a session that overruns its budget can be abandoned (never the caller's thread). */
    private static final java.util.concurrent.ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bianwei-rules");
        t.setDaemon(true);
        return t;
    });
    /** How long a halted session may take to stop before its worker is abandoned. */
    private static final long GRACE_MILLIS = 200;
    private static final java.util.regex.Pattern RULE_NAME =
            java.util.regex.Pattern.compile("[Rr]ule[ :]*\\[?\"?([A-Za-z_][A-Za-z0-9_]*)\"?");
    private static final AtomicLong ABANDONED = new AtomicLong();

    private final List<Source> sources;
    private final Map<String, Map<String, Object>> metadata;
    private final java.util.concurrent.atomic.AtomicReference<Quarantine> active;
    private final java.util.function.BiFunction<List<Source>, Set<String>, List<Source>> without;
    /** The packages the pack's DRL declares: where its generated code lives. */
    private final Set<String> packages;

    /** The KieBase in use and the rules taken out of it because their conditions or consequences broke. */
    /**
     * The KieBase in use (the pack, less any quarantined rules) and its session pool: a session that ended normally is
     * reset and reused (Drools' own pool), so its node and segment memories are built once, not once per text (7 % of
     * rule time on short texts). A session whose worker was abandoned is never returned.
     */
    private record Quarantine(KieBase base, Map<String, String> reasons, org.kie.api.runtime.KieSessionsPool pool) {
        Quarantine(KieBase base, Map<String, String> reasons) {
            this(base, java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(reasons)),
                    base.newKieSessionsPool(2));
        }

        Set<String> rules() {
            return reasons.keySet();
        }
    }

    private final boolean precompiled;

    private DroolsEngine(boolean precompiled, KieBase kieBase, Map<String, Map<String, Object>> metadata,
                         List<Source> sources,
                         java.util.function.BiFunction<List<Source>, Set<String>, List<Source>> without) {
        this.precompiled = precompiled;
        this.active = new java.util.concurrent.atomic.AtomicReference<>(new Quarantine(kieBase, Map.of()));
        this.metadata = metadata;
        this.sources = sources;
        this.without = without;
        Set<String> pkgs = new java.util.TreeSet<>();
        for (Source src : sources) {
            java.util.regex.Matcher m = PACKAGE.matcher(src.content());
            if (m.find()) {
                pkgs.add(m.group(1));
            }
        }
        this.packages = Set.copyOf(pkgs);
    }

    /** Whether the rules were loaded as classes the build compiled, rather than compiled from DRL by this process. */
    public boolean isPrecompiled() {
        return precompiled;
    }

    /** Workers abandoned so far in this JVM (each was stuck in rule code past its budget). */
    public static long abandonedWorkers() {
        return ABANDONED.get();
    }

    /** Rules taken out of this engine because they failed at run time. */
    public Set<String> quarantined() {
        return active.get().rules();
    }

    /** Rules taken out of this engine because they failed at run time, each with why (sorted by id). */
    public Map<String, String> quarantineReasons() {
        return active.get().reasons();
    }

    /**
     * Compiles; on failure fills {@code problems} (file and line as the compiler reports them) and returns null. A rule
     * that breaks at run time is cut out of its file for the rebuild (a pack does this from what it parsed already).
     */
    public static DroolsEngine compile(List<Source> sources, List<Problem> problems) {
        return compile(sources, problems, (src, rules) -> src.stream().map(s -> {
            io.bianwei.internal.pack.DrlModel.FileModel f = io.bianwei.internal.pack.DrlModel.parse(s);
            return f.rules().stream().anyMatch(r -> rules.contains(r.name()))
                    ? io.bianwei.internal.pack.DrlModel.cut(f, rules) : s;
        }).toList());
    }

    /**
     * Compiles.
     *
     * @param without the sources with the given rules cut out, used to rebuild without a rule that breaks at run time
     */
    public static DroolsEngine compile(List<Source> sources, List<Problem> problems,
                                       java.util.function.BiFunction<List<Source>, Set<String>, List<Source>> without) {
        KieBase base = build(sources, problems);
        if (base == null) {
            return null;
        }
        return engine(false, base, sources, problems, without);
    }

    private static DroolsEngine engine(boolean precompiled, KieBase base, List<Source> sources, List<Problem> problems,
                                       java.util.function.BiFunction<List<Source>, Set<String>, List<Source>> without) {
        Map<String, Map<String, Object>> meta = new LinkedHashMap<>();
        for (KiePackage p : base.getKiePackages()) {
            for (Rule r : p.getRules()) {
                if (meta.put(r.getName(), Map.copyOf(r.getMetaData())) != null) {
                    problems.add(new Problem(p.getName(), 0, "duplicate rule id " + r.getName()));
                }
            }
        }
        return new DroolsEngine(precompiled, base, meta, List.copyOf(sources), without);
    }

    /** The DRL of a pack as one KieModule: the same layout for the run-time build and the build-time one. */
    private static Map<String, String> write(KieServices ks, KieFileSystem kfs, ReleaseId releaseId,
                                             List<Source> sources) {
        kfs.generateAndWritePomXML(releaseId);
        // Drools compiles packages of more than 10 rules on a shared static thread pool whose threads keep the class
        // loader of whoever started them; in hosts with several class loaders (Flink jobs, app servers) a later
        // build on those threads cannot see our classes. Build on the caller's thread instead.
        KieModuleModel module = ks.newKieModuleModel();
        module.setConfigurationProperty("drools.parallelRulesBuildThreshold", "-1");
        module.newKieBaseModel("bianwei").setDefault(true).addPackage("*")
                .newKieSessionModel("bianwei-session").setDefault(true);
        kfs.writeKModuleXML(module.toXML());
        Map<String, String> names = new HashMap<>();
        // declares the global even when no rule file does, so binding it never fails
        kfs.write(PREFIX + "bianwei/prelude/prelude.drl", "package bianwei.prelude;\nglobal " + OUT_CLASS + " out;\n");
        int i = 0;
        for (Source s : sources) {
            // the folder follows the declared package, as Drools expects
            java.util.regex.Matcher pkg = PACKAGE.matcher(s.content());
            String folder = pkg.find() ? pkg.group(1).replace('.', '/') + "/" : "";
            String path = PREFIX + folder + "f" + (i++) + "_" + safe(s.name()) + ".drl";
            names.put(path, s.name());
            kfs.write(path, s.content());
        }
        return names;
    }

    private static KieBaseConfiguration configuration(KieServices ks) {
        KieBaseConfiguration conf = ks.newKieBaseConfiguration();
        conf.setOption(ConsequenceExceptionHandlerOption.get(IsolatingHandler.class));
        return conf;
    }

    /**
     * The classes generated rule code links against: when any of them changes (a method of {@code Out}, a getter of
     * {@code Hit}), classes precompiled against the old ones would fail at run time, so they are part of the digest.
     */
    private static final Class<?>[] FACTS = {io.bianwei.facts.Out.class, io.bianwei.facts.Hit.class,
            io.bianwei.facts.Sentence.class, io.bianwei.facts.Claim.class, io.bianwei.facts.Doc.class,
            io.bianwei.facts.Re.class, io.bianwei.facts.KnownClaim.class};
    private static final byte[] FACTS_DIGEST = factsDigest();

    private static byte[] factsDigest() {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (Class<?> c : FACTS) {
                try (java.io.InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                    if (in != null) {
                        md.update(in.readAllBytes());
                    }
                }
            }
            return md.digest();
        } catch (java.security.NoSuchAlgorithmException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where a precompiled pack records which sources it was compiled from, beside its classes. */
    public static final String PRECOMPILED = "bianwei/precompiled.properties";
    private static final String PRECOMPILED_CLASSES = "bianwei/precompiled.classes";
    private static final String PRECOMPILED_RELEASE = "io.bianwei.pack:precompiled:1.0.0";

    /**
     * A digest of the sources (names and texts, in order): what a precompiled pack must match. (The classes are
     * built by the same build as this library, so with the same Drools; a model that does not load falls back to
     * compiling.)
     */
    public static String digest(List<Source> sources) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            for (Source s : sources) {
                md.update((s.name() + "\u0000" + s.content() + "\u0000").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            md.update(FACTS_DIGEST);
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compiles {@code sources} to Drools' executable model (Java classes) under {@code out}, with
     * {@link #PRECOMPILED} naming their digest: what the build does for the default pack, so that a process loads
     * classes instead of compiling DRL. Needs {@code drools-model-codegen} on the class path (a build-time
     * dependency only).
     */
    @SuppressWarnings("unchecked")
    public static void precompile(List<Source> sources, java.nio.file.Path out, List<Problem> problems)
            throws java.io.IOException {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        String[] gav = PRECOMPILED_RELEASE.split(":");
        ReleaseId releaseId = ks.newReleaseId(gav[0], gav[1], gav[2]);
        Map<String, String> names = write(ks, kfs, releaseId, sources);
        Class<? extends org.kie.api.builder.KieBuilder.ProjectType> executableModel;
        try {
            executableModel = (Class<? extends KieBuilder.ProjectType>)
                    Class.forName("org.drools.model.codegen.ExecutableModelProject");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("precompiling needs org.drools:drools-model-codegen on the class path", e);
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(executableModel);
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            String file = m.getPath() == null ? "?" : names.getOrDefault(m.getPath(), m.getPath());
            problems.add(new Problem(file, Math.max(m.getLine(), 0), oneLine(m.getText())));
        }
        if (!problems.isEmpty()) {
            return;
        }
        byte[] kjar;
        try { // InternalKieModule.getBytes(): the kjar, generated classes included (drools-compiler is not a module)
            kjar = (byte[]) builder.getKieModule().getClass().getMethod("getBytes").invoke(builder.getKieModule());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the compiled kjar", e);
        }
        java.nio.file.Path listing = out.resolve(PRECOMPILED_CLASSES);
        if (java.nio.file.Files.exists(listing)) { // the classes of an earlier build of other sources
            for (String old : java.nio.file.Files.readAllLines(listing)) {
                if (!old.isBlank() && old.endsWith(".class") && !old.contains("..")) {
                    java.nio.file.Files.deleteIfExists(out.resolve(old));
                }
            }
        }
        List<String> written = new java.util.ArrayList<>();
        String model = null;
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(kjar))) {
            for (java.util.zip.ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName();
                if (e.isDirectory() || !name.endsWith(".class")) {
                    continue; // the kjar's kmodule.xml and pom stay out: nothing should find this pack by scanning
                }
                java.nio.file.Path target = out.resolve(name);
                java.nio.file.Files.createDirectories(target.getParent());
                java.nio.file.Files.write(target, zip.readAllBytes());
                written.add(name);
                if (name.startsWith("org/drools/project/model/ProjectModel")) {
                    model = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                }
            }
        }
        if (model == null) {
            throw new IllegalStateException("the executable model has no ProjectModel class");
        }
        java.nio.file.Files.createDirectories(listing.getParent());
        java.nio.file.Files.write(listing, written);
        java.util.Properties props = new java.util.Properties();
        props.setProperty("digest", digest(sources));
        props.setProperty("model", model);
        java.nio.file.Path file = out.resolve(PRECOMPILED);
        java.nio.file.Files.createDirectories(file.getParent());
        try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(file)) {
            props.store(w, "written by DroolsEngine.precompile; the classes are Drools' executable model of the pack");
        }
    }

    /**
     * The engine of a pack precompiled by the build ({@link #precompile}), when {@code loader} has one for exactly
     * these sources; otherwise null (no precompiled pack, other sources, a class that does not load).
     */
    public static DroolsEngine precompiled(ClassLoader loader, List<Source> sources, List<Problem> problems,
                                           java.util.function.BiFunction<List<Source>, Set<String>, List<Source>> without) {
        return precompiled(precompiledBase(loader, sources), sources, problems, without);
    }

    /** The engine over a base made by {@link #precompiledBase} for these sources; null when that was null. */
    public static DroolsEngine precompiled(Precompiled base, List<Source> sources, List<Problem> problems,
                                           java.util.function.BiFunction<List<Source>, Set<String>, List<Source>> without) {
        if (base == null || !base.sources.equals(sources)) {
            return null;
        }
        return engine(true, base.base, sources, problems, without);
    }

    /** A rule base made from the build's compiled classes, and the rule files it was made for. */
    public static final class Precompiled {
        private final KieBase base;
        private final List<Source> sources;

        private Precompiled(KieBase base, List<Source> sources) {
            this.base = base;
            this.sources = List.copyOf(sources);
        }
    }

    /**
     * The rule base of the classes the build compiled, when {@code sources} are exactly the files they were compiled
     * from; null otherwise (they must be compiled). Runs only the build's own classes, never a rule author's code, so
     * it may be started before a pack's other checks.
     */
    public static Precompiled precompiledBase(ClassLoader loader, List<Source> sources) {
        java.util.Properties props = new java.util.Properties();
        try (java.io.InputStream in = loader.getResourceAsStream(PRECOMPILED)) {
            if (in == null) {
                return null;
            }
            props.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            return null;
        }
        if (!digest(sources).equals(props.getProperty("digest"))) {
            return null; // the sources changed since the build: compile them
        }
        try {
            org.drools.modelcompiler.CanonicalKieModuleModel model = (org.drools.modelcompiler.CanonicalKieModuleModel)
                    Class.forName(props.getProperty("model"), true, loader).getDeclaredConstructor().newInstance();
            return new Precompiled(org.drools.modelcompiler.KieBaseBuilder.createKieBaseFromModel(model.getModels(),
                    configuration(KieServices.Factory.get())), sources);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(DroolsEngine.class)
                    .warn("precompiled rule pack did not load ({}); compiling it", e.toString());
            return null;
        }
    }

    private static KieBase build(List<Source> sources, List<Problem> problems) {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId("io.bianwei.pack", "pack-" + BUILDS.incrementAndGet(), "1.0.0");
        Map<String, String> names = write(ks, kfs, releaseId, sources);
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            for (Message m : errors) {
                String file = m.getPath() == null ? "?" : names.getOrDefault(m.getPath(),
                        names.getOrDefault(PREFIX + m.getPath(), m.getPath()));
                problems.add(new Problem(file, Math.max(m.getLine(), 0), oneLine(m.getText())));
            }
            ks.getRepository().removeKieModule(releaseId);
            return null;
        }
        KieContainer container = ks.newKieContainer(releaseId);
        KieBase base = container.newKieBase(configuration(ks));
        ks.getRepository().removeKieModule(releaseId);
        return base;
    }

    /** Rule name → its metadata ({@code @key(value)}) as Drools parsed it. */
    public Map<String, Map<String, Object>> metadata() {
        return metadata;
    }

    /**
     * What a run did.
     *
     * @param fired        rules fired
     * @param outOfFirings the firing budget ran out
     * @param outOfTime    the time budget ran out (the session was halted)
     * @param abandoned    the session did not stop when halted: its worker was abandoned and the result is partial
     * @param failures     rules that broke on this text (a condition or consequence threw), with the reason
     * @param out          the {@code out} global the result is in
     * @param rebuildNanos time spent rebuilding the pack without broken rules: the pack's cost, not the text's
     * @param stuckRule    the rule whose own code the stopped worker was in (null when none, or not provably one)
     * @param cpuNanos     CPU time the rules spent on this text (on their worker)
     */
    public record Run(int fired, boolean outOfFirings, boolean outOfTime, boolean abandoned, List<String> failures,
                      Object out, long rebuildNanos, String stuckRule, long cpuNanos) {
        public Run {
            failures = List.copyOf(failures);
        }
    }

    /** A rule's code threw: the rule it happened in (null when unknown) and the error. */
    private static final class RuleBroke extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String rule;

        RuleBroke(String rule, Throwable cause) {
            super(cause);
            this.rule = rule;
        }
    }

    /** What one text may spend on rules: CPU time of rule code, and a wall-clock stop for code that waits. */
    public record Limits(int maxFirings, long cpuNanos, long wallDeadlineNanos) {
    }

    /**
     * Runs the rules over {@code facts} with {@code out} bound to the global {@code out}, on a worker thread, within
     * {@code limits}: when the worker has spent the CPU budget, or the wall-clock deadline (a last resort for code
     * that sleeps or waits) passes, the session is halted; a session that does not stop then has its worker abandoned.
     * A rule is taken out of the pack for the texts that follow only with proof that its own code is at fault: a
     * condition or consequence threw, or the stopped worker's stack shows it inside the rule's consequence, eval or
     * function ({@link StuckCode}). Time spent matching the text's facts never takes a rule out: that is the text's
     * cost, bounded by the facts the pipeline gives the engine, and the text alone pays it (fail-closed).
     *
     * @param enabled which rule names may fire
     * @param outs    makes the {@code out} global of a session (a new one for a rerun after a quarantine); the one the
     *                result came from is {@link Run#out()}
     */
    public Run run(Collection<?> facts, java.util.function.Supplier<?> outs, Predicate<String> enabled, Limits limits) {
        List<String> failures = new java.util.ArrayList<>();
        long wallDeadline = limits.wallDeadlineNanos();
        long cpuLeft = limits.cpuNanos();
        Object sink = outs.get();
        long rebuilding = 0;
        long cpuSpent = 0;
        for (int attempt = 0; ; attempt++) {
            Quarantine q = active.get();
            if (cpuLeft <= 0 || wallDeadline - System.nanoTime() <= 0) {
                return new Run(0, false, true, false, failures, sink, rebuilding, null, cpuSpent);
            }
            try {
                Run r = runOnce(q, facts, sink, enabled, limits.maxFirings(), cpuLeft, wallDeadline);
                failures.addAll(r.failures());
                cpuSpent += r.cpuNanos();
                if (r.stuckRule() != null) {
                    // its own code ignored halt and interrupt, and will do so again: later texts run without it (this
                    // one keeps its cut result, which fails closed)
                    long r0 = System.nanoTime();
                    if (quarantine(q, r.stuckRule(), "its own code did not stop when halted (" + r.failures().stream()
                            .filter(f -> f.contains("stack")).findFirst().orElse("stack in rule code") + ")")) {
                        failures.add("rule " + r.stuckRule() + " was taken out for the texts that follow");
                    }
                    rebuilding += System.nanoTime() - r0;
                }
                return new Run(r.fired(), r.outOfFirings(), r.outOfTime(), r.abandoned(), failures, sink, rebuilding,
                        r.stuckRule(), cpuSpent);
            } catch (RuleBroke e) {
                Throwable root = root(e.getCause());
                if (root instanceof VirtualMachineError vme) {
                    throw vme;
                }
                String rule = e.rule != null ? e.rule : ruleIn(e.getCause());
                failures.add("rule " + (rule == null ? "?" : rule) + " broke and was taken out: " + oneLine(root.toString()));
                long r0 = System.nanoTime();
                boolean rebuilt = rule != null && attempt < 3
                        && quarantine(q, rule, "its code threw " + oneLine(root.toString()));
                rebuilding += System.nanoTime() - r0;
                if (!rebuilt) {
                    return new Run(0, false, false, false, failures, sink, rebuilding, null, cpuSpent);
                }
                sink = outs.get(); // screen the text again without the broken rule
                wallDeadline += System.nanoTime() - r0; // the rebuild is the pack's one-time cost, not this text's
            }
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isThreadCpuTimeSupported() && enableCpuTime();
    /** How often a waiting caller looks at the worker's CPU time. */
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static boolean enableCpuTime() {
        try {
            if (!THREADS.isThreadCpuTimeEnabled()) {
                THREADS.setThreadCpuTimeEnabled(true);
            }
            return THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** CPU time of {@code t} so far, or wall time when this JVM cannot measure CPU time per thread. */
    private static long cpuOf(Thread t) {
        if (!CPU_TIME) {
            return System.nanoTime();
        }
        long c = THREADS.getThreadCpuTime(t.getId());
        return c < 0 ? System.nanoTime() : c;
    }

    private Run runOnce(Quarantine q, Collection<?> facts, Object out, Predicate<String> enabled, int maxFirings,
                        long cpuBudget, long wallDeadline) {
        KieSession session = q.pool().newKieSession();
        String[] current = new String[1];
        org.kie.api.event.rule.AgendaEventListener naming = new org.kie.api.event.rule.DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(org.kie.api.event.rule.BeforeMatchFiredEvent event) {
                current[0] = event.getMatch().getRule().getName();
                if (out instanceof Findings f) {
                    f.firing(event.getMatch(), session);
                }
            }
        };
        session.addEventListener(naming);
        Thread[] worker = new Thread[1];
        long[] cpu0 = new long[1];
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.Future<Integer> task = WORKERS.submit(() -> {
            worker[0] = Thread.currentThread();
            cpu0[0] = cpuOf(worker[0]);
            started.countDown();
            try {
                session.setGlobal("out", out);
                for (Object f : facts) {
                    session.insert(f);
                }
                return session.fireAllRules(new Admission(enabled), maxFirings);
            } catch (ThreadDeath death) {
                throw death;
            } catch (Throwable t) {
                throw new RuleBroke(current[0], t);
            }
        });
        long[] spent = new long[1];
        try {
            Integer fired = await(task, started, worker, cpu0, cpuBudget, wallDeadline, spent);
            if (fired != null) {
                release(session, naming); // back to the pool, reset
                return new Run(fired, fired >= maxFirings, false, false, List.of(), out, 0, null, spent[0]);
            }
            session.halt();
            try {
                int halted = task.get(GRACE_MILLIS, TimeUnit.MILLISECONDS);
                release(session, naming); // halted and stopped: reset like any other (the pool's own contract)
                return new Run(halted, halted >= maxFirings, true, false, List.of(), out, 0, null, spent[0]);
            } catch (java.util.concurrent.TimeoutException stuck) {
                StackTraceElement[] stack = worker[0] == null ? new StackTraceElement[0] : worker[0].getStackTrace();
                StuckCode.Verdict where = StuckCode.of(stack, packages, metadata.keySet(), current[0]);
                org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DroolsEngine.class);
                if (log.isDebugEnabled()) {
                    log.debug("rules did not stop when halted ({}); worker stack:\n  {}", where, java.util.Arrays
                            .stream(stack).limit(40).map(String::valueOf).collect(java.util.stream.Collectors.joining("\n  ")));
                }
                abandon(task, worker[0]);
                String what = where.rule() != null
                        ? "rule " + where.rule() + " did not stop within the time budget; its worker was abandoned"
                        + " (stack in its " + where.part() + ")"
                        : "the rules did not stop within the time budget (" + where.part() + "); their worker was"
                        + " abandoned, no rule was taken out";
                return new Run(0, false, true, true, List.of(what), out, 0, where.rule(), spent[0]);
            } catch (java.util.concurrent.ExecutionException | InterruptedException again) {
                release(session, naming);
                return failed(again);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            release(session, naming); // the task is over: the session is idle
            return failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            return new Run(0, false, true, false, List.of("interrupted"), out, 0, null, spent[0]);
        }
    }

    /**
     * Waits for the task; null when the worker spent its CPU budget or the wall deadline passed first. {@code spent[0]}
     * gets the worker's CPU time for the task.
     */
    private static Integer await(java.util.concurrent.Future<Integer> task, java.util.concurrent.CountDownLatch started,
                                 Thread[] worker, long[] cpu0, long cpuBudget, long wallDeadline, long[] spent)
            throws java.util.concurrent.ExecutionException, InterruptedException {
        while (true) {
            long wallLeft = wallDeadline - System.nanoTime();
            long cpuLeft = cpuBudget;
            if (started.getCount() == 0) {
                spent[0] = cpuOf(worker[0]) - cpu0[0];
                cpuLeft = cpuBudget - spent[0];
            }
            if (wallLeft <= 0 || cpuLeft <= 0) {
                if (task.isDone()) {
                    return task.get();
                }
                return null;
            }
            try {
                Integer fired = task.get(Math.max(1, Math.min(SLICE_NANOS, Math.min(wallLeft, cpuLeft))),
                        TimeUnit.NANOSECONDS);
                if (started.getCount() == 0) {
                    spent[0] = cpuOf(worker[0]) - cpu0[0];
                }
                return fired;
            } catch (java.util.concurrent.TimeoutException e) {
                // look at the budgets again
            }
        }
    }

    /** Matches of one rule over the same sentences that may fire (see {@link Admission}). */
    static final int MAX_FIRINGS_PER_SENTENCE = 32;
    /** Matches of one rule over the text's facts that may fire in one session (one window). */
    static final int MAX_FIRINGS_PER_RULE = 64;

    /**
     * Which matches fire: those of enabled rules and, of the matches over the text's facts (hits, sentences, claims),
     * at most {@link #MAX_FIRINGS_PER_SENTENCE} of one rule over the same sentences and {@link #MAX_FIRINGS_PER_RULE}
     * of one rule in a window. A text that repeats a claim a thousand times gives a rule a thousand matches, and each
     * firing costs an emit, a claim and the context rules' work on it; a finding keeps at most
     * {@link io.bianwei.facts.Out#MAX_SPANS} spans and weighs the same however often its rule fired, so further matches
     * can only add cost. Over the 4,281 labelled texts this changes no verdict and no score; 6 keyword-stuffed ads
     * list a few evidence spans fewer. Deterministic: it depends on the facts and the agenda's order, never on time.
     * Matches of facts a pack declares itself are left to the firing budget.
     */
    private static final class Admission implements org.kie.api.runtime.rule.AgendaFilter {
        private final Predicate<String> enabled;
        private final Map<String, Integer> fired = new HashMap<>();

        Admission(Predicate<String> enabled) {
            this.enabled = enabled;
        }

        @Override
        public boolean accept(Match match) {
            String rule = match.getRule().getName();
            if (!enabled.test(rule)) {
                return false;
            }
            StringBuilder key = new StringBuilder(rule);
            boolean content = false;
            for (Object o : match.getObjects()) {
                int sentence = o instanceof io.bianwei.facts.Hit h ? h.getSentence()
                        : o instanceof io.bianwei.facts.Claim c ? c.getSentence()
                        : o instanceof io.bianwei.facts.Sentence st ? st.getIndex() : -1;
                content |= sentence >= 0;
                key.append('#').append(sentence);
            }
            if (!content) {
                return true; // facts of the pack's own: the firing budget bounds them
            }
            if (fired.merge(rule, 1, Integer::sum) > MAX_FIRINGS_PER_RULE) {
                return false;
            }
            return fired.merge(key.toString(), 1, Integer::sum) <= MAX_FIRINGS_PER_SENTENCE;
        }
    }

    /** Returns an idle session to its pool (the KieBase keeps every undisposed session). */
    private static void release(KieSession session, org.kie.api.event.rule.AgendaEventListener naming) {
        try {
            session.removeEventListener(naming);
            session.dispose();
        } catch (RuntimeException e) {
            // a session broken beyond reset: its pool makes a new one
        }
    }

    private static Run failed(Exception e) {
        Throwable cause = e instanceof java.util.concurrent.ExecutionException ee ? ee.getCause() : e;
        if (cause instanceof RuleBroke rb) {
            throw rb;
        }
        if (cause instanceof VirtualMachineError vme) {
            throw vme;
        }
        throw new RuleBroke(null, cause);
    }

    /** Interrupts a stuck worker and, when that does not stop it, stops it: rule code that ignores halt and interrupt. */
    @SuppressWarnings({"removal", "deprecation"})
    private static void abandon(java.util.concurrent.Future<Integer> task, Thread worker) {
        ABANDONED.incrementAndGet();
        task.cancel(true); // interrupts the worker: a sleep or a wait ends here
        if (worker != null) {
            try {
                worker.join(GRACE_MILLIS);
                if (!task.isDone() || worker.getState() == Thread.State.RUNNABLE && !task.isDone()) {
                    worker.stop(); // a loop that never looks at interrupts: the only way out on this JDK
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (UnsupportedOperationException | SecurityException e) {
                // a JDK without Thread.stop: the worker stays busy; its session is never used again
            }
        }
    }

    /** Rebuilds without {@code rule}; false when the rule is already out or the rebuild fails. */
    private synchronized boolean quarantine(Quarantine seen, String rule, String reason) {
        Quarantine now = active.get();
        if (now != seen) {
            return true; // another thread rebuilt meanwhile: try again with its pack
        }
        if (now.rules().contains(rule)) {
            return false;
        }
        Map<String, String> out = new java.util.TreeMap<>(now.reasons());
        out.put(rule, reason);
        List<Problem> problems = new java.util.ArrayList<>();
        KieBase rebuilt = build(without.apply(sources, out.keySet()), problems);
        if (rebuilt == null) {
            return false;
        }
        active.set(new Quarantine(rebuilt, out));
        org.slf4j.LoggerFactory.getLogger(DroolsEngine.class)
                .warn("rule {} taken out of the pack for the texts that follow: {}", rule, reason);
        return true;
    }

    private static Throwable root(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r && !(r instanceof VirtualMachineError)) {
            r = r.getCause();
        }
        return r;
    }

    private String ruleIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null) {
                java.util.regex.Matcher rm = RULE_NAME.matcher(m);
                while (rm.find()) {
                    if (metadata.containsKey(rm.group(1))) {
                        return rm.group(1);
                    }
                }
            }
        }
        return null;
    }

    /** The global's side of consequence isolation: told about each rule whose consequence threw. */
    public interface RuleFailureSink {
        void ruleFailed(String ruleId, Exception error);
    }

    /** Keeps the session running when a consequence throws; the failure goes to the {@code out} global. */
    public static final class IsolatingHandler implements ConsequenceExceptionHandler {
        @Override
        public void handleException(Match match, RuleRuntime runtime, Exception exception) {
            Object out = runtime instanceof KieRuntime k ? k.getGlobal("out") : null;
            if (out instanceof RuleFailureSink sink) {
                sink.ruleFailed(match.getRule().getName(), exception);
            } else {
                throw new IllegalStateException("rule " + match.getRule().getName() + " failed", exception);
            }
        }
    }

    private static String safe(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        base = base.replaceFirst("\\.drl$", "");
        return base.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
