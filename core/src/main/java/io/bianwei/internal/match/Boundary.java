package io.bianwei.internal.match;

/**
 * Whether a term list's hit must start and end on a word boundary of the segmentation: {@code LOOSE} never,
 * {@code AUTO} only for terms of at most two characters, {@code STRICT} always ({@code #@ boundary:} in a list file).
 */
public enum Boundary { AUTO, STRICT, LOOSE }
