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
 * spans stay exact. A window after the first also gets the text's frame (its first sentence and a leading 【title】,
 * when short) in front and the two sentences before it (overlap), so context in the frame (a 辟谣 title) reaches every
 * window and a pattern over three neighbouring sentences is whole in some window. The screened text of a window is
 * {@code text[0, frameEnd) + text[from, to)}; {@link Window#toText} maps its offsets back. Findings of the same rule
 * and category from several windows merge into one, keeping up to {@link Out#MAX_SPANS} spans.
 */
final class Windows {
    /** Texts longer than this are screened in windows cut at sentence ends. */
    static final int WINDOW = 20_000;
    /** The frame is carried into later windows only when it is at most this long. */
    static final int MAX_FRAME = 500;
    /** Sentences of the previous window repeated at the start of the next. */
    static final int OVERLAP_SENTENCES = 2;
    /** The overlap is at most this long (a run without sentence ends overlaps by {@link #MIN_OVERLAP}). */
    static final int MAX_OVERLAP = 1_000;
    static final int MIN_OVERLAP = 200;

    private Windows() {
    }

    /**
     * One window: {@code text[0, frameEnd) + text[from, to)} is screened; what it adds to the text is
     * {@code [own, to)} (the rest was screened before, so explain shows it once).
     */
    record Window(int frameEnd, int from, int own, int to) {
        boolean whole(String text) {
            return frameEnd == 0 && from == 0 && to == text.length();
        }

        /** The text this window screens. */
        String screened(String text) {
            if (frameEnd == 0) {
                return from == 0 && to == text.length() ? text : text.substring(from, to);
            }
            return text.substring(0, frameEnd) + text.substring(from, to);
        }

        /** Offset of the whole text for offset {@code i} of the screened text (an end offset maps like a start). */
        int toText(int i) {
            return i < frameEnd ? i : i - frameEnd + from;
        }

        /** This window ending at {@code end} instead. */
        Window endingAt(int end) {
            return new Window(frameEnd, from, own, end);
        }

        /** Offset of the screened text where the window's own part starts. */
        int ownInScreened() {
            return frameEnd + (own - from);
        }
    }

    /** The first window of {@code text}: all of it when short. */
    static Window first(String text) {
        return new Window(0, 0, 0, end(text, 0));
    }

    /**
     * The window after one that ended at {@code pos}.
     *
     * @param frameEnd where the text's frame ends (0: none to carry)
     * @param dense    the text before is dense with term hits (a window was cut short for them): the overlap is at most
     *                 {@link #MIN_OVERLAP} chars, so that the hits a window repeats stay few
     */
    static Window after(String text, int pos, int frameEnd, boolean dense) {
        int from = overlapStart(text, pos);
        if (dense && pos - from > MIN_OVERLAP) {
            from = pos - MIN_OVERLAP;
            if (Character.isLowSurrogate(text.charAt(from))) {
                from--;
            }
        }
        int frame = frameEnd <= MAX_FRAME && frameEnd < from ? frameEnd : 0;
        return new Window(frame, from, pos, end(text, pos));
    }

    /**
     * Where a window must end when it may hold text only up to offset {@code at}: after the last sentence end in
     * {@code (min, at]}, else at {@code at}; never before {@code min}, never inside a surrogate pair.
     */
    static int cut(String text, int min, int at) {
        int limit = Math.max(min, at);
        for (int i = limit - 1; i >= min && i > limit - 2_000; i--) {
            if (isSentenceEnd(text.charAt(i))) {
                return i + 1;
            }
        }
        return limit < text.length() && Character.isLowSurrogate(text.charAt(limit)) ? limit + 1 : limit;
    }

    /** Where the overlap before {@code pos} starts: {@link #OVERLAP_SENTENCES} sentences back, within bounds. */
    static int overlapStart(String text, int pos) {
        int limit = Math.max(0, pos - MAX_OVERLAP);
        int found = 0;
        int start = -1;
        for (int i = pos - 2; i >= limit; i--) {
            if (isSentenceEnd(text.charAt(i))) {
                found++;
                start = i + 1;
                if (found == OVERLAP_SENTENCES) {
                    break;
                }
            }
        }
        if (found < OVERLAP_SENTENCES && limit == 0) {
            start = 0;
        } else if (start < 0) {
            start = Math.max(0, pos - MIN_OVERLAP); // no sentence end nearby: overlap by a stretch of text
        }
        if (start > 0 && start < text.length() && Character.isLowSurrogate(text.charAt(start))) {
            start--;
        }
        return start;
    }

    private static boolean isSentenceEnd(char c) {
        return c == '。' || c == '！' || c == '？' || c == '!' || c == '?' || c == '\n' || c == ';' || c == '；';
    }

    /** End of the window starting at {@code pos}: the last sentence end before the limit, never inside a pair. */
    static int end(String text, int pos) {
        int limit = Math.min(text.length(), pos + WINDOW);
        if (limit == text.length()) {
            return limit;
        }
        for (int i = limit - 1; i > limit - 2_000 && i > pos; i--) {
            if (isSentenceEnd(text.charAt(i))) {
                return i + 1;
            }
        }
        return Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
    }

    /** Findings of one window, in offsets of the whole text. */
    static List<Finding> shift(List<Finding> findings, Window w, String text) {
        if (w.frameEnd() == 0 && w.from() == 0) {
            return findings;
        }
        return findings.stream().map(f -> new Finding(f.ruleId(), f.category(), f.weight(), f.message(),
                f.spans().stream().map(sp -> shift(sp, w, text)).distinct().toList())).toList();
    }

    /** A span of the window's screened text as a span of the whole text. */
    static Span shift(Span sp, Window w, String text) {
        if (w.frameEnd() == 0 && w.from() == 0) {
            return sp;
        }
        int s = w.toText(sp.start());
        int e = sp.end() <= w.frameEnd() ? sp.end() : w.toText(sp.end() - 1) + 1;
        return e - s == sp.end() - sp.start() ? new Span(s, e, sp.text()) : Span.of(text, s, e);
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
