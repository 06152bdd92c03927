package io.bianwei;

import java.util.List;

/**
 * The rules a configuration loads, as a listing needs them: read from the DRL with Drools' parser, not compiled
 * ({@link Screener.Builder#catalog()}).
 *
 * @param rules          every rule, sorted by id, with its effective weight and whether it is enabled
 * @param rulesetVersion the same short hash as {@link Screener#rulesetVersion()}
 */
public record RuleCatalog(List<RuleInfo> rules, String rulesetVersion) {
    public RuleCatalog {
        rules = List.copyOf(rules);
    }
}
