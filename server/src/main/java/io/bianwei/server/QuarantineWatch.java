package io.bianwei.server;

import io.bianwei.Screener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Says once, at WARN, when the pack in use loses a rule at run time (the core takes out a rule whose own code failed,
 * for every text that follows): which rule, why, and the degraded ruleset version the service now answers with.
 * Checked after each document, so the cost is one look at an immutable map while the pack is whole.
 */
final class QuarantineWatch {
    private static final Logger LOG = LoggerFactory.getLogger(QuarantineWatch.class);
    private final Map<Screener, Set<String>> told = Collections.synchronizedMap(new WeakHashMap<>());

    void check(Screener screener) {
        if (screener == null) {
            return;
        }
        Map<String, String> out = screener.quarantined();
        if (out.isEmpty()) {
            return;
        }
        Set<String> seen = told.computeIfAbsent(screener, s -> Collections.synchronizedSet(new HashSet<>()));
        out.forEach((rule, reason) -> {
            if (seen.add(rule)) {
                LOG.warn("rule {} is quarantined, taken out of the pack for every request that follows: {}; results "
                        + "now carry ruleset {} (/readyz, /v1/rules and bianwei_rules_quarantined say so); a reload "
                        + "or restart brings it back", rule, reason, screener.rulesetVersion());
            }
        });
    }
}
