package io.bianwei.internal.pack;

/** A rule-pack file: its display name (path or classpath location, used in error messages) and its text. */
public record Source(String name, String content) {
}
