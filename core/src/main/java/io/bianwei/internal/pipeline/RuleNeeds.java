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
    private final List<List<Set<String>>> needs;
    private final boolean unbounded;

    /**
     * @param requirements per enabled rule, the list groups it needs; a null value: the rule may fire on any text;
     *                     a rule that needs a claim is left out by the caller
     */
    RuleNeeds(Map<String, List<Set<String>>> requirements) {
        boolean any = false;
        for (List<Set<String>> r : requirements.values()) {
            any |= r == null;
        }
        this.unbounded = any;
        this.needs = requirements.values().stream().filter(r -> r != null).map(List::copyOf).toList();
    }

    boolean mayFire(List<RawHit> raw) {
        return mayFire(raw, false);
    }

    /** @param learned whether a learned model scored the text at or above what a learned rule needs */
    boolean mayFire(List<RawHit> raw, boolean learned) {
        return mayFire(raw, null, learned);
    }

    /**
     * The same question asked again after the word-boundary check, of the hits that survived it (those become the
     * rules' facts): a text whose short hits all fell inside longer words (能 in 能量, 降 in 降落) needs no session.
     *
     * @param kept which of {@code raw} survived; null: all of them
     */
    boolean mayFire(List<RawHit> raw, boolean[] kept, boolean learned) {
        if (unbounded) {
            return true;
        }
        Set<String> lists = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            if (kept == null || kept[i]) {
                lists.add(raw.get(i).list());
            }
        }
        if (learned) {
            lists.add(io.bianwei.internal.pack.DrlModel.LEARNED);
        }
        for (List<Set<String>> need : needs) {
            boolean all = true;
            for (Set<String> group : need) {
                if (group.isEmpty() ? lists.isEmpty() : Collections.disjoint(group, lists)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }
}
