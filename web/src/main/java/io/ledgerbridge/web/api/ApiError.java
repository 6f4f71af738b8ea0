package io.ledgerbridge.web.api;

import io.ledgerbridge.domain.record.FieldProblem;
import java.util.List;

/**
 * A request the API refuses, as the developer will read it: the HTTP status, a stable error code, one plain
 * sentence, and the fields at fault. Thrown from a handler, it ends the request; it carries no stack trace
 * because it is an answer, not a bug.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final List<FieldProblem> problems;

    public ApiError(int status, String code, String message, List<FieldProblem> problems) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    public ApiError(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    public Body body() {
        return new Body(code, getMessage(), problems.stream().map(p -> new Problem(p.field(), p.problem())).toList());
    }

    /** The JSON every error answer has. */
    public record Body(String error, String message, List<Problem> problems) {}

    public record Problem(String field, String problem) {}

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message);
    }
}
