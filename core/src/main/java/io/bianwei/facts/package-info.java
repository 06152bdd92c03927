/**
 * What DRL rules see and call: the facts a session holds ({@link io.bianwei.facts.Hit}, {@link io.bianwei.facts.Sentence},
 * {@link io.bianwei.facts.Doc}, {@link io.bianwei.facts.Claim}), the {@link io.bianwei.facts.Out} global a consequence
 * emits through, and {@link io.bianwei.facts.Re}, linear-time regular expressions.
 */
package io.bianwei.facts;
