package io.bianwei.internal.engine;

import io.bianwei.Finding;
import io.bianwei.RuleInfo;
import io.bianwei.Span;
import io.bianwei.facts.Claim;
import io.bianwei.facts.Hit;
import io.bianwei.facts.Out;
import io.bianwei.facts.Sentence;
import org.kie.api.runtime.KieRuntime;
import org.kie.api.runtime.rule.Match;
import org.kie.api.runtime.rule.RuleContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the rules of one session emitted: the {@link Out} rules see, and the findings the pipeline reads afterwards
 * (one per rule and the category it applies to, spans sorted). Also the sink of consequence failures. One instance per
 * screened text; not thread-safe.
 */
public final class Findings implements Out, DroolsEngine.RuleFailureSink {
    private final Map<String, RuleInfo> rules;
    private final String original;
    private final Map<String, Acc> acc = new LinkedHashMap<>();
    private final Set<String> claims = new HashSet<>();
    private final List<String> failures = new ArrayList<>();

    private Match firing;
    private KieRuntime runtime;

    public Findings(Map<String, RuleInfo> rules, String original) {
        this.rules = rules;
        this.original = original;
    }

    /** The engine says which match is firing before its consequence runs (so emit needs no rule context). */
    void firing(Match match, KieRuntime session) {
        this.firing = match;
        this.runtime = session;
    }

    @Override
    public void emit(Object... evidence) {
        Match match = firing;
        KieRuntime session = runtime;
        List<Object> given = java.util.Arrays.asList(evidence);
        if (!given.isEmpty() && given.get(0) instanceof RuleContext kcontext) { // the older form
            match = kcontext.getMatch();
            session = kcontext.getKieRuntime();
            given = given.subList(1, given.size());
        }
        if (match == null || session == null) {
            throw new IllegalStateException("out.emit called outside a rule's consequence");
        }
        String id = match.getRule().getName();
        RuleInfo info = rules.get(id);
        if (info == null) {
            throw new IllegalStateException("rule " + id + " has no metadata");
        }
        Iterable<?> facts = !given.isEmpty() ? given : match.getObjects();
        String target = info.category();
        int sentence = -1;
        boolean frame = false;
        int ns = Integer.MAX_VALUE;
        int ne = Integer.MIN_VALUE;
        int c0 = Integer.MAX_VALUE;
        int c1 = -1;
        List<Span> spans = new ArrayList<>(4);
        for (Object o : facts) {
            if (o instanceof Hit h) {
                spans.add(Span.of(original, h.getOriginalStart(), h.getOriginalEnd()));
                if (sentence < 0) {
                    sentence = h.getSentence();
                }
                frame |= h.isFrame();
                ns = Math.min(ns, h.getStart());
                ne = Math.max(ne, h.getEnd());
                if (h.getClause() >= 0) {
                    c0 = Math.min(c0, h.getClause());
                    c1 = Math.max(c1, h.getClause());
                }
            } else if (o instanceof Claim c) {
                if (info.isContext()) {
                    target = c.getCategory();
                } else {
                    spans.addAll(c.getSpans()); // an amplifier or meta rule reports the evidence of what it builds on
                }
                if (sentence < 0) {
                    sentence = c.getSentence();
                }
            } else if (o instanceof io.bianwei.facts.Learned l) {
                spans.addAll(l.getEvidence());
                if (sentence < 0) {
                    sentence = 0;
                }
            } else if (o instanceof Sentence s) {
                spans.add(Span.of(original, s.getOriginalStart(), s.getOriginalEnd()));
                if (sentence < 0) {
                    sentence = s.getIndex();
                }
                frame |= s.isFrame();
                ns = Math.min(ns, s.getStart());
                ne = Math.max(ne, s.getEnd());
            } else if (o == null) {
                throw new IllegalArgumentException("rule " + id + " emitted null evidence");
            }
        }
        if (spans.isEmpty()) {
            throw new IllegalStateException("rule " + id + " emitted no Hit, Sentence or Learned evidence");
        }
        if (!info.isContext() && claims.add(id + "|" + ns + "|" + ne)) {
            session.insert(new Claim(id, info.category(), Math.max(sentence, 0),
                    c1 < 0 ? -1 : c0, c1, ns, ne, frame, spans));
        }
        Acc a = acc.computeIfAbsent(id + "|" + target, k -> new Acc(info, k.substring(id.length() + 1)));
        for (Span s : spans) {
            if (a.spans.size() < MAX_SPANS) {
                a.spans.add(s);
            }
        }
    }

    @Override
    public void ruleFailed(String ruleId, Exception error) {
        if (failures.size() < 10) {
            Throwable root = error;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            failures.add("rule " + ruleId + " failed: " + root);
        }
    }

    /** Rules whose consequence threw, with the reason (the other rules still ran). */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** One finding per (rule, category it applies to), spans sorted. */
    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>(acc.size());
        for (Acc a : acc.values()) {
            out.add(new Finding(a.info.id(), a.category, a.info.weight(), a.info.message(), List.copyOf(a.spans)));
        }
        return out;
    }

    private static final class Acc {
        final RuleInfo info;
        final String category;
        final TreeSet<Span> spans = new TreeSet<>();

        Acc(RuleInfo info, String category) {
            this.info = info;
            this.category = category;
        }
    }
}
