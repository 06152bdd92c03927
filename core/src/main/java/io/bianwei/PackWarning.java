package io.bianwei;

/**
 * Something a rule author should look at, found when the pack was built: not an error (the pack works), but what
 * {@code rules check} shows and {@code --strict} refuses.
 *
 * @param file    the file, as given to the builder (or its classpath location)
 * @param line    1-based line, or 0 when unknown
 * @param ruleId  the rule it is about (for {@link Kind#CLAIMS}, the claim's id), or null for a file-level warning
 * @param kind    what sort of warning
 * @param message what is wrong and what to do instead
 */
public record PackWarning(String file, int line, String ruleId, Kind kind, String message) {
    public enum Kind {
        /** A java.util.regex pattern that can backtrack catastrophically; use {@code Re.find}. */
        REGEX,
        /** Code that may do more than read facts and emit: consequences, evals, functions, from, method calls. */
        CODE,
        /** The pack's style policy ({@link RuleStyle}): id prefix, descriptions, examples. */
        STYLE,
        /** An entry of the known-claims base ({@code claims/*.jsonl}) an editor should look at: weak sources, keys. */
        CLAIMS
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": warning: " + (ruleId == null ? "" : ruleId + ": ") + message;
    }
}
