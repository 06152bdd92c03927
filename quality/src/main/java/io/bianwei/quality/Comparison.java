package io.bianwei.quality;

import io.bianwei.Finding;
import io.bianwei.RuleInfo;
import io.bianwei.Screener;
import io.bianwei.ScreenerSettings;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;

import java.nio.file.Path;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A regression diff of two rule packs on the same labelled texts: the report a reviewer reads before merging a rule
 * change ({@code bianwei eval --compare OLD_RULES_DIR}).
 *
 * <ul>
 *   <li>Both packs are evaluated as {@link Evaluation} does; the metric deltas are new − old.</li>
 *   <li>A <b>verdict change</b> is a text whose verdict differs. Its effect: {@code fixed} when the new verdict is
 *       right about the label (flagged = REVIEW or BLOCK for a flag text, PASS for an ok text) and the old one was
 *       wrong, {@code broken} for the reverse, {@code severity} for REVIEW ↔ BLOCK. Listed broken first, then fixed,
 *       then severity, each in input order; at most {@link #MAX_CHANGES} are kept (all are counted).</li>
 *   <li>A <b>rule delta</b> is a rule whose flag or ok hit count or whose weight differs, or that is in only one of
 *       the packs.</li>
 * </ul>
 * Every report type is an immutable record.
 */
public final class Comparison {
    /** Verdict changes a report lists at most (all are counted). */
    public static final int MAX_CHANGES = 1000;

    private Comparison() {
    }

    /**
     * A text whose verdict changed.
     *
     * @param oldRules the rules that fired with the old pack, distinct
     * @param newRules the rules that fire with the new pack, distinct
     * @param excerpt  the text's first {@link Excerpts#CASE_LENGTH} code points on one line
     * @param effect   {@code fixed}, {@code broken} or {@code severity} (see the class comment)
     */
    public record Change(String id, Label label, String category, Verdict oldVerdict, int oldScore,
                         Verdict newVerdict, int newScore, List<String> oldRules, List<String> newRules,
                         String excerpt, String effect) {
        public Change {
            oldRules = List.copyOf(oldRules);
            newRules = List.copyOf(newRules);
        }
    }

    /** A rule whose hits or weight changed; a weight is null when the rule is not in that pack (or disabled). */
    public record RuleDelta(String rule, String category, Integer oldWeight, Integer newWeight, int oldFlagHits,
                            int newFlagHits, int oldOkHits, int newOkHits) {
        /** {@code added} (only in the new pack), {@code removed} (only in the old one) or {@code changed}. */
        public String status() {
            return oldWeight == null ? "added" : newWeight == null ? "removed" : "changed";
        }
    }

    /**
     * The regression diff.
     *
     * @param old            the old pack's evaluation
     * @param now            the new pack's evaluation (the metric deltas are now − old)
     * @param verdictChanges texts whose verdict changed (all of them)
     * @param fixed          of which fixed
     * @param broken         of which broken
     * @param severity       of which REVIEW ↔ BLOCK
     * @param changes        the first {@link #MAX_CHANGES}: broken, then fixed, then severity, each in input order
     * @param rules          the rule deltas, by rule id
     */
    public record Report(Evaluation.Report old, Evaluation.Report now, int verdictChanges, int fixed, int broken,
                         int severity, List<Change> changes, List<RuleDelta> rules) {
        public Report {
            changes = List.copyOf(changes);
            rules = List.copyOf(rules);
        }
    }

    /**
     * The settings of the old pack for a comparison with {@code current}: the pack at {@code oldRules} alone (no
     * default pack), with the current thresholds, categories and budgets; rules disabled in the current settings
     * are not disabled in the old pack (they may not be in it).
     */
    public static ScreenerSettings oldSettings(ScreenerSettings current, Path oldRules) {
        return current.withDefaultRules(false).withRuleStrings(List.of(oldRules.toString())).withDisabled(List.of());
    }

    /** Screens every sample with both screeners (on this thread) and reports, as {@code bianwei eval --compare}. */
    public static Report run(Screener old, Screener now, Iterable<Sample> samples, int top, int qaMinHits) {
        Accumulator acc = new Accumulator(old, now, top, qaMinHits);
        for (Sample s : samples) {
            acc.add(s, old.screen(s.id(), s.text()), now.screen(s.id(), s.text()));
        }
        return acc.report();
    }

    /**
     * Feed results of both packs in input order, then {@link #report()}. Not thread-safe: feed it from one thread.
     */
    public static final class Accumulator {
        private final Evaluation.Accumulator old;
        private final Evaluation.Accumulator now;
        private final Map<String, RuleInfo> oldRules = new TreeMap<>();
        private final Map<String, RuleInfo> newRules = new TreeMap<>();
        private final List<Change> changes = new ArrayList<>();
        private int verdictChanges;
        private int fixed;
        private int broken;
        private int severity;

        /** For the results of these two screeners, listing {@code top} cases of each kind in both evaluations. */
        public Accumulator(Screener old, Screener now, int top, int qaMinHits) {
            this(new Evaluation.Accumulator(old.rules(), old.rulesetVersion(), top, qaMinHits), old.rules(),
                    new Evaluation.Accumulator(now.rules(), now.rulesetVersion(), top, qaMinHits), now.rules());
        }

        /**
         * @param old      evaluates the old pack's results
         * @param oldRules the old pack's rules (enabled ones count for the rule deltas)
         * @param now      evaluates the new pack's results
         * @param newRules the new pack's rules
         */
        public Accumulator(Evaluation.Accumulator old, List<RuleInfo> oldRules, Evaluation.Accumulator now,
                           List<RuleInfo> newRules) {
            this.old = Objects.requireNonNull(old);
            this.now = Objects.requireNonNull(now);
            oldRules.stream().filter(RuleInfo::enabled).forEach(r -> this.oldRules.put(r.id(), r));
            newRules.stream().filter(RuleInfo::enabled).forEach(r -> this.newRules.put(r.id(), r));
        }

        /** A sample and its results with the old pack ({@code before}) and the new one ({@code after}). */
        public void add(Sample sample, ScreeningResult before, ScreeningResult after) {
            old.add(sample, before);
            now.add(sample, after);
            if (before.verdict() == after.verdict()) {
                return;
            }
            verdictChanges++;
            boolean flag = sample.flag();
            boolean wasRight = Evaluation.flagged(before) == flag;
            boolean isRight = Evaluation.flagged(after) == flag;
            String effect = isRight && !wasRight ? "fixed" : wasRight && !isRight ? "broken" : "severity";
            switch (effect) {
                case "fixed" -> fixed++;
                case "broken" -> broken++;
                default -> severity++;
            }
            if (changes.size() < MAX_CHANGES) {
                changes.add(new Change(sample.id(), sample.label(), sample.category(), before.verdict(),
                        before.score(), after.verdict(), after.score(), rules(before), rules(after),
                        Excerpts.head(sample.text(), Excerpts.CASE_LENGTH), effect));
            }
        }

        /** A record that could not be evaluated (with either pack): counted as a failure in both evaluations. */
        public void addFailure(String id, String error) {
            old.addFailure(id, error);
            now.addFailure(id, error);
        }

        private static List<String> rules(ScreeningResult r) {
            return r.findings().stream().map(Finding::ruleId).distinct().toList();
        }

        /** The diff of everything fed so far. */
        public Report report() {
            Evaluation.Report o = old.report();
            Evaluation.Report n = now.report();
            Map<String, Evaluation.RuleStats> os = new TreeMap<>();
            o.rules().forEach(s -> os.put(s.rule(), s));
            Map<String, Evaluation.RuleStats> ns = new TreeMap<>();
            n.rules().forEach(s -> ns.put(s.rule(), s));
            TreeSet<String> ids = new TreeSet<>(os.keySet());
            ids.addAll(ns.keySet());
            ids.addAll(oldRules.keySet());
            ids.addAll(newRules.keySet());
            List<RuleDelta> deltas = new ArrayList<>();
            for (String id : ids) {
                Evaluation.RuleStats a = os.get(id);
                Evaluation.RuleStats b = ns.get(id);
                RuleInfo ra = oldRules.get(id);
                RuleInfo rb = newRules.get(id);
                Integer wa = ra == null ? null : ra.weight();
                Integer wb = rb == null ? null : rb.weight();
                int af = a == null ? 0 : a.flagHits();
                int ao = a == null ? 0 : a.okHits();
                int bf = b == null ? 0 : b.flagHits();
                int bo = b == null ? 0 : b.okHits();
                if (af != bf || ao != bo || !Objects.equals(wa, wb)) {
                    String category = rb != null ? rb.category() : ra != null ? ra.category()
                            : b != null ? b.category() : a.category();
                    deltas.add(new RuleDelta(id, category, wa, wb, af, bf, ao, bo));
                }
            }
            List<String> order = List.of("broken", "fixed", "severity");
            List<Change> sorted = new ArrayList<>(changes);
            sorted.sort(Comparator.comparingInt(c -> order.indexOf(c.effect()))); // stable: input order within
            return new Report(o, n, verdictChanges, fixed, broken, severity, List.copyOf(sorted), List.copyOf(deltas));
        }
    }
}
