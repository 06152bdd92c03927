package io.bianwei.internal.segment;

/** A word of the normalised text, {@code [start,end)} in normalised offsets, with HanLP's part of speech. */
public record Token(String word, int start, int end, String pos) {
}
