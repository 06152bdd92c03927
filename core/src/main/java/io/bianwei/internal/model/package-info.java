/**
 * The learned verdict: {@link io.bianwei.internal.model.Ngrams} turns a normalised text into hashed character n-gram
 * features, {@link io.bianwei.internal.model.LinearVerdict} scores them with the rule ids that fired (per category
 * logistic regression, with each feature's contribution) and reads and writes its versioned text file. Training is
 * the quality module's ({@code VerdictTrainer}).
 */
package io.bianwei.internal.model;
