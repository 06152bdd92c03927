package io.bianwei.internal.pipeline;

import io.bianwei.Explanation;
import io.bianwei.LearnedScore;
import io.bianwei.Scoring;
import io.bianwei.ScreeningResult;

/**
 * What the pipeline decided about one text: the result {@code screen} returns and the arithmetic that gave its
 * verdict (the one computation, {@link Judge}, that both the result and the explanation show, so they cannot
 * disagree).
 *
 * @param result  the screening result
 * @param scoring the hand-weighted arithmetic, fail-closed included (null under the learned verdict)
 * @param learned the learned verdict's sum (null under hand weights)
 */
public record Analysis(ScreeningResult result, Scoring.Breakdown scoring, LearnedScore learned) {
    /** The explanation: this analysis with what the trace recorded. */
    Explanation explanation(Trace.Recorder trace) {
        return new Explanation(trace.normalized(), trace.tokens(), trace.hits(), scoring, result, learned);
    }
}
