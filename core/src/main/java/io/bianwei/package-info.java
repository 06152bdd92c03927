/**
 * The library's API: {@link io.bianwei.Screener} (the facade, built once from {@link io.bianwei.ScreenerSettings}),
 * its immutable results ({@link io.bianwei.ScreeningResult}, {@link io.bianwei.Finding}, {@link io.bianwei.Span} in
 * the caller's original offsets), {@link io.bianwei.Scoring}, rule metadata and examples, and
 * {@link io.bianwei.ReloadingScreener} for rule folders that change.
 */
package io.bianwei;
