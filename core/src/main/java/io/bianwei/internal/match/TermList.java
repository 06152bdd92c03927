package io.bianwei.internal.match;

import java.util.List;
import java.util.Map;

/**
 * A term list: its terms as written (normalisation happens when the matcher is built), options, and explicit
 * aliases (abbreviations such as {@code sgk} for 社工库, written {@code 社工库 = sgk}).
 */
public record TermList(String name, List<String> terms, Boundary boundary, String source, boolean pinyin,
                       boolean variants, Map<String, List<String>> aliases, Boolean homophones,
                       Map<String, String> origins) {
    /** Where a term came from: {@code cilin:Dl01A}, {@code pos:nhd}, or null for a term written in the list. */
    public String origin(String term) {
        return origins.get(term);
    }
}
