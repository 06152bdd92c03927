package io.bianwei.cli;

import io.bianwei.LearnedModel;
import io.bianwei.RuleExample;
import io.bianwei.Span;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The DRL {@code learn} writes beside a new model: three rules that turn the model's probability into findings
 * (0.5, 0.9 and 0.99, like SpamAssassin's BAYES_50 … BAYES_99; together 50 points, REVIEW at most on their own), each with examples taken from the training texts: the shortest
 * text the model scores highest (marked with its evidence) and the shortest ok text it scores lowest.
 */
final class LearnedRules {
    private LearnedRules() {
    }

    static String drl(String modelName, LearnedModel model, List<LearnedModel.Example> examples) {
        String cat = model.category();
        String prefix = cat.equals("privacy_abuse") ? "PA" : "PS";
        String id = modelName.equals(cat) ? "" : "_" + modelName.toUpperCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        sb.append("package bianwei.learned;\n\nimport io.bianwei.facts.*;\nglobal io.bianwei.facts.Out out;\n\n")
                .append("// Written by 'bianwei learn' for models/").append(modelName).append(".nb (").append(cat)
                .append("). A learned rule alone reaches REVIEW at most.\n");
        for (double t : new double[]{0.5, 0.9, 0.99}) {
            String rule = "ML_" + prefix + id + "_" + Math.round(t * 100);
            LearnedModel.Example hit = pick(model, examples, true, t);
            LearnedModel.Example ok = pick(model, examples, false, t);
            sb.append("\nrule \"").append(rule).append("\"\n")
                    .append("    @category(\"").append(cat).append("\")\n")
                    .append("    @family(\"learned\")\n")
                    .append("    @weight(").append(t < 0.99 ? 20 : 10).append(")\n")
                    .append("    @description(\"统计模型 ").append(modelName).append(" 的概率不低于 ").append(t).append("\")\n")
                    .append("    @description_en(\"The learned model ").append(modelName).append(" scores the text at ")
                    .append(t).append(" or more\")\n")
                    .append("    @message(\"与训练集中的问题文本相似（统计模型）\")\n");
            if (hit != null) {
                sb.append("    @hit1(\"").append(escape(marked(model, hit.text()))).append("\")\n");
            }
            if (ok != null) {
                sb.append("    @ok1(\"").append(escape(ok.text())).append("\")\n");
            }
            sb.append("when\n    $l : Learned(model == \"").append(modelName).append("\", probability >= ").append(t)
                    .append(")\nthen\n    out.emit(kcontext);\nend\n");
        }
        return sb.toString();
    }

    private static LearnedModel.Example pick(LearnedModel model, List<LearnedModel.Example> examples, boolean flag,
                                             double t) {
        return examples.stream().filter(e -> e.flag() == flag && e.text().length() <= 200
                        && !e.text().contains("«") && !e.text().contains("»"))
                .filter(e -> flag ? model.score(e.text()).probability() >= t : model.score(e.text()).probability() < 0.5)
                .min(Comparator.comparingInt((LearnedModel.Example e) -> e.text().length()).thenComparing(LearnedModel.Example::id))
                .orElse(null);
    }

    /** The text with the evidence the pipeline will report marked (at most five flag-leaning clues). */
    private static String marked(LearnedModel model, String text) {
        List<Span> spans = model.score(text).clues().stream().filter(c -> c.probability() > 0.5).limit(5)
                .map(LearnedModel.Clue::span).sorted().toList();
        List<Span> merged = new java.util.ArrayList<>();
        for (Span s : spans) {
            Span last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && s.start() < last.end()) {
                merged.set(merged.size() - 1, Span.of(text, last.start(), Math.max(last.end(), s.end())));
            } else {
                merged.add(s);
            }
        }
        return new RuleExample(RuleExample.Kind.HIT, text, merged).written();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ");
    }
}
