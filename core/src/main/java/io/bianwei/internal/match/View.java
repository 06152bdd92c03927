package io.bianwei.internal.match;

import io.bianwei.internal.text.OffsetMap;

/** A string derived from normalised text for matching, with the map from its chars back to normalised offsets. */
record View(String text, OffsetMap map) {
}
