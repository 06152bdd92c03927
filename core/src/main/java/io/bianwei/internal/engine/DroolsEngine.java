package io.bianwei.internal.engine;

import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.pack.Source;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bianwei-rule-timer");
        t.setDaemon(true);
        return t;
    });
    private static final String PREFIX = "src/main/resources/";
    private static final java.util.regex.Pattern PACKAGE =
            java.util.regex.Pattern.compile("(?m)^\\s*package\\s+([A-Za-z_][\\w.]*)\\s*;?");
    private static final String OUT_CLASS = "io.bianwei.facts.Out";

    private final KieBase kieBase;
    private final Map<String, Map<String, Object>> metadata;

    private DroolsEngine(KieBase kieBase, Map<String, Map<String, Object>> metadata) {
        this.kieBase = kieBase;
        this.metadata = metadata;
    }

    /** Compiles; on failure fills {@code problems} (file and line as the compiler reports them) and returns null. */
    public static DroolsEngine compile(List<Source> sources, List<Problem> problems) {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId("io.bianwei.pack", "pack-" + BUILDS.incrementAndGet(), "1.0.0");
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
        KieBaseConfiguration conf = ks.newKieBaseConfiguration();
        conf.setOption(ConsequenceExceptionHandlerOption.get(IsolatingHandler.class));
        KieBase base = container.newKieBase(conf);
        ks.getRepository().removeKieModule(releaseId);
        Map<String, Map<String, Object>> meta = new LinkedHashMap<>();
        for (KiePackage p : base.getKiePackages()) {
            for (Rule r : p.getRules()) {
                if (meta.put(r.getName(), Map.copyOf(r.getMetaData())) != null) {
                    problems.add(new Problem(p.getName(), 0, "duplicate rule id " + r.getName()));
                }
            }
        }
        return new DroolsEngine(base, meta);
    }

    /** Rule name → its metadata ({@code @key(value)}) as Drools parsed it. */
    public Map<String, Map<String, Object>> metadata() {
        return metadata;
    }

    /** What a run did: rules fired, and whether it was cut short (budget, time) or had failing rules. */
    public record Run(int fired, boolean outOfFirings, boolean outOfTime) {
    }

    /**
     * Runs the rules over {@code facts} with {@code out} bound to the global {@code out}. A consequence that throws
     * is reported to {@code out} (see {@link RuleFailureSink}) and the other rules go on.
     *
     * @param enabled    which rule names may fire
     * @param maxFirings budget of rule firings; a rule set that loops is cut off
     * @param maxMillis  time budget; the session is halted when it runs out
     */
    public Run run(Collection<?> facts, Object out, Predicate<String> enabled, int maxFirings, long maxMillis) {
        KieSession session = kieBase.newKieSession();
        ScheduledFuture<?> timer = null;
        long t0 = System.nanoTime();
        try {
            session.setGlobal("out", out);
            for (Object f : facts) {
                session.insert(f);
            }
            if (maxMillis > 0) {
                timer = TIMER.schedule(session::halt, maxMillis, TimeUnit.MILLISECONDS);
            }
            int fired = session.fireAllRules(match -> enabled.test(match.getRule().getName()), maxFirings);
            boolean late = maxMillis > 0 && (System.nanoTime() - t0) / 1_000_000 >= maxMillis;
            return new Run(fired, fired >= maxFirings, late);
        } finally {
            if (timer != null) {
                timer.cancel(false);
            }
            session.dispose();
        }
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
