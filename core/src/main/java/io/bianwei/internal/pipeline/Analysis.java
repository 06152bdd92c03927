package io.bianwei.internal.pipeline;

import io.bianwei.Explanation;
import io.bianwei.Scoring;
import io.bianwei.ScreeningResult;

import java.util.List;

/**
 * Everything the pipeline found out about one text, immutable: the result {@code screen} returns and, when the
 * analysis was run in detail, what {@code explain} shows (the normalised text, tokens and every term hit). Both are
 * views of this one object, so they cannot drift apart.
 *
 * @param result     the screening result
 * @param normalized the normalised text (of every window, in order); empty unless detailed
 * @param tokens     the segmentation; empty unless detailed
 * @param hits       every term-list hit with whether it was kept; empty unless detailed
 * @param scoring    the score arithmetic
 * @param detailed   whether the explain data were collected
 */
public record Analysis(ScreeningResult result, String normalized, List<Explanation.Token> tokens,
                       List<Explanation.TermHit> hits, Scoring.Breakdown scoring, boolean detailed,
                       List<io.bianwei.LearnedModel.Score> learned) {
    public Analysis {
        tokens = List.copyOf(tokens);
        hits = List.copyOf(hits);
        learned = List.copyOf(learned);
    }

    public Explanation explanation() {
        return new Explanation(normalized, tokens, hits, scoring, result, learned);
    }
}
