package io.bianwei.cli;

import io.bianwei.Span;
import io.bianwei.quality.Excerpts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Shows evidence spans in their text: the spans marked (colour on a terminal, «…» otherwise) with a little context
 * either side; distant spans get separate windows joined by "…". Line breaks and tabs are shown as spaces.
 */
final class Highlighter {
    private Highlighter() {
    }

    static String excerpt(String text, List<Span> spans, int context, Style style, boolean contextRule) {
        List<int[]> merged = merge(spans, text.length());
        if (merged.isEmpty()) {
            return "";
        }
        // windows of context around each span, merged when they touch
        List<int[]> windows = new ArrayList<>();
        for (int[] s : merged) {
            int from = safeStart(text, Math.max(0, s[0] - context));
            int to = safeEnd(text, Math.min(text.length(), s[1] + context));
            int[] last = windows.isEmpty() ? null : windows.get(windows.size() - 1);
            if (last != null && from <= last[1]) {
                last[1] = Math.max(last[1], to);
            } else {
                windows.add(new int[]{from, to});
            }
        }
        StringBuilder sb = new StringBuilder();
        int spanIndex = 0;
        for (int[] w : windows) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (w[0] > 0) {
                sb.append('…');
            }
            int at = w[0];
            while (spanIndex < merged.size() && merged.get(spanIndex)[1] <= w[1]) {
                int[] s = merged.get(spanIndex++);
                sb.append(flat(text.substring(at, s[0])));
                sb.append(style.evidence(flat(text.substring(s[0], s[1])), contextRule));
                at = s[1];
            }
            sb.append(flat(text.substring(at, w[1])));
            if (w[1] < text.length()) {
                sb.append('…');
            }
        }
        return sb.toString();
    }

    /** Sorted, overlapping or adjacent spans joined, clipped to the text. */
    static List<int[]> merge(List<Span> spans, int length) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.naturalOrder());
        List<int[]> out = new ArrayList<>();
        for (Span s : sorted) {
            int start = Math.min(s.start(), length);
            int end = Math.min(s.end(), length);
            if (end <= start) {
                continue;
            }
            int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && start < last[1]) {
                last[1] = Math.max(last[1], end);
            } else {
                out.add(new int[]{start, end});
            }
        }
        return out;
    }

    private static int safeStart(String text, int i) {
        return i > 0 && i < text.length() && Character.isLowSurrogate(text.charAt(i)) ? i - 1 : i;
    }

    private static int safeEnd(String text, int i) {
        return i > 0 && i < text.length() && Character.isLowSurrogate(text.charAt(i)) ? i + 1 : i;
    }

    /** Control characters (line breaks, tabs) as spaces, so an excerpt stays on one line ({@link Excerpts#flat}). */
    static String flat(String s) {
        return Excerpts.flat(s);
    }
}
