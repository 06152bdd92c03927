/**
 * Loading a rule pack: files ({@code PackFiles}), DRL read with Drools' parser ({@code DrlModel}), term lists
 * ({@code TermLists}), weights, metadata validation ({@code RulePack}).
 */
package io.bianwei.internal.pack;
