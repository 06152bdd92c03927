package io.bianwei.server;

import java.util.List;
import java.util.Map;

/**
 * A request the service answers with an error: the HTTP status, a stable code, a message for people and, for
 * invalid input, every problem found. Written as {@code {"status", "error", "message", "problems"?}}.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final List<String> problems;
    final Map<String, String> headers;

    ApiException(int status, String code, String message) {
        this(status, code, message, List.of(), Map.of());
    }

    ApiException(int status, String code, String message, List<String> problems, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.problems = List.copyOf(problems);
        this.headers = Map.copyOf(headers);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    static ApiException overloaded(String message) {
        return new ApiException(503, "overloaded", message, List.of(), Map.of("Retry-After", "1"));
    }
}
