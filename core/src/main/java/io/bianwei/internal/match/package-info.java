/**
 * Step 2, match: {@link io.bianwei.internal.match.TermMatcher} finds every term of every list in one Aho-Corasick pass
 * over the normalised text, plus the variant and phonetic views for lists that opt in.
 */
package io.bianwei.internal.match;
