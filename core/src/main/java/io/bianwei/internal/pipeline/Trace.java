package io.bianwei.internal.pipeline;

import io.bianwei.Explanation;

import java.util.ArrayList;
import java.util.List;

/**
 * What the stages report about one text beyond its result: what {@code explain} shows. {@code screen} passes
 * {@link #NONE}, which records nothing and lets the fast path skip what it can; {@code explain} passes a
 * {@link Recorder}, which also asks every sentence to be segmented with part-of-speech tags.
 */
interface Trace {
    /** Records nothing. */
    Trace NONE = new Trace() {
        @Override
        public boolean detailed() {
            return false;
        }

        @Override
        public void window(String normalized, List<Explanation.Token> tokens, List<Explanation.TermHit> hits,
                           int sentences) {
        }
    };

    /** Whether to segment every sentence (with tags) and keep going where the fast path would stop. */
    boolean detailed();

    /**
     * One window's own part: its normalised text, its tokens and every term hit (spans in the whole text), with
     * sentence indices counted from the window's first own sentence; {@code sentences} of them.
     */
    void window(String normalized, List<Explanation.Token> tokens, List<Explanation.TermHit> hits, int sentences);

    /** Collects what explain shows, window after window, numbering sentences over the whole text. */
    final class Recorder implements Trace {
        private final StringBuilder normalized = new StringBuilder();
        private final List<Explanation.Token> tokens = new ArrayList<>();
        private final List<Explanation.TermHit> hits = new ArrayList<>();
        private int sentenceBase;

        @Override
        public boolean detailed() {
            return true;
        }

        @Override
        public void window(String text, List<Explanation.Token> windowTokens, List<Explanation.TermHit> windowHits,
                           int sentences) {
            normalized.append(text);
            tokens.addAll(windowTokens);
            for (Explanation.TermHit h : windowHits) {
                hits.add(new Explanation.TermHit(h.list(), h.term(), h.span(), h.sentence() + sentenceBase, h.kept(),
                        h.variant()));
            }
            sentenceBase += sentences;
        }

        String normalized() {
            return normalized.toString();
        }

        List<Explanation.Token> tokens() {
            return tokens;
        }

        List<Explanation.TermHit> hits() {
            return hits;
        }
    }
}
