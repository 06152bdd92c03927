package io.bianwei;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the learned verdict scored one text, as a sum a moderator can check: per category, the model's bias, the
 * contribution of every rule that fired (evidence and context rules alike, in log-odds), the strongest character
 * n-grams with where they are in the text, and the rest of the n-grams in one number; their sum is the category's
 * log-odds and its logistic the probability. The category's score is that probability on 0–100, mapped so that the
 * model's own thresholds (chosen from data for stated rates of ordinary texts) sit at 40 (REVIEW) and 70 (BLOCK):
 * linear in the probability below REVIEW, linear in the log-odds above. The text's score is the highest category
 * score; the verdict compares it with 40 and 70, or with the thresholds the caller set.
 *
 * @param categories   every category of the model, sorted by name
 * @param score        the text's score, 0–100 (the highest category score; raised to REVIEW when it failed closed)
 * @param review       the REVIEW threshold used (0–100)
 * @param block        the BLOCK threshold used (0–100)
 * @param verdict      the verdict the result carries
 * @param failedClosed the rules did not finish and the model alone said PASS: REVIEW instead
 * @param model        the model's version and what it was trained on
 */
public record LearnedScore(List<CategoryScore> categories, int score, int review, int block, Verdict verdict,
                           boolean failedClosed, String model) {
    public LearnedScore {
        categories = List.copyOf(categories);
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(model, "model");
    }

    /**
     * One term of a category's sum.
     *
     * @param name         a rule id, or an n-gram of the normalised text
     * @param contribution its part of the log-odds (negative pulls towards PASS)
     * @param spans        where it is in the original text (an n-gram's first occurrences; empty for rules here:
     *                     their findings carry their evidence)
     */
    public record Term(String name, double contribution, List<Span> spans) {
        public Term {
            Objects.requireNonNull(name, "name");
            spans = List.copyOf(spans);
        }
    }

    /**
     * One category's sum: {@code bias + Σ rules + Σ ngrams + otherNgrams = logit}.
     *
     * @param category     the category
     * @param bias         the model's intercept
     * @param rules        every fired rule the model weighs, strongest first
     * @param ngrams       the n-grams that moved the score most, strongest first
     * @param otherNgrams  the sum of the other n-grams' contributions
     * @param logit        the log-odds
     * @param probability  its logistic
     * @param score        the probability on 0–100 (see above), capped below BLOCK when {@code capped}
     * @param capped       no evidence rule of this category fired: wording alone may ask for a review, not block
     */
    public record CategoryScore(String category, double bias, List<Term> rules, List<Term> ngrams, double otherNgrams,
                                double logit, double probability, int score, boolean capped) {
        public CategoryScore {
            rules = List.copyOf(rules);
            ngrams = List.copyOf(ngrams);
        }
    }

    /** The sums as lines of text, category by category, then the verdict. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (CategoryScore c : categories) {
            StringBuilder sb = new StringBuilder(c.category()).append(": bias ").append(num(c.bias()));
            for (Term t : c.rules()) {
                sb.append(", ").append(t.name()).append(' ').append(num(t.contribution()));
            }
            for (Term t : c.ngrams()) {
                sb.append(", «").append(t.name()).append("» ").append(num(t.contribution()));
            }
            if (c.otherNgrams() != 0) {
                sb.append(", other n-grams ").append(num(c.otherNgrams()));
            }
            sb.append(" = log-odds ").append(num(c.logit())).append(" → p ")
                    .append(String.format(Locale.ROOT, "%.3f", c.probability())).append(" → score ").append(c.score());
            if (c.capped()) {
                sb.append(" (no evidence rule of this category fired: capped below BLOCK)");
            }
            out.add(sb.toString());
        }
        out.add(failedClosed
                ? "the rules did not finish: score " + score + " → " + verdict + " (fail-closed)"
                : "score " + score + " (REVIEW ≥ " + review + ", BLOCK ≥ " + block + ") → " + verdict);
        return out;
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%+.3f", d);
    }
}
