package io.bianwei.internal.pipeline;

import io.bianwei.Explanation;
import io.bianwei.Scoring;
import io.bianwei.ScreeningResult;

import java.util.List;

/**
 * What the pipeline decided about one text: the result {@code screen} returns and the arithmetic that gave its
 * verdict (the one computation both the result and the explanation show, so they cannot disagree).
 *
 * @param result  the screening result
 * @param scoring the score arithmetic, fail-closed included
 * @param learned each learned model's score (explain only; empty for screen)
 */
public record Analysis(ScreeningResult result, Scoring.Breakdown scoring, List<io.bianwei.LearnedModel.Score> learned) {
    public Analysis {
        learned = List.copyOf(learned);
    }

    /** The explanation: this analysis with what the trace recorded. */
    Explanation explanation(Trace.Recorder trace) {
        return new Explanation(trace.normalized(), trace.tokens(), trace.hits(), scoring, result, learned);
    }
}
