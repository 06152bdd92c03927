/**
 * Step 1, normalise: {@link io.bianwei.internal.text.Normalizer} folds width, case, traditional characters, fillers
 * and invisible characters, and keeps an {@link io.bianwei.internal.text.OffsetMap} back to the original;
 * {@link io.bianwei.internal.text.Sentences} splits the normalised text.
 */
package io.bianwei.internal.text;
