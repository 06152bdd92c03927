package io.bianwei.facts;


/**
 * The global {@code out} every rule file declares. A consequence is one call:
 * <pre>{@code
 * then
 *     out.emit();                      // evidence: every Hit, Sentence and Claim the rule matched
 *     out.emit($cure, $d);             // or just these
 * }</pre>
 * ({@code out.emit(kcontext, …)}, the older form, means the same.) Evidence may be {@link Hit}s, {@link Sentence}s
 * and, for context rules, the {@link Claim} they qualify (which decides the category a context finding lowers); other
 * facts ({@link Doc}) are ignored. An evidence rule's emit also inserts a {@link Claim} that context rules can match.
 * The firing rule is found by the engine, so this interface needs nothing of Drools' API.
 */
public interface Out {
    /** Evidence spans kept per finding (a text may repeat a claim many times). */
    int MAX_SPANS = 20;

    /**
     * Records that the firing rule matched, with its evidence.
     *
     * @param evidence the facts whose spans are the finding's evidence; none: every fact of the rule's match (a
     *                 leading {@code kcontext} is accepted and skipped)
     */
    void emit(Object... evidence);
}
