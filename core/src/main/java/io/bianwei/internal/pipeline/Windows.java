package io.bianwei.internal.pipeline;

import io.bianwei.Finding;
import io.bianwei.Span;
import io.bianwei.facts.Out;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Long texts are screened in windows cut at sentence ends, so memory is bounded by the window, not the text, and
 * spans stay exact (a window's spans are shifted by its start). Findings of the same rule and category from several
 * windows merge into one, keeping up to {@link Out#MAX_SPANS} spans.
 */
final class Windows {
    /** Texts longer than this are screened in windows cut at sentence ends. */
    static final int WINDOW = 20_000;

    private Windows() {
    }

    /** The windows of {@code text} as {@code [from, to)} pairs; one window for a short text. */
    static List<int[]> of(String text) {
        List<int[]> out = new ArrayList<>();
        int pos = 0;
        do {
            int end = end(text, pos);
            out.add(new int[]{pos, end});
            pos = end;
        } while (pos < text.length());
        return out;
    }

    /** End of the window starting at {@code pos}: the last sentence end before the limit, never inside a pair. */
    static int end(String text, int pos) {
        int limit = Math.min(text.length(), pos + WINDOW);
        if (limit == text.length()) {
            return limit;
        }
        for (int i = limit - 1; i > limit - 2_000 && i > pos; i--) {
            char c = text.charAt(i);
            if (c == '。' || c == '！' || c == '？' || c == '!' || c == '?' || c == '\n' || c == ';' || c == '；') {
                return i + 1;
            }
        }
        return Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
    }

    /** Findings of one window, shifted to offsets of the whole text. */
    static List<Finding> shift(List<Finding> findings, int from) {
        if (from == 0) {
            return findings;
        }
        return findings.stream().map(f -> new Finding(f.ruleId(), f.category(), f.weight(), f.message(),
                f.spans().stream().map(sp -> new Span(sp.start() + from, sp.end() + from, sp.text())).toList()))
                .toList();
    }

    /** Merges findings of the same rule and category, in first-seen order. */
    static final class Merge {
        private final Map<String, Finding> merged = new LinkedHashMap<>();

        void add(List<Finding> findings) {
            for (Finding f : findings) {
                merged.merge(f.ruleId() + "|" + f.category(), f, (a, b) -> {
                    TreeSet<Span> spans = new TreeSet<>(a.spans());
                    for (Span sp : b.spans()) {
                        if (spans.size() < Out.MAX_SPANS) {
                            spans.add(sp);
                        }
                    }
                    return new Finding(a.ruleId(), a.category(), a.weight(), a.message(), List.copyOf(spans));
                });
            }
        }

        List<Finding> findings() {
            return new ArrayList<>(merged.values());
        }
    }
}
