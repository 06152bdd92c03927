/**
 * Step 6, rules: {@link io.bianwei.internal.engine.DroolsEngine} is the only class that touches the Drools API;
 * {@link io.bianwei.internal.engine.Findings} is the {@code out} global rules emit through.
 */
package io.bianwei.internal.engine;
