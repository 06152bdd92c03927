package io.bianwei.engine;

import io.bianwei.RulePackException.Problem;
import io.bianwei.internal.pack.Source;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        KieBase base = container.getKieBase();
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

    /**
     * Runs the rules over {@code facts} with {@code out} bound to the global {@code out}.
     *
     * @param enabled    which rule names may fire
     * @param maxFirings budget; a rule set that exceeds it is cut off
     * @return how many rules fired
     */
    public int run(Collection<?> facts, Object out, Predicate<String> enabled, int maxFirings) {
        KieSession session = kieBase.newKieSession();
        try {
            session.setGlobal("out", out);
            for (Object f : facts) {
                session.insert(f);
            }
            return session.fireAllRules(match -> enabled.test(match.getRule().getName()), maxFirings);
        } finally {
            session.dispose();
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
