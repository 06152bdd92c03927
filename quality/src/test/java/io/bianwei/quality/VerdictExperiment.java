package io.bianwei.quality;

import io.bianwei.Screener;
import io.bianwei.ScreeningResult;
import io.bianwei.internal.model.LinearVerdict;
import io.bianwei.internal.model.Ngrams;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Not a test: a measuring tool run by hand (java -cp test classpath io.bianwei.quality.VerdictExperiment LABELLED.jsonl
 * CACHE_DIR [variant…]). Screens a labelled set with the default pack once (cached in CACHE_DIR, outside the repository),
 * trains on its authoring half (DevSplit) and measures recall at 1/2/5 % of ok texts flagged on its check half, for
 * feature variants. Prints figures only, never texts.
 */
public final class VerdictExperiment {
    private VerdictExperiment() {
    }

    public static void main(String[] args) throws Exception {
        Path labelled = Path.of(args[0]);
        Path cache = Path.of(args[1]);
        Files.createDirectories(cache);
        Path examplesFile = cache.resolve("examples.jsonl");
        Path scoresFile = cache.resolve("scores.tsv");
        List<VerdictTrainer.Example> examples;
        Map<String, double[]> ruleScores = new HashMap<>(); // id -> [score, ps, pa]
        if (!Files.exists(examplesFile)) {
            LabelledJsonl.Read read = LabelledJsonl.read(labelled, LabelledJsonl.Fields.defaults());
            Screener screener = Screener.builder().build();
            long t0 = System.nanoTime();
            examples = new ArrayList<>();
            StringBuilder sb = new StringBuilder();
            for (Sample s : read.samples()) {
                VerdictTrainer.Example e = VerdictTrainer.screen(screener, s);
                examples.add(e);
                ScreeningResult r = screener.screen(s.id(), s.text());
                sb.append(s.id()).append('\t').append(r.score()).append('\t')
                        .append(r.categoryScores().getOrDefault("pseudo_science", 0)).append('\t')
                        .append(r.categoryScores().getOrDefault("privacy_abuse", 0)).append('\n');
            }
            System.out.printf(Locale.ROOT, "screened %d texts (explain + screen) in %.1f s%n", examples.size(),
                    (System.nanoTime() - t0) / 1e9);
            VerdictTrainingSet.write(examplesFile, examples, Map.of());
            Files.writeString(scoresFile, sb.toString());
        }
        examples = VerdictTrainingSet.read(examplesFile).examples();
        for (String line : Files.readAllLines(scoresFile)) {
            String[] f = line.split("\t");
            ruleScores.put(f[0], new double[]{Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3])});
        }
        if (args.length > 2 && args[2].startsWith("time")) {
            // timing only: 10,000 made-up examples, each the first half of one real text and the second of another
            int n = Integer.parseInt(args[2].substring(4));
            java.util.Random rnd = new java.util.Random(7);
            List<VerdictTrainer.Example> big = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                VerdictTrainer.Example a = examples.get(rnd.nextInt(examples.size()));
                VerdictTrainer.Example b = examples.get(rnd.nextInt(examples.size()));
                String t = a.normalized().substring(0, a.normalized().length() / 2)
                        + b.normalized().substring(b.normalized().length() / 2);
                java.util.Set<String> rules = new java.util.TreeSet<>(a.firedRuleIds());
                rules.addAll(b.firedRuleIds());
                big.add(new VerdictTrainer.Example("x" + i, rules, t, a.label(), a.category()));
            }
            int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
            long t0 = System.nanoTime();
            VerdictTrainer.Result r = VerdictTrainer.train(big, VerdictTrainer.Options.defaults("timing", "2026-01-01")
                    .withThreads(threads));
            System.out.printf(Locale.ROOT, "trained %d texts on %d threads in %.1f s; model %d bytes; chars %d%n", n,
                    threads, (System.nanoTime() - t0) / 1e9,
                    r.model().format().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                    big.stream().mapToInt(e -> e.normalized().length()).sum());
            return;
        }
        List<VerdictTrainer.Example> authoring = new ArrayList<>();
        List<VerdictTrainer.Example> check = new ArrayList<>();
        for (VerdictTrainer.Example e : examples) {
            (DevSplit.half(e.id()) == DevSplit.Half.AUTHORING ? authoring : check).add(e);
        }
        if (args.length > 2 && args[2].equals("prune")) {
            LinearVerdict full = VerdictTrainer.train(authoring, VerdictTrainer.Options.defaults("p", "2026-01-01"))
                    .model();
            for (double tau : new double[]{0, 0.001, 0.003, 0.01, 0.03, 0.1}) {
                List<LinearVerdict.CategoryWeights> ws = new ArrayList<>();
                for (LinearVerdict.CategoryWeights w : full.weights()) {
                    Map<Integer, Double> ng = new TreeMap<>();
                    w.ngrams().forEach((k, x) -> {
                        if (Math.abs(x) >= tau) {
                            ng.put(k, x);
                        }
                    });
                    ws.add(new LinearVerdict.CategoryWeights(w.category(), w.c(), w.positives(), w.negatives(),
                            w.bias(), w.rules(), ng));
                }
                LinearVerdict p = LinearVerdict.of(full.features(), full.thresholds(), full.provenance(), ws);
                double maxD = 0;
                double sumD = 0;
                int changed = 0;
                for (VerdictTrainer.Example e : check) {
                    Ngrams.Vector v = full.vector(e.normalized());
                    double a = full.probability(e.firedRuleIds(), v);
                    double b = p.probability(e.firedRuleIds(), v);
                    maxD = Math.max(maxD, Math.abs(a - b));
                    sumD += Math.abs(a - b);
                    if ((a >= full.reviewThreshold()) != (b >= full.reviewThreshold())) {
                        changed++;
                    }
                }
                byte[] bytes = p.format().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
                try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(bo)) {
                    z.write(bytes);
                }
                System.out.printf(Locale.ROOT, "tau %.3f: %d bytes (%d deflated), ngram weights %s, max |dp| %.4f, "
                                + "mean %.5f, review verdicts changed %d/%d%n", tau, bytes.length, bo.size(),
                        ws.stream().map(w -> String.valueOf(w.ngrams().size())).collect(Collectors.joining("+")),
                        maxD, sumD / check.size(), changed, check.size());
            }
            return;
        }
        System.out.printf(Locale.ROOT, "authoring %d (%s), check %d (%s)%n", authoring.size(), counts(authoring),
                check.size(), counts(check));
        double[] rates = {0.01, 0.02, 0.05};
        // the rule pack's own score on the check half
        double[] s = check.stream().mapToDouble(e -> ruleScores.get(e.id())[0]).toArray();
        report("rule pack score()", check, s, rates, null);
        double[] ps = check.stream().mapToDouble(e -> ruleScores.get(e.id())[1]).toArray();
        report("rule pack categoryScores(pseudo_science)", check, ps, rates, "pseudo_science");

        VerdictTrainer.Options base = VerdictTrainer.Options.defaults("experiment", LocalDate.now().toString());
        List<String> variants = args.length > 2 ? List.of(args).subList(2, args.length)
                : List.of("rules", "ngrams", "both");
        for (String v : variants) {
            VerdictTrainer.Options o = switch (v) {
                case "rules" -> base.withFeatureSets(true, false);
                case "ngrams" -> base.withFeatureSets(false, true);
                case "both" -> base;
                case "whole" -> base.withFeatures(feat(base, null, -1, 0, -1));
                case "rule1" -> base.withFeatures(feat(base, null, -1, -1, 1.0));
                case "all" -> base.withFeatures(feat(base, Ngrams.Scheme.FNV1A_FMIX32_ALL, -1, -1, -1));
                case "nonascii" -> base.withFeatures(feat(base, Ngrams.Scheme.FNV1A_FMIX32_NONASCII, -1, -1, -1));
                case "balanced" -> base.withBalanced(true);
                case "c100" -> base.withCGrid(100);
                case "c10" -> base.withCGrid(10);
                case "c1000" -> base.withCGrid(1000);
                case "bits20" -> base.withFeatures(feat(base, null, 20, -1, -1));
                case "bits16" -> base.withFeatures(feat(base, null, 16, -1, -1));
                case "n2" -> base.withFeatures(new LinearVerdict.Features(base.features().scheme(), 18, 1, 2, 400, 3));
                case "n4" -> base.withFeatures(new LinearVerdict.Features(base.features().scheme(), 18, 1, 4, 400, 3));
                case "chars200" -> base.withFeatures(feat(base, null, -1, 200, -1));
                case "chars800" -> base.withFeatures(feat(base, null, -1, 800, -1));
                default -> throw new IllegalArgumentException(v);
            };
            long t0 = System.nanoTime();
            VerdictTrainer.Result r = VerdictTrainer.train(authoring, o);
            double secs = (System.nanoTime() - t0) / 1e9;
            LinearVerdict m = r.model();
            double[] doc = new double[check.size()];
            double[] cat = new double[check.size()];
            for (int i = 0; i < check.size(); i++) {
                VerdictTrainer.Example e = check.get(i);
                Ngrams.Vector vec = o.useNgrams() ? m.vector(e.normalized()) : Ngrams.Vector.empty();
                doc[i] = m.probability(e.firedRuleIds(), vec);
                cat[i] = m.probability("pseudo_science", e.firedRuleIds(), vec);
            }
            System.out.printf(Locale.ROOT, "%n== %s: trained in %.1f s, C %s, model %d bytes, thresholds review %.4f "
                            + "block %.4f (CV ok rates %.4f %.4f)%n", v, secs,
                    r.report().categories().stream().map(c -> c.category() + "=" + c.c()).collect(Collectors.joining(",")),
                    m.format().getBytes(java.nio.charset.StandardCharsets.UTF_8).length, m.reviewThreshold(),
                    m.blockThreshold(), m.thresholds().reviewRateMet(), m.thresholds().blockRateMet());
            for (VerdictTrainer.CategoryReport c : r.report().categories()) {
                System.out.printf(Locale.ROOT, "  CV %s: %s | criterion by C %s%n", c.category(),
                        c.atRates().stream().map(a -> String.format(Locale.ROOT, "%.1f%%:%.3f", a.rate() * 100,
                                a.recall())).collect(Collectors.joining(" ")), c.byC());
            }
            report("check, document probability", check, doc, rates, null);
            report("check, pseudo_science probability", check, cat, rates, "pseudo_science");
            int okN = 0;
            int okReview = 0;
            int okBlock = 0;
            int psN = 0;
            int psReview = 0;
            for (int i = 0; i < check.size(); i++) {
                if (!check.get(i).flag()) {
                    okN++;
                    okReview += doc[i] >= m.reviewThreshold() ? 1 : 0;
                    okBlock += doc[i] >= m.blockThreshold() ? 1 : 0;
                } else if ("pseudo_science".equals(check.get(i).category())) {
                    psN++;
                    psReview += doc[i] >= m.reviewThreshold() ? 1 : 0;
                }
            }
            System.out.printf(Locale.ROOT, "  check at the model's thresholds: ok REVIEW %d/%d, ok BLOCK %d/%d, "
                    + "pseudo_science flagged %d/%d%n", okReview, okN, okBlock, okN, psReview, psN);
        }
    }

    private static LinearVerdict.Features feat(VerdictTrainer.Options o, Ngrams.Scheme scheme, int bits, int chars,
                                               double rule) {
        LinearVerdict.Features f = o.features();
        return new LinearVerdict.Features(scheme == null ? f.scheme() : scheme, bits < 0 ? f.dimBits() : bits,
                f.minN(), f.maxN(), chars < 0 ? f.maxChars() : chars, rule < 0 ? f.ruleValue() : rule);
    }

    private static String counts(List<VerdictTrainer.Example> ex) {
        Map<String, Integer> c = new TreeMap<>();
        ex.forEach(e -> c.merge(e.flag() ? e.category() : "ok", 1, Integer::sum));
        return c.toString();
    }

    private static void report(String title, List<VerdictTrainer.Example> ex, double[] scores, double[] rates,
                               String onlyCat) {
        StringBuilder sb = new StringBuilder("  " + title + ":");
        for (String cat : List.of("pseudo_science", "privacy_abuse")) {
            if (onlyCat != null && !onlyCat.equals(cat)) {
                continue;
            }
            sb.append("  ").append(cat).append(" ");
            for (double r : rates) {
                VerdictTrainer.AtRate a = VerdictTrainer.recallAtRate(ex, scores, cat, r);
                sb.append(String.format(Locale.ROOT, "%.0f%%:%d/%d=%.3f(ok %.3f) ", r * 100, a.caught(), a.flag(),
                        a.recall(), a.okRate()));
            }
        }
        System.out.println(sb);
    }
}
