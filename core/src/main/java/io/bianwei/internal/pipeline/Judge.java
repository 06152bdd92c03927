package io.bianwei.internal.pipeline;

import io.bianwei.Category;
import io.bianwei.Finding;
import io.bianwei.LearnedScore;
import io.bianwei.Scoring;
import io.bianwei.Span;
import io.bianwei.Verdict;
import io.bianwei.internal.model.LinearVerdict;
import io.bianwei.internal.model.Ngrams;
import io.bianwei.internal.text.NormalizedText;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one place a text's findings and features become its verdict, score and category scores, fail-closed included;
 * the result and the explanation are both made from its {@link Judgement}. Two kinds: {@link HandWeights} (the rules'
 * weights summed, SpamAssassin style) and {@link Learned} (a calibrated linear model over the rules that fired and the
 * text's character n-grams, the rules staying the evidence).
 */
interface Judge {
    /**
     * @param findings the rules' findings, merged over windows
     * @param first    the first window's normalised text (the model's n-grams are read from its start)
     * @param rulesCut the rules did not finish (time or firing budget)
     * @param detailed explain reads the whole arithmetic; screen only the verdict, score and findings (which are the
     *                 same either way)
     */
    Judgement judge(List<Finding> findings, NormalizedText first, boolean rulesCut, boolean detailed);

    /** Score at or above which a text is REVIEW. */
    int review();

    /** Score at or above which a text is BLOCK. */
    int block();

    /**
     * What was decided.
     *
     * @param findings the findings with their contributions (and, under the learned verdict, the text-feature ones),
     *                 strongest first
     * @param weights  the hand-weighted arithmetic (null under the learned verdict)
     * @param learned  the learned sum (null under hand weights)
     */
    record Judgement(Verdict verdict, int score, Map<String, Integer> categoryScores, List<Finding> findings,
                     boolean failedClosed, Scoring.Breakdown weights, LearnedScore learned) {
    }

    /** Findings strongest first (by the size of their contribution), then by rule id. */
    Comparator<Finding> STRONGEST_FIRST = Comparator.comparingDouble((Finding f) -> -Math.abs(f.contribution()))
            .thenComparing(Finding::ruleId).thenComparing(Finding::category);

    /** The rules' hand weights, summed per category and capped ({@link Scoring}). */
    final class HandWeights implements Judge {
        private final Scoring scoring;
        private final boolean failClosed;

        HandWeights(Scoring scoring, boolean failClosed) {
            this.scoring = scoring;
            this.failClosed = failClosed;
        }

        @Override
        public Judgement judge(List<Finding> findings, NormalizedText first, boolean rulesCut, boolean detailed) {
            List<Finding> sorted = new ArrayList<>(findings);
            sorted.sort(Comparator.comparingInt((Finding f) -> -Math.abs(f.weight())).thenComparing(Finding::ruleId));
            Scoring.Breakdown b = scoring.score(sorted, rulesCut, failClosed);
            return new Judgement(b.verdict(), b.score(), b.categoryScores(), sorted, b.failedClosed(), b, null);
        }

        @Override
        public int review() {
            return scoring.review();
        }

        @Override
        public int block() {
            return scoring.block();
        }
    }

    /**
     * The learned verdict: per category, the model's probability over the rules that fired (context rules too, so the
     * model learned how much each cancels) and the character n-grams of the text's start; the text's score is the
     * highest category probability on 0–100. A category no evidence rule fired for stays below BLOCK: wording alone
     * may ask for a review. Each finding's contribution is its rule's part of its category's log-odds; the n-grams
     * that pushed a category up are a finding of their own ({@code TEXT_<CATEGORY>}) with their spans.
     */
    final class Learned implements Judge {
        /** N-grams shown per category in the explanation. */
        static final int SHOWN_NGRAMS = 8;
        /** Spans of one n-gram kept as evidence. */
        static final int SPANS_PER_NGRAM = 3;

        private final LinearVerdict model;
        private final int review;
        private final int block;
        private final boolean failClosed;
        private final String description;

        /**
         * @param review REVIEW threshold on 0–100 (the model's own is {@link #REVIEW_AT})
         * @param block  BLOCK threshold on 0–100
         */
        Learned(LinearVerdict model, int review, int block, boolean failClosed) {
            this.model = model;
            this.review = review;
            this.block = block;
            this.failClosed = failClosed;
            LinearVerdict.Provenance p = model.provenance();
            this.description = model.version() + " (" + p.texts() + " texts, trained " + p.trained()
                    + (p.text().isEmpty() ? "" : ", " + p.text()) + ")";
        }

        /** Where the model's REVIEW and BLOCK probabilities sit on the 0–100 score. */
        static final int REVIEW_AT = 40;
        static final int BLOCK_AT = 70;

        /**
         * A probability on 0–100, monotone, with the model's REVIEW threshold at {@link #REVIEW_AT} and its BLOCK
         * threshold at {@link #BLOCK_AT}: linear in the probability below REVIEW, linear in the log-odds between the
         * two, saturating towards 100 above BLOCK at the same pace. (A model trained on hard ordinary texts puts its
         * thresholds near certainty, e.g. 0.949 and 0.999, which whole percents of the probability cannot tell apart;
         * the probability itself is in the explanation.)
         */
        int score(double p) {
            double pr = model.reviewThreshold();
            double pb = model.blockThreshold();
            double s;
            if (p < pr || pr <= 0) {
                s = pr <= 0 ? REVIEW_AT : REVIEW_AT * p / pr;
            } else {
                double lr = logit(pr);
                double lb = logit(pb);
                double span = Math.max(lb - lr, 1e-6);
                double l = logit(p);
                s = l < lb ? REVIEW_AT + (BLOCK_AT - REVIEW_AT) * (l - lr) / span
                        : BLOCK_AT + (100 - BLOCK_AT) * (1 - Math.exp(-(l - lb) / span));
            }
            return (int) Math.max(0, Math.min(100, Math.floor(s + 1e-9)));
        }

        private static double logit(double p) {
            double q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
            return Math.log(q / (1 - q));
        }

        @Override
        public int review() {
            return review;
        }

        @Override
        public int block() {
            return block;
        }

        @Override
        public Judgement judge(List<Finding> findings, NormalizedText first, boolean rulesCut, boolean detailed) {
            Set<String> fired = new HashSet<>();
            Set<String> evidenceOf = new HashSet<>();
            for (Finding f : findings) {
                fired.add(f.ruleId());
                if (f.weight() > 0 && !Category.CONTEXT.equals(f.category())) {
                    evidenceOf.add(f.category());
                }
            }
            String text = first == null ? "" : first.text();
            Ngrams.Vector v = model.vector(text);
            List<LearnedScore.CategoryScore> categories = new ArrayList<>();
            Map<String, Integer> categoryScores = new TreeMap<>();
            Map<String, Map<String, Double>> ruleContribution = new TreeMap<>();
            List<Finding> textFindings = new ArrayList<>();
            int top = 0;
            for (String category : model.categories()) {
                if (!detailed) {
                    // screen: a category below REVIEW adds its score and its rules' contributions, nothing else
                    // (no n-gram is listed or becomes evidence), so its log-odds are all it needs
                    int score = capped(category, score(LinearVerdict.sigmoid(model.logit(category, fired, v))),
                            evidenceOf);
                    if (score < review) {
                        Map<String, Double> byRule = new TreeMap<>();
                        for (String id : fired) {
                            double x = model.ruleContribution(category, id);
                            if (x != 0) {
                                byRule.put(id, x);
                            }
                        }
                        ruleContribution.put(category, byRule);
                        if (score > 0) {
                            categoryScores.put(category, score);
                        }
                        top = Math.max(top, score);
                        continue;
                    }
                }
                LinearVerdict.CategoryScore c = model.score(category, fired, v);
                int uncapped = score(c.probability());
                int score = capped(category, uncapped, evidenceOf);
                boolean capped = score != uncapped;
                List<LearnedScore.Term> rules = new ArrayList<>();
                Map<String, Double> byRule = new TreeMap<>();
                for (LinearVerdict.RuleContribution r : c.rules()) {
                    rules.add(new LearnedScore.Term(r.ruleId(), r.contribution(), List.of()));
                    byRule.put(r.ruleId(), r.contribution());
                }
                ruleContribution.put(c.category(), byRule);
                List<LearnedScore.Term> ngrams = new ArrayList<>();
                double other = 0;
                double pushed = 0;
                List<Span> evidence = new ArrayList<>();
                Shown shown = shown(first, c.ngrams());
                int k = 0;
                for (LinearVerdict.NgramContribution n : c.ngrams()) {
                    if (k >= SHOWN_NGRAMS) {
                        other += n.contribution();
                        continue;
                    }
                    List<Span> spans = shown.spans().get(k);
                    String name = spans.isEmpty() ? "#" + n.index()
                            : shown.texts()[k] == null ? "#" + n.index() : shown.texts()[k];
                    k++;
                    ngrams.add(new LearnedScore.Term(name, n.contribution(), spans));
                    if (n.contribution() > 0) {
                        pushed += n.contribution();
                    }
                    if (n.contribution() > 0 && name.codePointCount(0, name.length()) >= 2) {
                        // single characters weigh in the sum but make poor evidence: spans of n-grams of two or more
                        for (Span sp : spans) {
                            if (evidence.size() < io.bianwei.facts.Out.MAX_SPANS && !evidence.contains(sp)) {
                                evidence.add(sp);
                            }
                        }
                    }
                }
                categories.add(new LearnedScore.CategoryScore(c.category(), c.bias(), rules, ngrams, other, c.logit(),
                        c.probability(), score, capped));
                if (score > 0) {
                    categoryScores.put(c.category(), score);
                }
                if (score >= review && pushed > 0 && !evidence.isEmpty()) {
                    evidence.sort(null);
                    textFindings.add(new Finding("TEXT_" + c.category().toUpperCase(java.util.Locale.ROOT),
                            c.category(), 0, "措辞与已标记的帖子相近（模型学得的字词片段）", evidence, pushed));
                }
                top = Math.max(top, score);
            }
            Verdict verdict = top >= block ? Verdict.BLOCK : top >= review ? Verdict.REVIEW : Verdict.PASS;
            boolean failedClosed = rulesCut && failClosed && verdict == Verdict.PASS;
            if (failedClosed) {
                verdict = Verdict.REVIEW;
                top = Math.max(top, review);
            }
            List<Finding> out = new ArrayList<>(findings.size() + textFindings.size());
            for (Finding f : findings) {
                Map<String, Double> byRule = ruleContribution.get(f.category());
                out.add(f.withContribution(byRule == null ? 0 : byRule.getOrDefault(f.ruleId(), 0.0)));
            }
            out.addAll(textFindings);
            out.sort(STRONGEST_FIRST);
            LearnedScore learned = detailed
                    ? new LearnedScore(categories, top, review, block, verdict, failedClosed, description) : null;
            return new Judgement(verdict, top, categoryScores, out, failedClosed, null, learned);
        }

        /** A category's score, kept below BLOCK when no evidence rule of the category fired. */
        private int capped(String category, int score, Set<String> evidenceOf) {
            return !evidenceOf.contains(category) && score >= block ? block - 1 : score;
        }

        /**
         * Of the n-grams shown (the first {@link #SHOWN_NGRAMS}): for each, the text of its first occurrence in the
         * first window and where it occurs there in the original text (at most {@link #SPANS_PER_NGRAM}), found in
         * one pass over the text.
         */
        private record Shown(List<List<Span>> spans, String[] texts) {
        }

        private Shown shown(NormalizedText first, List<LinearVerdict.NgramContribution> ngrams) {
            int m = Math.min(SHOWN_NGRAMS, ngrams.size());
            List<List<Span>> spans = new ArrayList<>(m);
            String[] texts = new String[m];
            int[] indices = new int[m];
            for (int k = 0; k < m; k++) {
                spans.add(new ArrayList<>(SPANS_PER_NGRAM));
                indices[k] = ngrams.get(k).index();
            }
            if (first == null || m == 0) {
                return new Shown(spans, texts);
            }
            String text = first.text();
            model.occurrences(text, indices, (which, start, end) -> {
                if (texts[which] == null) {
                    texts[which] = text.substring(start, end);
                }
                List<Span> out = spans.get(which);
                if (out.size() < SPANS_PER_NGRAM) {
                    Span sp = first.toOriginal(start, end);
                    if (sp.end() > sp.start() && !out.contains(sp)) {
                        out.add(sp);
                    }
                }
            });
            return new Shown(spans, texts);
        }
    }
}
