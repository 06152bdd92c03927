package io.bianwei.internal.pipeline;

import io.bianwei.ClaimMatch;
import io.bianwei.Span;
import io.bianwei.internal.claims.ClaimBase;
import io.bianwei.internal.claims.ClaimMatcher;

import java.util.List;

/** A window's known-claim match, its spans in offsets of the whole text; {@code own}: not in the frame or overlap. */
record KnownClaimMatch(ClaimMatch match, boolean own) {
    KnownClaimMatch(ClaimMatcher.Match m, Windows.Window w, String fullText, int ownStart) {
        this(of(m, w, fullText), m.span().start() >= ownStart);
    }

    private static ClaimMatch of(ClaimMatcher.Match m, Windows.Window w, String fullText) {
        ClaimBase.Entry e = m.claim();
        List<Span> spans = m.terms().stream().map(t -> Windows.shift(t.span(), w, fullText)).distinct().sorted()
                .toList();
        List<ClaimMatch.Source> sources = e.sources().stream()
                .map(r -> new ClaimMatch.Source(r.publisher(), r.title(), r.url(), r.date())).toList();
        return new ClaimMatch(e.id(), e.claim(), e.category(), e.family(), Math.round(m.similarity() * 1000) / 1000.0,
                e.correction(), sources, spans);
    }
}
