package io.bianwei.facts;

import org.kie.api.runtime.rule.RuleContext;

/**
 * The global {@code out} every rule file declares. A consequence is one call:
 * <pre>{@code
 * then
 *     out.emit(kcontext);              // evidence: every Hit, Sentence and Claim the rule matched
 *     out.emit(kcontext, $cure, $d);   // or just these
 * }</pre>
 * Evidence may be {@link Hit}s, {@link Sentence}s and, for context rules, the {@link Claim} they qualify (which decides
 * the category a context finding lowers); other facts ({@link Doc}) are ignored. An evidence rule's emit also inserts
 * a {@link Claim} that context rules can match.
 */
public interface Out {
    /** Evidence spans kept per finding (a text may repeat a claim many times). */
    int MAX_SPANS = 20;

    /**
     * Records that the rule of {@code kcontext} fired, with its evidence.
     *
     * @param evidence the facts whose spans are the finding's evidence; none: every fact of the rule's match
     */
    void emit(RuleContext kcontext, Object... evidence);
}
