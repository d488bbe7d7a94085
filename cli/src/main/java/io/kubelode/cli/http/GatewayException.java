package io.kubelode.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubelode.cli.CliException;
import io.kubelode.cli.Exit;

/**
 * The gateway refused or failed a request: the HTTP status and its RFC 9457 problem details
 * (or, when the body was none, a problem made up from the status and the body's first line).
 */
public class GatewayException extends CliException {
    private final int status;
    private final transient JsonNode problem;
    private final String hint;

    public GatewayException(int status, JsonNode problem, String hint) {
        super(Exit.forStatus(status), problem.path("detail").asText(problem.path("title").asText("HTTP " + status)));
        this.status = status;
        this.problem = problem;
        this.hint = hint;
    }

    public int status() {
        return status;
    }

    /** The problem details object (type, title, status, detail, errors[]). */
    public JsonNode problem() {
        return problem;
    }

    /** What the person can do about it, or null. */
    public String hint() {
        return hint;
    }
}
