package io.bianwei.quality;

import io.bianwei.Finding;
import io.bianwei.RuleInfo;
import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Scores a screener against labelled texts: the arithmetic behind {@code bianwei eval}, for any caller (the CLI,
 * the service, the Flink job).
 *
 * <pre>{@code
 * Evaluation.Report r = Evaluation.run(screener, List.of(
 *         new Sample("1", "祖传秘方三天根治糖尿病", Label.FLAG, "pseudo_science"),
 *         new Sample("2", "糖尿病需要长期规范治疗", Label.OK, "health")));
 * r.overall().f1();
 * }</pre>
 *
 * <p>Results can also be fed one by one ({@link Accumulator}), e.g. from a parallel screening in input order; reading
 * labelled JSONL is {@link LabelledJsonl}'s. Every report type is an immutable record.
 *
 * <h2>Definitions</h2>
 * <ul>
 *   <li>A document is <b>flagged</b> when its verdict is REVIEW or BLOCK (at the screener's thresholds).</li>
 *   <li>Overall: TP = flag texts flagged, FN = flag texts passed, FP = ok texts flagged, TN = ok texts passed;
 *       precision = TP/(TP+FP), recall = TP/(TP+FN), F1 = 2TP/(2TP+FP+FN). A ratio with a zero denominator is
 *       {@code NaN} (printed as "n/a", written as JSON null).</li>
 *   <li>False-positive rate on ok texts = FP/(FP+TN); BLOCK rate on ok texts = ok texts with verdict BLOCK / ok
 *       texts.</li>
 *   <li>Per category C, one row: its flag texts (labelled C; no category = "(none)") that were flagged ("caught",
 *       the category's TP, whatever category fired) or not ("missed", FN); "false alarms" = ok texts flagged whose
 *       <i>top</i> category (highest category score, ties by name) is C (FP). Precision, recall and F1 of the row
 *       follow from those three, so the rows' TP and FP add up to the overall ones. The row also counts the ok texts
 *       labelled C and how many of them were flagged.</li>
 *   <li>Rules, SpamAssassin style: per rule, the flag and ok texts it fired on, those as fractions of all flag / ok
 *       texts, and S/O = flag% / (flag% + ok%) (1.0 = fires only on flag texts). Sorted by S/O, then flag hits.</li>
 *   <li>Rule QA ({@link RuleWarning}), in rule id order: an enabled rule that fired on no text ({@code never-fires});
 *       an evidence rule with at least {@code qaMinHits} hits and S/O &lt; 0.5 ({@code mostly-ok}); a context rule
 *       (whose job is to let ok texts through) with at least {@code qaMinHits} hits and S/O &gt; 0.5
 *       ({@code mostly-flag}).</li>
 *   <li>Top false positives: ok texts flagged, highest score first; top false negatives: flag texts passed, lowest
 *       score first (SpamAssassin's mass-check convention); ties in input order.</li>
 * </ul>
 */
public final class Evaluation {
    /** How many false positives / negatives a report lists unless told otherwise. */
    public static final int DEFAULT_TOP = 10;
    /** Category name for flag texts without a category. */
    public static final String NO_CATEGORY = "(none)";

    private Evaluation() {
    }

    /** The confusion matrix, flag = positive, flagged = REVIEW or BLOCK. */
    public record Confusion(int truePositives, int falseNegatives, int falsePositives, int trueNegatives) {
        public int total() {
            return truePositives + falseNegatives + falsePositives + trueNegatives;
        }
    }

    /** Precision, recall, F1; NaN where a denominator is zero. */
    public record Metrics(double precision, double recall, double f1) {
        /**
         * From counts.
         *
         * @param tp flag texts flagged
         * @param fp ok texts flagged
         * @param fn flag texts passed
         */
        public static Metrics of(int tp, int fp, int fn) {
            return new Metrics(ratio(tp, tp + fp), ratio(tp, tp + fn), ratio(2 * tp, 2 * tp + fp + fn));
        }
    }

    /**
     * One category's row; see the class comment.
     *
     * @param category      the category ({@link #NO_CATEGORY} for flag texts without one)
     * @param flagDocuments flag texts labelled with it
     * @param caught        those flagged (TP)
     * @param missed        those passed (FN)
     * @param falseAlarms   ok texts flagged with this as their top category (FP)
     * @param metrics       from caught, false alarms and missed
     * @param okDocuments   ok texts labelled with it
     * @param okFlagged     those flagged
     */
    public record CategoryStats(String category, int flagDocuments, int caught, int missed, int falseAlarms,
                                Metrics metrics, int okDocuments, int okFlagged) {
    }

    /**
     * One rule's hit statistics (SpamAssassin style).
     *
     * @param rule     the rule id
     * @param category its category ({@code ?} for a rule the screener did not list)
     * @param weight   its effective weight
     * @param flagHits flag texts it fired on
     * @param okHits   ok texts it fired on
     * @param flagRate flagHits / flag texts
     * @param okRate   okHits / ok texts
     * @param ratio    S/O = flagRate / (flagRate + okRate); NaN when it fired on nothing
     */
    public record RuleStats(String rule, String category, int weight, int flagHits, int okHits, double flagRate,
                            double okRate, double ratio) {
    }

    /**
     * A misclassified text, for the top false positive / negative lists.
     *
     * @param rules   the rules that fired, distinct, in the result's order
     * @param excerpt the text's first {@link Excerpts#CASE_LENGTH} code points on one line
     */
    public record Case(String id, Label label, String category, Verdict verdict, int score, List<String> rules,
                       String excerpt) {
        public Case {
            rules = List.copyOf(rules);
        }
    }

    /**
     * A rule-QA warning (SpamAssassin promotes a rule only when it hits spam far more than ham).
     *
     * @param kind    {@code never-fires}: an enabled rule fired on no text; {@code mostly-ok}: an evidence rule with
     *                at least the minimum hits and S/O below 0.5; {@code mostly-flag}: a context rule (which should
     *                fire on ok texts) with at least the minimum hits and S/O above 0.5
     * @param message what is wrong, in words, with the figures
     */
    public record RuleWarning(String rule, String kind, String message) {
    }

    /** Hits a rule needs before {@code mostly-ok} / {@code mostly-flag} warnings apply, unless told otherwise. */
    public static final int DEFAULT_QA_MIN_HITS = 5;

    /**
     * How the texts of one family (the labelled file's {@code family} field) fared.
     *
     * @param family            the family
     * @param flag              flag texts of the family
     * @param caught            of which flagged (REVIEW or BLOCK)
     * @param caughtInCategory  of which flagged with the text's own category as the top category
     * @param ok                ok texts of the family (its near-misses)
     * @param okFlagged         of which flagged
     */
    public record FamilyStats(String family, int flag, int caught, int caughtInCategory, int ok, int okFlagged) {
        /** caughtInCategory / flag. */
        public double recall() {
            return ratio(caughtInCategory, flag);
        }
    }

    /**
     * What the rules of one family ({@code @family}) did.
     *
     * @param family        the family ("" for rules without one)
     * @param rules         enabled rules of the family
     * @param flagHits      flag texts on which a rule of the family fired
     * @param flagCaught    of which flagged
     * @param okHits        ok texts on which a rule of the family fired
     * @param okFlagged     of which flagged
     */
    public record RuleFamilyStats(String family, int rules, int flagHits, int flagCaught, int okHits, int okFlagged) {
    }

    /** A record that could not be evaluated (unreadable, no label, screening failed). */
    public record Failure(String id, String error) {
    }

    /**
     * Everything {@code eval} reports.
     *
     * @param rulesetVersion      the screener's ruleset version
     * @param documents           texts evaluated (failures excluded)
     * @param flagDocuments       of which labelled flag
     * @param okDocuments         of which labelled ok
     * @param confusion           the confusion matrix
     * @param overall             precision, recall and F1 over all texts
     * @param okFalsePositiveRate ok texts flagged / ok texts
     * @param okBlocked           ok texts with verdict BLOCK
     * @param okBlockRate         okBlocked / ok texts
     * @param categories          per category, sorted by name, {@link #NO_CATEGORY} last
     * @param rules               per rule, by S/O (highest first), then flag hits
     * @param warnings            rule QA, by rule id
     * @param falsePositives      the top ok texts flagged, highest score first
     * @param falseNegatives      the top flag texts passed, lowest score first
     * @param failures            how many records could not be evaluated
     * @param failureList         the first {@link Accumulator#MAX_FAILURES} of them
     * @param families            per family of the labelled texts (their {@code family} field), sorted by name
     * @param ruleFamilies        per family of the rules ({@code @family}), sorted by name
     */
    public record Report(String rulesetVersion, int documents, int flagDocuments, int okDocuments, Confusion confusion,
                         Metrics overall, double okFalsePositiveRate, int okBlocked, double okBlockRate,
                         List<CategoryStats> categories, List<RuleStats> rules, List<RuleWarning> warnings,
                         List<Case> falsePositives, List<Case> falseNegatives, int failures,
                         List<Failure> failureList, List<FamilyStats> families, List<RuleFamilyStats> ruleFamilies) {
        public Report {
            families = List.copyOf(families);
            ruleFamilies = List.copyOf(ruleFamilies);
            categories = List.copyOf(categories);
            rules = List.copyOf(rules);
            warnings = List.copyOf(warnings);
            falsePositives = List.copyOf(falsePositives);
            falseNegatives = List.copyOf(falseNegatives);
            failureList = List.copyOf(failureList);
        }
    }

    /** Screens every sample (on this thread) and reports, listing {@link #DEFAULT_TOP} cases of each kind. */
    public static Report run(Screener screener, Iterable<Sample> samples) {
        return run(screener, samples, DEFAULT_TOP);
    }

    /** Screens every sample (on this thread) and reports, listing {@code top} cases of each kind. */
    public static Report run(Screener screener, Iterable<Sample> samples, int top) {
        Accumulator acc = new Accumulator(screener.rules(), screener.rulesetVersion(), top);
        for (Sample s : samples) {
            acc.add(s, screener.screen(s.id(), s.text()));
        }
        return acc.report();
    }

    static double ratio(int numerator, int denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }

    /** The category with the highest score (ties by name), or {@link #NO_CATEGORY}. */
    static String topCategory(ScreeningResult r) {
        return r.categoryScores().entrySet().stream()
                .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElse(NO_CATEGORY);
    }

    /** Whether a result is flagged: REVIEW or BLOCK. */
    static boolean flagged(ScreeningResult r) {
        return r.verdict() == Verdict.REVIEW || r.verdict() == Verdict.BLOCK;
    }

    /**
     * Streaming evaluation: feed results in input order, then {@link #report()} (any number of times). Memory is
     * bounded: counters per category and rule, and the top-N lists. Not thread-safe: feed it from one thread.
     */
    public static final class Accumulator {
        public static final int MAX_FAILURES = 100;

        private final String rulesetVersion;
        private final int top;
        private final int qaMinHits;
        private final Map<String, RuleInfo> ruleInfo = new LinkedHashMap<>();
        private final Map<String, int[]> ruleHits = new TreeMap<>(); // [flag, ok]
        private final Map<String, int[]> categories = new TreeMap<>(); // [flag, caught, falseAlarms, ok, okFlagged]
        private final Map<String, int[]> families = new TreeMap<>(); // [flag, caught, inCategory, ok, okFlagged]
        private final Map<String, int[]> ruleFamilies = new TreeMap<>(); // [rules, flagHits, flagCaught, okHits, okFlagged]
        private final PriorityQueue<Ranked> falsePositives;
        private final PriorityQueue<Ranked> falseNegatives;
        private final List<Failure> failureList = new ArrayList<>();
        private int failures;
        private int tp;
        private int fn;
        private int fp;
        private int tn;
        private int okBlocked;
        private long seq;

        private record Ranked(Case c, long seq) {
        }

        /**
         * @param rules          the screener's rules (enabled ones get a row even with no hits); may be empty
         * @param rulesetVersion echoed in the report
         * @param top            how many false positives / negatives to keep
         */
        public Accumulator(List<RuleInfo> rules, String rulesetVersion, int top) {
            this(rules, rulesetVersion, top, DEFAULT_QA_MIN_HITS);
        }

        /** @param qaMinHits hits a rule needs before the {@code mostly-ok} / {@code mostly-flag} warnings apply */
        public Accumulator(List<RuleInfo> rules, String rulesetVersion, int top, int qaMinHits) {
            this.rulesetVersion = rulesetVersion;
            this.top = Math.max(0, top);
            this.qaMinHits = Math.max(1, qaMinHits);
            for (RuleInfo r : rules) {
                if (r.enabled()) {
                    ruleInfo.put(r.id(), r);
                    ruleHits.put(r.id(), new int[2]);
                    if (!r.isContext()) {
                        ruleFamilies.computeIfAbsent(r.family(), k -> new int[5])[0]++;
                    }
                }
            }
            // the heads are the cases to drop first: the least wrong
            Comparator<Ranked> fpWorst = Comparator.<Ranked>comparingInt(r -> r.c().score())
                    .thenComparing(Ranked::seq, Comparator.reverseOrder());
            Comparator<Ranked> fnWorst = Comparator.<Ranked>comparingInt(r -> -r.c().score())
                    .thenComparing(Ranked::seq, Comparator.reverseOrder());
            this.falsePositives = new PriorityQueue<>(fpWorst);
            this.falseNegatives = new PriorityQueue<>(fnWorst);
        }

        /** A sample and the screener's result for it. */
        public void add(Sample sample, ScreeningResult result) {
            long n = seq++;
            boolean flagged = flagged(result);
            boolean flag = sample.label() == Label.FLAG;
            java.util.Set<String> firedFamilies = new java.util.TreeSet<>();
            for (String rule : result.findings().stream().map(Finding::ruleId).distinct().toList()) {
                ruleHits.computeIfAbsent(rule, k -> new int[2])[flag ? 0 : 1]++;
                RuleInfo info = ruleInfo.get(rule);
                if (info != null && !info.isContext()) {
                    firedFamilies.add(info.family());
                }
            }
            for (String fam : firedFamilies) {
                int[] f = ruleFamilies.computeIfAbsent(fam, k -> new int[5]);
                f[flag ? 1 : 3]++;
                if (flagged) {
                    f[flag ? 2 : 4]++;
                }
            }
            if (sample.family() != null) {
                int[] f = families.computeIfAbsent(sample.family(), k -> new int[5]);
                if (flag) {
                    f[0]++;
                    if (flagged) {
                        f[1]++;
                        if (sample.category() != null && sample.category().equals(topCategory(result))) {
                            f[2]++;
                        }
                    }
                } else {
                    f[3]++;
                    if (flagged) {
                        f[4]++;
                    }
                }
            }
            if (flag) {
                int[] c = category(sample.category() == null ? NO_CATEGORY : sample.category());
                c[0]++;
                if (flagged) {
                    tp++;
                    c[1]++;
                } else {
                    fn++;
                    keep(falseNegatives, new Ranked(toCase(sample, result), n));
                }
            } else {
                if (sample.category() != null) {
                    int[] c = category(sample.category());
                    c[3]++;
                    if (flagged) {
                        c[4]++;
                    }
                }
                if (flagged) {
                    fp++;
                    category(topCategory(result))[2]++;
                    keep(falsePositives, new Ranked(toCase(sample, result), n));
                } else {
                    tn++;
                }
                if (result.verdict() == Verdict.BLOCK) {
                    okBlocked++;
                }
            }
        }

        /** A record that could not be evaluated. */
        public void addFailure(String id, String error) {
            failures++;
            if (failureList.size() < MAX_FAILURES) {
                failureList.add(new Failure(id, error));
            }
        }

        private int[] category(String name) {
            return categories.computeIfAbsent(name, k -> new int[5]);
        }

        private void keep(PriorityQueue<Ranked> queue, Ranked r) {
            if (top == 0) {
                return;
            }
            queue.add(r);
            if (queue.size() > top) {
                queue.poll();
            }
        }

        private static Case toCase(Sample s, ScreeningResult r) {
            return new Case(s.id(), s.label(), s.category(), r.verdict(), r.score(),
                    r.findings().stream().map(Finding::ruleId).distinct().toList(), Excerpts.head(s.text(), Excerpts.CASE_LENGTH));
        }

        /** The report of everything fed so far. */
        public Report report() {
            int flagDocs = tp + fn;
            int okDocs = fp + tn;
            List<CategoryStats> cats = new ArrayList<>();
            categories.forEach((name, c) -> cats.add(new CategoryStats(name, c[0], c[1], c[0] - c[1], c[2],
                    Metrics.of(c[1], c[2], c[0] - c[1]), c[3], c[4])));
            cats.sort(Comparator.comparing((CategoryStats c) -> c.category().equals(NO_CATEGORY))
                    .thenComparing(CategoryStats::category));
            List<RuleStats> rules = new ArrayList<>();
            ruleHits.forEach((id, h) -> {
                RuleInfo info = ruleInfo.get(id);
                double fr = ratio(h[0], flagDocs);
                double or = ratio(h[1], okDocs);
                double fv = Double.isNaN(fr) ? 0 : fr;
                double ov = Double.isNaN(or) ? 0 : or;
                rules.add(new RuleStats(id, info == null ? "?" : info.category(), info == null ? 0 : info.weight(),
                        h[0], h[1], fr, or, fv + ov == 0 ? Double.NaN : fv / (fv + ov)));
            });
            rules.sort(Comparator.comparingDouble((RuleStats r) -> Double.isNaN(r.ratio()) ? -1 : r.ratio())
                    .reversed()
                    .thenComparing(RuleStats::flagHits, Comparator.reverseOrder())
                    .thenComparing(RuleStats::okHits)
                    .thenComparing(RuleStats::rule));
            return new Report(rulesetVersion, flagDocs + okDocs, flagDocs, okDocs, new Confusion(tp, fn, fp, tn),
                    Metrics.of(tp, fp, fn), ratio(fp, okDocs), okBlocked, ratio(okBlocked, okDocs), List.copyOf(cats),
                    List.copyOf(rules), warnings(rules, flagDocs + okDocs), worstFirst(falsePositives),
                    worstFirst(falseNegatives), failures, List.copyOf(failureList),
                    families.entrySet().stream().map(e -> new FamilyStats(e.getKey(), e.getValue()[0],
                            e.getValue()[1], e.getValue()[2], e.getValue()[3], e.getValue()[4])).toList(),
                    ruleFamilies.entrySet().stream().map(e -> new RuleFamilyStats(e.getKey(), e.getValue()[0],
                            e.getValue()[1], e.getValue()[2], e.getValue()[3], e.getValue()[4])).toList());
        }

        /** Rule QA, in rule id order: see {@link RuleWarning}. */
        private List<RuleWarning> warnings(List<RuleStats> rules, int documents) {
            List<RuleWarning> out = new ArrayList<>();
            if (documents == 0) {
                return out;
            }
            for (RuleStats s : rules.stream().sorted(Comparator.comparing(RuleStats::rule)).toList()) {
                int hits = s.flagHits() + s.okHits();
                boolean context = io.bianwei.Category.CONTEXT.equals(s.category());
                String so = Double.isNaN(s.ratio()) ? "n/a" : String.format(Locale.ROOT, "%.2f", s.ratio());
                if (hits == 0) {
                    out.add(new RuleWarning(s.rule(), "never-fires", "never fires on these " + documents + " texts"));
                } else if (!context && hits >= qaMinHits && s.ratio() < 0.5) {
                    out.add(new RuleWarning(s.rule(), "mostly-ok", "fires mostly on ok texts: S/O " + so + " ("
                            + s.flagHits() + " flag, " + s.okHits() + " ok)"));
                } else if (context && hits >= qaMinHits && s.ratio() > 0.5) {
                    out.add(new RuleWarning(s.rule(), "mostly-flag", "context rule fires mostly on flag texts: S/O "
                            + so + " (" + s.flagHits() + " flag, " + s.okHits() + " ok)"));
                }
            }
            return List.copyOf(out);
        }

        private static List<Case> worstFirst(PriorityQueue<Ranked> queue) {
            List<Ranked> all = new ArrayList<>(queue);
            all.sort(queue.comparator().reversed());
            return all.stream().map(Ranked::c).toList();
        }
    }
}
