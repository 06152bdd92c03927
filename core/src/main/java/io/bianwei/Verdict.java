package io.bianwei;

/** What a platform should do with a text. */
public enum Verdict {
    /** Nothing, or not enough, was found. */
    PASS,
    /** A human should look at it. */
    REVIEW,
    /** Strong evidence: withhold it. */
    BLOCK
}
