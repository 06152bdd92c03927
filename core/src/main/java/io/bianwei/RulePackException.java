package io.bianwei;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The rule pack could not be built: broken DRL, duplicate rule id, missing or invalid metadata, unreadable or
 * unknown term list. {@link #problems()} lists each problem with its file and line.
 */
public final class RulePackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One problem: {@code file} as given to the builder (or classpath path), 1-based {@code line} or 0 if unknown. */
    public record Problem(String file, int line, String message) {
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    public RulePackException(List<Problem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String format(List<Problem> problems) {
        return problems.size() + " problem(s) in rule pack:\n  "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  "));
    }
}
