package io.bianwei.quality;

import io.bianwei.ScreeningResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Operating curves of a screener on labelled texts: how many flag texts of each category a score catches at each
 * share of ok texts it flags, rather than the one point the thresholds pick. What {@code eval} reports as curves and
 * plots with {@code --plot}.
 *
 * <p>Per category C: the positives are the flag texts labelled C ({@link Evaluation#NO_CATEGORY} for none), the
 * negatives every ok text. Two rankings: by the result's {@link ScreeningResult#score()} (what the verdict uses), and
 * by C's own score ({@code categoryScores().get(C)}, 0 when absent). At a share r of ok texts, the cut is the lowest
 * at which at most r of the ok texts score at or above it: midway between the last ok score let in and the first
 * kept out, or just above the first kept out when they tie or none is let in (so ties can keep the share met below
 * r); recall is the share of positives at or above it. ROC AUC counts a tie as half.
 */
public final class Curves {
    /** The shares of ok texts flagged at which recall is reported. */
    public static final double[] RATES = {0.005, 0.01, 0.02, 0.05};

    private Curves() {
    }

    /** A ranking. */
    public enum Ranking {
        /** By {@link ScreeningResult#score()}. */
        SCORE("score"),
        /** By the category's own score. */
        CATEGORY_SCORE("categoryScore");

        private final String key;

        Ranking(String key) {
            this.key = key;
        }

        /** {@code score} or {@code categoryScore}, as in JSON. */
        public String key() {
            return key;
        }
    }

    /**
     * A point of a curve: at or above {@code threshold}.
     *
     * @param recall    positives at or above / positives
     * @param okRate    ok texts at or above / ok texts
     * @param precision positives at or above / texts at or above (NaN when none)
     */
    public record Point(double threshold, double recall, double okRate, double precision) {
    }

    /**
     * Recall at a share of ok texts flagged.
     *
     * @param rate      the share allowed
     * @param threshold the cut
     * @param okRate    the share met (≤ rate)
     * @param caught    positives at or above the cut
     * @param flag      positives
     */
    public record AtRate(double rate, double threshold, double okRate, int caught, int flag) {
        public double recall() {
            return flag == 0 ? Double.NaN : (double) caught / flag;
        }
    }

    /**
     * One category's curve under one ranking.
     *
     * @param points  from the highest cut down (recall and ok rate rising), starting at (0, 0)
     * @param rocAuc  area under the ROC curve (NaN without positives or ok texts)
     */
    public record Curve(String category, Ranking ranking, int flag, int ok, List<AtRate> atRates, double rocAuc,
                        List<Point> points) {
        public Curve {
            atRates = List.copyOf(atRates);
            points = List.copyOf(points);
        }
    }

    /** Every category's curves, categories by name, {@link Evaluation#NO_CATEGORY} last; each ranking. */
    public record Report(List<Curve> curves) {
        public Report {
            curves = List.copyOf(curves);
        }

        public List<Curve> of(Ranking ranking) {
            return curves.stream().filter(c -> c.ranking() == ranking).toList();
        }
    }

    /** Collects results (any order; not thread-safe). */
    public static final class Accumulator {
        private final List<double[]> ok = new ArrayList<>(); // per ok text: [score]
        private final List<Map<String, Integer>> okCats = new ArrayList<>();
        private final Map<String, List<double[]>> flag = new TreeMap<>(); // category -> [score, category score]

        public void add(Sample sample, ScreeningResult result) {
            if (sample.flag()) {
                String cat = sample.category() == null ? Evaluation.NO_CATEGORY : sample.category();
                flag.computeIfAbsent(cat, k -> new ArrayList<>()).add(new double[]{result.score(),
                        result.categoryScores().getOrDefault(cat, 0)});
            } else {
                ok.add(new double[]{result.score()});
                okCats.add(result.categoryScores());
            }
        }

        public Report report() {
            List<Curve> out = new ArrayList<>();
            List<String> cats = new ArrayList<>(flag.keySet());
            cats.sort((a, b) -> a.equals(Evaluation.NO_CATEGORY) ? 1 : b.equals(Evaluation.NO_CATEGORY) ? -1
                    : a.compareTo(b));
            for (Ranking ranking : Ranking.values()) {
                for (String cat : cats) {
                    double[] pos = flag.get(cat).stream().mapToDouble(v -> v[ranking == Ranking.SCORE ? 0 : 1])
                            .toArray();
                    double[] neg = new double[ok.size()];
                    for (int i = 0; i < neg.length; i++) {
                        neg[i] = ranking == Ranking.SCORE ? ok.get(i)[0] : okCats.get(i).getOrDefault(cat, 0);
                    }
                    out.add(curve(cat, ranking, pos, neg));
                }
            }
            return new Report(out);
        }
    }

    /** The curve of positives' and ok texts' scores. */
    public static Curve curve(String category, Ranking ranking, double[] positives, double[] okScores) {
        List<AtRate> at = new ArrayList<>();
        for (double r : RATES) {
            double t = VerdictTrainer.threshold(okScores, r, Double.NaN);
            int caught = 0;
            for (double p : positives) {
                if (p >= t) {
                    caught++;
                }
            }
            at.add(new AtRate(r, t, VerdictTrainer.okRate(okScores, t), caught, positives.length));
        }
        double[] cuts = new double[positives.length + okScores.length];
        System.arraycopy(positives, 0, cuts, 0, positives.length);
        System.arraycopy(okScores, 0, cuts, positives.length, okScores.length);
        double[] distinct = Arrays.stream(cuts).distinct().sorted().toArray();
        double[] p = positives.clone();
        double[] n = okScores.clone();
        Arrays.sort(p);
        Arrays.sort(n);
        List<Point> points = new ArrayList<>();
        points.add(new Point(Double.POSITIVE_INFINITY, 0, 0, Double.NaN));
        double auc = 0;
        double lastRecall = 0;
        double lastOk = 0;
        for (int k = distinct.length - 1; k >= 0; k--) {
            double t = distinct[k];
            int tp = p.length - lowerBound(p, t);
            int fp = n.length - lowerBound(n, t);
            double recall = p.length == 0 ? Double.NaN : (double) tp / p.length;
            double okRate = n.length == 0 ? Double.NaN : (double) fp / n.length;
            points.add(new Point(t, recall, okRate, tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp)));
            auc += (okRate - lastOk) * (recall + lastRecall) / 2; // trapezoid: a tie counts half
            lastRecall = recall;
            lastOk = okRate;
        }
        if (points.size() == 1 || lastOk < 1 || lastRecall < 1) {
            auc += (1 - lastOk) * (1 + lastRecall) / 2; // below the lowest score everything is flagged
            points.add(new Point(Double.NEGATIVE_INFINITY, p.length == 0 ? Double.NaN : 1,
                    n.length == 0 ? Double.NaN : 1, (double) p.length / Math.max(1, p.length + n.length)));
        }
        if (p.length == 0 || n.length == 0) {
            auc = Double.NaN;
        }
        return new Curve(category, ranking, p.length, n.length, at, auc, points);
    }

    /** The first index whose value is ≥ t in an ascending array. */
    private static int lowerBound(double[] a, double t) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // --- the plot ----------------------------------------------------------------------------------------------------

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

    /**
     * An SVG of the ROC curves (recall against the share of ok texts flagged) and precision–recall curves, one colour
     * per category, solid by the result's score and dashed by the category's own score; the title gives each
     * category's recall at 1 % and 2 % of ok texts flagged and its ROC AUC. Plain SVG 1.1, readable by a browser.
     */
    public static String svg(Report report, String title) {
        int w = 1130;
        int h = 520;
        int top = 70 + 18 * Math.max(1, report.of(Ranking.SCORE).size());
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(w).append("\" height=\"")
                .append(h + top - 70).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h + top - 70)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append("<text x=\"").append(w / 2).append("\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" "
                + "font-weight=\"bold\">").append(esc(title)).append("</text>\n");
        int y = 42;
        int i = 0;
        for (Curve c : report.of(Ranking.SCORE)) {
            sb.append("<text x=\"").append(w / 2).append("\" y=\"").append(y).append("\" text-anchor=\"middle\" fill=\"")
                    .append(COLOURS[i++ % COLOURS.length]).append("\">").append(esc(figures(c))).append("</text>\n");
            y += 18;
        }
        int size = 380;
        panel(sb, report, 70, top, size, true);
        panel(sb, report, 70 + size + 110, top, size, false);
        // legend, right of the panels
        int lx = 70 + 2 * size + 110 + 30;
        int ly = top + 10;
        i = 0;
        for (Curve c : report.of(Ranking.SCORE)) {
            String col = COLOURS[i++ % COLOURS.length];
            sb.append("<line x1=\"").append(lx).append("\" y1=\"").append(ly).append("\" x2=\"").append(lx + 24)
                    .append("\" y2=\"").append(ly).append("\" stroke=\"").append(col).append("\" stroke-width=\"2\"/>\n");
            sb.append("<text x=\"").append(lx + 30).append("\" y=\"").append(ly + 4).append("\">").append(esc(c.category()))
                    .append("</text>\n");
            ly += 18;
        }
        sb.append("<line x1=\"").append(lx).append("\" y1=\"").append(ly).append("\" x2=\"").append(lx + 24)
                .append("\" y2=\"").append(ly).append("\" stroke=\"gray\" stroke-width=\"2\"/>\n");
        sb.append("<text x=\"").append(lx + 30).append("\" y=\"").append(ly + 4).append("\">by score</text>\n");
        ly += 18;
        sb.append("<line x1=\"").append(lx).append("\" y1=\"").append(ly).append("\" x2=\"").append(lx + 24)
                .append("\" y2=\"").append(ly).append("\" stroke=\"gray\" stroke-width=\"2\" stroke-dasharray=\"5,4\"/>\n");
        sb.append("<text x=\"").append(lx + 30).append("\" y=\"").append(ly + 4).append("\">by category score</text>\n");
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** "pseudo_science: recall 16.0% at 1% ok flagged, 22.0% at 2%, ROC AUC 0.812 (120 flag, 900 ok)". */
    static String figures(Curve c) {
        AtRate one = c.atRates().get(1);
        AtRate two = c.atRates().get(2);
        return String.format(Locale.ROOT, "%s: recall %s at 1%% ok flagged, %s at 2%%, ROC AUC %s (%d flag, %d ok)",
                c.category(), pct(one.recall()), pct(two.recall()), Double.isNaN(c.rocAuc()) ? "n/a"
                        : String.format(Locale.ROOT, "%.3f", c.rocAuc()), c.flag(), c.ok());
    }

    private static void panel(StringBuilder sb, Report report, int x0, int y0, int size, boolean roc) {
        int x1 = x0 + size;
        int y1 = y0 + size;
        sb.append("<g>\n");
        sb.append("<text x=\"").append(x0 + size / 2).append("\" y=\"").append(y0 - 8)
                .append("\" text-anchor=\"middle\" font-weight=\"bold\">")
                .append(roc ? "ROC: recall against ok texts flagged" : "Precision against recall").append("</text>\n");
        for (int k = 0; k <= 5; k++) {
            double v = k / 5.0;
            int gx = (int) Math.round(x0 + v * size);
            int gy = (int) Math.round(y1 - v * size);
            sb.append("<line x1=\"").append(gx).append("\" y1=\"").append(y0).append("\" x2=\"").append(gx)
                    .append("\" y2=\"").append(y1).append("\" stroke=\"#e0e0e0\"/>\n");
            sb.append("<line x1=\"").append(x0).append("\" y1=\"").append(gy).append("\" x2=\"").append(x1)
                    .append("\" y2=\"").append(gy).append("\" stroke=\"#e0e0e0\"/>\n");
            String label = String.format(Locale.ROOT, "%.1f", v);
            sb.append("<text x=\"").append(gx).append("\" y=\"").append(y1 + 16).append("\" text-anchor=\"middle\">")
                    .append(label).append("</text>\n");
            sb.append("<text x=\"").append(x0 - 6).append("\" y=\"").append(gy + 4).append("\" text-anchor=\"end\">")
                    .append(label).append("</text>\n");
        }
        sb.append("<rect x=\"").append(x0).append("\" y=\"").append(y0).append("\" width=\"").append(size)
                .append("\" height=\"").append(size).append("\" fill=\"none\" stroke=\"black\"/>\n");
        sb.append("<text x=\"").append(x0 + size / 2).append("\" y=\"").append(y1 + 36)
                .append("\" text-anchor=\"middle\">").append(roc ? "share of ok texts flagged" : "recall")
                .append("</text>\n");
        sb.append("<text transform=\"translate(").append(x0 - 40).append(',').append(y0 + size / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(roc ? "recall" : "precision")
                .append("</text>\n");
        if (roc) {
            sb.append("<line x1=\"").append(x0).append("\" y1=\"").append(y1).append("\" x2=\"").append(x1)
                    .append("\" y2=\"").append(y0).append("\" stroke=\"#bbbbbb\" stroke-dasharray=\"2,3\"/>\n");
        }
        for (Ranking ranking : Ranking.values()) {
            int i = 0;
            for (Curve c : report.of(ranking)) {
                String col = COLOURS[i++ % COLOURS.length];
                StringBuilder pts = new StringBuilder();
                for (Point p : c.points()) {
                    double px = roc ? p.okRate() : p.recall();
                    double py = roc ? p.recall() : p.precision();
                    if (Double.isNaN(px) || Double.isNaN(py)) {
                        continue;
                    }
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x0 + px * size, y1 - py * size));
                }
                if (pts.length() == 0) {
                    continue;
                }
                sb.append("<polyline fill=\"none\" stroke=\"").append(col).append("\" stroke-width=\"2\"")
                        .append(ranking == Ranking.CATEGORY_SCORE ? " stroke-dasharray=\"5,4\"" : "")
                        .append(" points=\"").append(pts.toString().strip()).append("\">")
                        .append("<title>").append(esc(c.category() + " by " + ranking.key())).append("</title>")
                        .append("</polyline>\n");
            }
        }
        sb.append("</g>\n");
    }

    private static String pct(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", d * 100);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
