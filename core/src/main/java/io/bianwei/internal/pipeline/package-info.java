/**
 * Steps 3-7 and the order of all of them: {@link io.bianwei.internal.pipeline.Pipeline} runs normalise → match →
 * fast path ({@code RuleNeeds}) → segment ({@code BoundaryFilter}) → facts ({@code FactBuilder}) → rules → score, in
 * {@code Windows} for long texts, and produces one {@link io.bianwei.internal.pipeline.Analysis}.
 */
package io.bianwei.internal.pipeline;
