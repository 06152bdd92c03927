package io.bianwei.internal.pipeline;

import io.bianwei.internal.match.TermMatcher.RawHit;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fast path's question: could any enabled evidence rule fire on these term hits? Each rule needs every one of
 * its positive {@code Hit} patterns to find one of the lists it accepts; context and amplifier rules need a claim, so
 * they never fire alone. A rule whose needs the pack could not bound makes every text go through the rules.
 */
final class RuleNeeds {
    /**
     * What one rule needs: a list for each positive Hit pattern (empty: any hit), met within one sentence or over the
     * text, by distinct lists or not, and a number of hits of some lists ({@code Doc(count("x") >= N)}).
     */
    private record Need(List<Set<String>> groups, boolean oneSentence, boolean distinct, Map<String, Integer> counts) {
    }

    private final List<Need> needs;
    private final boolean unbounded;

    /**
     * @param requirements per enabled rule, the list groups it needs; a null value: the rule may fire on any text;
     *                     a rule that needs a claim is left out by the caller
     * @param shapes       the rules as the DRL parser read them (a rule missing here is checked over the whole text,
     *                     without distinctness or counts)
     */
    RuleNeeds(Map<String, List<Set<String>>> requirements, Map<String, io.bianwei.internal.pack.DrlModel.Rule> shapes) {
        boolean any = false;
        List<Need> out = new java.util.ArrayList<>();
        for (Map.Entry<String, List<Set<String>>> e : requirements.entrySet()) {
            List<Set<String>> r = e.getValue();
            if (r == null) {
                any = true;
                continue;
            }
            io.bianwei.internal.pack.DrlModel.Rule shape = shapes.get(e.getKey());
            boolean plain = shape == null;
            out.add(new Need(List.copyOf(r), !plain && shape.oneSentence() && r.size() > 1,
                    !plain && shape.distinctLists() && r.size() > 1, plain ? Map.of() : shape.minCounts()));
        }
        this.unbounded = any;
        this.needs = List.copyOf(out);
    }

    /** Could any rule fire on these hits (all kept, anywhere in the text)? */
    boolean mayFire(List<RawHit> raw) {
        return mayFire(raw, null, null);
    }

    /**
     * Could any rule fire on these hits? Every test here is a necessary condition of a rule's match, never more.
     *
     * @param kept       which of {@code raw} survived the word-boundary check (those become the rules' facts): a text
     *                   whose short hits all fell inside longer words (能 in 能量) needs no session; null: all
     * @param sentenceOf the sentence of each raw hit, for rules whose patterns are all tied to one sentence (most
     *                   claim structures); null: those are checked over the whole text
     */
    boolean mayFire(List<RawHit> raw, boolean[] kept, int[] sentenceOf) {
        if (unbounded) {
            return true;
        }
        Set<String> lists = new HashSet<>();
        Map<String, Integer> counts = new java.util.HashMap<>();
        Map<Integer, Set<String>> bySentence = sentenceOf == null ? null : new java.util.HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            if (kept == null || kept[i]) {
                String l = raw.get(i).list();
                lists.add(l);
                counts.merge(l, 1, Integer::sum);
                if (bySentence != null) {
                    bySentence.computeIfAbsent(sentenceOf[i], k -> new HashSet<>()).add(l);
                }
            }
        }
        for (Need need : needs) {
            if (!counted(need, counts) || !meets(need, lists)) {
                continue;
            }
            if (!need.oneSentence() || bySentence == null) {
                return true;
            }
            for (Set<String> inSentence : bySentence.values()) {
                if (meets(need, inSentence)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean counted(Need need, Map<String, Integer> counts) {
        for (Map.Entry<String, Integer> c : need.counts().entrySet()) {
            if (counts.getOrDefault(c.getKey(), 0) < c.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static boolean meets(Need need, Set<String> lists) {
        for (Set<String> group : need.groups()) {
            if (group.isEmpty() ? lists.isEmpty() : Collections.disjoint(group, lists)) {
                return false;
            }
        }
        return !need.distinct() || assign(need.groups(), 0, lists, new HashSet<>());
    }

    /** Whether each group can take a list of its own (the patterns are ordered by list, so all differ). */
    private static boolean assign(List<Set<String>> groups, int i, Set<String> lists, Set<String> used) {
        if (i == groups.size()) {
            return true;
        }
        for (String l : lists) {
            if ((groups.get(i).isEmpty() || groups.get(i).contains(l)) && used.add(l)) {
                if (assign(groups, i + 1, lists, used)) {
                    return true;
                }
                used.remove(l);
            }
        }
        return false;
    }
}
