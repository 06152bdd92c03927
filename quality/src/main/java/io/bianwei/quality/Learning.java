package io.bianwei.quality;

import io.bianwei.LearnedModel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Training and cross-validating a {@link LearnedModel} from labelled samples ({@code bianwei learn}). Deterministic:
 * folds are assigned by a hash of each id, training is counting.
 */
public final class Learning {
    /** The probabilities the report gives figures at (the default pack's learned rules use 0.95 and 0.99). */
    public static final double[] THRESHOLDS = {0.5, 0.8, 0.9, 0.95, 0.99};

    private Learning() {
    }

    /** The examples of a category: its flag texts against every ok text (flag texts of other categories are left out). */
    public static List<LearnedModel.Example> examples(List<Sample> samples, String category) {
        List<LearnedModel.Example> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.flag() && !category.equals(s.category())) {
                continue;
            }
            out.add(new LearnedModel.Example(s.id(), s.text(), s.flag()));
        }
        return out;
    }

    /** Precision and recall of "probability ≥ threshold" as a flag, and the false-positive rate on ok texts. */
    public record AtThreshold(double threshold, int caught, int flag, int falsePositives, int ok) {
        public double recall() {
            return flag == 0 ? Double.NaN : (double) caught / flag;
        }

        public double precision() {
            return caught + falsePositives == 0 ? Double.NaN : (double) caught / (caught + falsePositives);
        }

        public double falsePositiveRate() {
            return ok == 0 ? Double.NaN : (double) falsePositives / ok;
        }
    }

    /**
     * What {@code learn} reports.
     *
     * @param folds          the number of cross-validation folds
     * @param crossValidated figures on texts scored by a model that did not see them, per threshold
     * @param histogram      the trained model's scores of its own training texts: counts of flag and ok texts per
     *                       tenth of the probability range ({@code [flag or ok][bucket 0..9]})
     */
    public record Report(String category, int flag, int ok, int tokens, int folds, List<AtThreshold> crossValidated,
                         int[][] histogram) {
        public Report {
            crossValidated = List.copyOf(crossValidated);
            histogram = new int[][]{histogram[0].clone(), histogram[1].clone()};
        }

        @Override
        public int[][] histogram() {
            return new int[][]{histogram[0].clone(), histogram[1].clone()};
        }
    }

    /** The fold (0..folds-1) of an id. */
    static int fold(String id, int folds) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return Math.floorMod(((d[1] & 0xff) << 8) | (d[2] & 0xff), folds);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Cross-validates (k folds by id hash) and reports on a model trained on every example. */
    public static Report evaluate(String category, List<LearnedModel.Example> examples, LearnedModel trained,
                                  int folds) {
        if (folds < 2) {
            throw new IllegalArgumentException("need at least 2 folds");
        }
        int[] caught = new int[THRESHOLDS.length];
        int[] fps = new int[THRESHOLDS.length];
        int flag = 0;
        int ok = 0;
        for (int k = 0; k < folds; k++) {
            List<LearnedModel.Example> train = new ArrayList<>();
            List<LearnedModel.Example> test = new ArrayList<>();
            for (LearnedModel.Example e : examples) {
                (fold(e.id(), folds) == k ? test : train).add(e);
            }
            LearnedModel m = LearnedModel.train(category, train, "fold " + k);
            for (LearnedModel.Example e : test) {
                double p = m.score(e.text()).probability();
                if (e.flag()) {
                    flag++;
                } else {
                    ok++;
                }
                for (int t = 0; t < THRESHOLDS.length; t++) {
                    if (p >= THRESHOLDS[t]) {
                        if (e.flag()) {
                            caught[t]++;
                        } else {
                            fps[t]++;
                        }
                    }
                }
            }
        }
        List<AtThreshold> at = new ArrayList<>();
        for (int t = 0; t < THRESHOLDS.length; t++) {
            at.add(new AtThreshold(THRESHOLDS[t], caught[t], flag, fps[t], ok));
        }
        int[][] hist = new int[2][10];
        for (LearnedModel.Example e : examples) {
            double p = trained.score(e.text()).probability();
            hist[e.flag() ? 0 : 1][Math.min(9, (int) Math.floor(p * 10))]++;
        }
        return new Report(category, trained.flagTexts(), trained.okTexts(), trained.tokens(), folds, at, hist);
    }
}
