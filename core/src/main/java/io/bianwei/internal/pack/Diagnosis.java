package io.bianwei.internal.pack;

import io.bianwei.Explanation;
import io.bianwei.Finding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Why a rule did not fire on an example, approximately: the rule's patterns (as {@link DrlModel} read them) are
 * checked one by one against the example's term hits, with the joins on sentence and clause they are written with:
 * the first {@code Hit} pattern that has no hit of its lists where the join needs one is named, or a {@code not}
 * pattern that has a hit where it forbids one. Distances, order and other constraints are not modelled; when every
 * pattern has candidates, the diagnosis says so rather than guess.
 */
public final class Diagnosis {
    private Diagnosis() {
    }

    /** Lines that explain why {@code rule} did not fire on the explained text (empty when nothing can be said). */
    public static List<String> whyNot(DrlModel.Rule rule, Explanation e) {
        if (rule == null || rule.patterns().isEmpty()) {
            return List.of();
        }
        List<Explanation.TermHit> kept = e.hits().stream().filter(Explanation.TermHit::kept).toList();
        Map<String, List<Place>> bound = new LinkedHashMap<>();
        int hitPatterns = 0;
        for (DrlModel.Shape p : rule.patterns()) {
            if (p.negated()) {
                continue;
            }
            String head = "pattern " + p.index() + " (" + abbreviate(p.text()) + ")";
            if ("Claim".equals(p.type())) {
                List<Finding> evidence = e.result().findings().stream().filter(f -> f.weight() > 0).toList();
                if (evidence.isEmpty()) {
                    return List.of(head + " matched nothing: no evidence rule fired on this example, so there is no"
                            + " Claim to qualify");
                }
                List<Place> places = new ArrayList<>();
                if (p.binding() != null) {
                    bound.put(p.binding(), places); // claims have sentences too, but not here: any place
                }
                continue;
            }
            if (!"Hit".equals(p.type())) {
                continue;
            }
            hitPatterns++;
            Set<String> lists = p.lists();
            List<Explanation.TermHit> ofLists = kept.stream().filter(h -> lists == null || lists.contains(h.list()))
                    .toList();
            String what = lists == null ? "hit" : lists.stream().map(l -> "\"" + l + "\"")
                    .collect(Collectors.joining(" or ")) + " hit";
            if (ofLists.isEmpty()) {
                List<Explanation.TermHit> dropped = e.hits().stream().filter(h -> !h.kept()
                        && (lists == null || lists.contains(h.list()))).toList();
                return List.of(head + " matched nothing: no " + what + " in the example"
                        + (dropped.isEmpty() ? "" : " (" + dropped.stream().map(h -> h.term()).distinct()
                        .collect(Collectors.joining(", ")) + " matched but crosses a word boundary, so no rule sees"
                        + " it)"));
            }
            List<Place> places = ofLists.stream().map(Place::of).toList();
            List<Place> prior = p.tiedTo() == null ? null : bound.get(p.tiedTo());
            if (prior != null && !prior.isEmpty()) {
                String tie = p.tie();
                List<Place> joined = places.stream().filter(x -> prior.stream().anyMatch(y -> y.same(x, tie))).toList();
                if (joined.isEmpty()) {
                    return List.of(head + " matched nothing: no " + what + " in the same " + tie + " as " + p.tiedTo()
                            + " (" + p.tiedTo() + " is in " + tie + " " + ids(prior, tie) + "; the " + what + "s are"
                            + " in " + tie + " " + ids(places, tie) + ")");
                }
                places = joined;
            }
            if (p.binding() != null) {
                bound.put(p.binding(), places);
            }
        }
        for (DrlModel.Shape p : rule.patterns()) {
            if (!p.negated() || !"Hit".equals(p.type())) {
                continue;
            }
            Set<String> lists = p.lists();
            List<Place> prior = p.tiedTo() == null ? null : bound.get(p.tiedTo());
            for (Explanation.TermHit h : kept) {
                if (lists != null && !lists.contains(h.list())) {
                    continue;
                }
                Place x = Place.of(h);
                if (prior == null || prior.isEmpty() || prior.stream().anyMatch(y -> y.same(x, p.tie()))) {
                    return List.of("pattern " + p.index() + " (not " + abbreviate(p.text()) + ") may have blocked it: \""
                            + h.list() + "\" hit " + h.term() + " in sentence " + h.sentence() + ", clause "
                            + h.clause() + (prior == null ? "" : ", the " + p.tie() + " of " + p.tiedTo()));
                }
            }
        }
        if (hitPatterns == 0) {
            return List.of();
        }
        List<String> others = rule.patterns().stream().filter(p -> !"Hit".equals(p.type()) || p.negated())
                .map(p -> "pattern " + p.index() + " (" + (p.negated() ? "not " : "") + abbreviate(p.text()) + ")").toList();
        return List.of("each of its " + hitPatterns + " Hit pattern(s) has hits in the sentence or clause its join"
                + " needs; what ruled it out is a finer constraint (order, distance)"
                + (others.isEmpty() ? "" : " or one of " + String.join(", ", others)) + "; see 'bianwei explain'");
    }

    private static String ids(List<Place> places, String tie) {
        return places.stream().map(p -> String.valueOf("clause".equals(tie) ? p.clause : p.sentence))
                .collect(Collectors.toCollection(TreeSet::new)).toString().replaceAll("[\\[\\]]", "");
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }

    /** Where a hit is: its sentence and clause. */
    private record Place(int sentence, int clause) {
        static Place of(Explanation.TermHit h) {
            return new Place(h.sentence(), h.clause());
        }

        boolean same(Place other, String tie) {
            return "clause".equals(tie) ? clause == other.clause : sentence == other.sentence;
        }
    }
}
