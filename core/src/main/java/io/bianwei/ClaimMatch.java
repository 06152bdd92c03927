package io.bianwei;

import java.util.List;
import java.util.Objects;

/**
 * A sentence of the text that re-posts a claim of the pack's knowledge base of debunked claims, with where it was
 * debunked, so a platform can attach the debunk to the post (as Weibo labels a re-post "此微博已被辟谣"). A result lists
 * the claims its verdict stands on: matched, re-posted (not quoted in a debunk), and in a text that is not PASS.
 *
 * @param id         the claim's stable id in the base ({@code food_incompatibility/durian-cola})
 * @param claim      the false claim, in the base's words
 * @param category   its category
 * @param family     its family
 * @param similarity how much of the claim is in the text, 0–1: its key groups (things, effects; relations count
 *                   half) and its wording (the share of its character bigrams present)
 * @param correction what is true instead, in the base's words
 * @param sources    public debunks of the claim
 * @param spans      the matched key terms in the original text
 */
public record ClaimMatch(String id, String claim, String category, String family, double similarity,
                         String correction, List<Source> sources, List<Span> spans) {
    public ClaimMatch {
        Objects.requireNonNull(id, "id");
        sources = List.copyOf(sources);
        spans = List.copyOf(spans);
    }

    /** A public debunk: who published it, its title (null when unknown) or a description, where and when. */
    public record Source(String publisher, String title, String url, String date) {
    }
}
