package io.bianwei.internal.text;

import io.bianwei.facts.Sentence;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits normalised text into sentences at 。!?; and line breaks, and makes a leading 【title】 or #topic# a sentence
 * of its own. The first sentence and any 【title】 among the first three are the text's frame.
 */
public final class Sentences {
    private Sentences() {
    }

    public static List<Sentence> split(NormalizedText norm) {
        String text = norm.text();
        List<Sentence> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean end = c == '。' || c == '!' || c == '?' || c == ';' || c == '\n' || c == '\r'
                    || (c == '】' && text.charAt(start) == '【');
            if (end) {
                add(out, norm, start, i + 1);
                start = i + 1;
            }
        }
        add(out, norm, start, n);
        if (out.isEmpty()) {
            out.add(new Sentence(0, 0, n, true, text, 0, norm.original().length()));
        }
        return out;
    }

    /**
     * The sentences again, with every sentence that holds more than {@code maxHits} of the hits starting at
     * {@code hitStarts} (sorted) cut into pieces of at most {@code maxHits} hits, at clause marks where it can (inside
     * one overfull clause, just before a hit). A rule's work grows with the product of the hits it joins in one
     * sentence, so this bounds what one sentence can cost: the cost of a text is then linear in its length, whatever
     * it repeats. Ordinary text never comes near the bound (the most seen in 3,900 labelled texts is 73 hits in a
     * sentence), so its sentences are returned as they were. Pieces are numbered in order; only the first piece of a
     * frame sentence is frame.
     */
    public static List<Sentence> bound(NormalizedText norm, List<Sentence> sentences, int[] hitStarts, int maxHits) {
        if (hitStarts.length <= maxHits) {
            return sentences;
        }
        int[] perSentence = new int[sentences.size()];
        boolean over = false;
        for (int h : hitStarts) {
            over |= ++perSentence[indexOf(sentences, h)] > maxHits;
        }
        if (!over) {
            return sentences;
        }
        String text = norm.text();
        int[] clauses = clauseStarts(text);
        List<Sentence> out = new ArrayList<>(sentences.size() + hitStarts.length / maxHits);
        int hi = 0; // next hit
        for (int si = 0; si < sentences.size(); si++) {
            Sentence s = sentences.get(si);
            int from = s.getStart();
            int end = s.getEnd();
            while (hi < hitStarts.length && hitStarts[hi] < from) {
                hi++;
            }
            if (perSentence[si] <= maxHits) {
                add(out, norm, from, end, s.isFrame());
                continue;
            }
            boolean frame = s.isFrame();
            while (from < end) {
                // the piece ends before the (maxHits+1)-th hit from here, at the last clause start after `from`
                int count = 0;
                int h = hi;
                while (h < hitStarts.length && hitStarts[h] < end && count < maxHits) {
                    h++;
                    count++;
                }
                int cut = h < hitStarts.length && hitStarts[h] < end ? hitStarts[h] : end;
                if (cut < end) {
                    int k = java.util.Arrays.binarySearch(clauses, cut);
                    int clause = clauses[k >= 0 ? k : -k - 2];
                    if (clause > from) {
                        cut = clause;
                    }
                }
                add(out, norm, from, cut, frame);
                frame = false;
                while (hi < hitStarts.length && hitStarts[hi] < cut) {
                    hi++;
                }
                from = cut;
            }
        }
        return out;
    }

    private static void add(List<Sentence> out, NormalizedText norm, int start, int end, boolean frame) {
        if (start >= end) {
            return;
        }
        String t = norm.text().substring(start, end);
        io.bianwei.Span span = norm.toOriginal(start, end);
        out.add(new Sentence(out.size(), start, end, frame, t, span.start(), span.end()));
    }

    private static void add(List<Sentence> out, NormalizedText norm, int start, int end) {
        String text = norm.text();
        int s = start;
        while (s < end && Character.isWhitespace(text.charAt(s))) {
            s++;
        }
        if (s >= end) {
            return;
        }
        String t = text.substring(s, end);
        int index = out.size();
        boolean frame = index == 0 || (index < 3 && t.startsWith("【"));
        io.bianwei.Span span = norm.toOriginal(s, end);
        out.add(new Sentence(index, s, end, frame, t, span.start(), span.end()));
    }

    /**
     * Where clauses start: after every sentence end and every clause mark (，,、：:；; and the closing 】 of a title),
     * so "网传喝醋能软化血管，其实不能" has two clauses. Sorted, the first is 0.
     */
    public static int[] clauseStarts(String text) {
        int[] out = new int[16];
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '，' || c == ',' || c == '、' || c == '：' || c == ':' || c == '；' || c == ';' || c == '。'
                    || c == '!' || c == '?' || c == '！' || c == '？' || c == '\n' || c == '\r' || c == '】') {
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, n * 2);
                }
                out[n++] = i + 1;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Index of the clause containing normalised offset {@code pos}. */
    public static int clauseOf(int[] clauseStarts, int pos) {
        int k = java.util.Arrays.binarySearch(clauseStarts, pos);
        return k >= 0 ? k : -k - 2;
    }

    /** Index of the sentence containing normalised offset {@code pos} (binary search). */
    public static int indexOf(List<Sentence> sentences, int pos) {
        int lo = 0;
        int hi = sentences.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (sentences.get(mid).getStart() <= pos) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
