package io.kubelode.cli.render;

import com.fasterxml.jackson.databind.JsonNode;

/** RFC 9457 problem details as a person reads them: title, detail, one line per field error. */
public final class ProblemText {
    private ProblemText() {
    }

    /**
     * For example:
     * <pre>
     * error: Invalid cluster spec (HTTP 400)
     *   2 field(s) of the cluster spec are invalid
     *   - nodes: must be at least 3, was 1
     *   - domain: is not a DNS name
     * </pre>
     */
    public static String render(int status, JsonNode problem, String hint) {
        StringBuilder sb = new StringBuilder("error: ").append(problem.path("title").asText("HTTP " + status))
                .append(" (HTTP ").append(status).append(")\n");
        String detail = problem.path("detail").asText("");
        if (!detail.isBlank()) {
            sb.append("  ").append(detail).append('\n');
        }
        for (JsonNode e : problem.path("errors")) {
            String field = e.path("field").asText("");
            sb.append("  - ").append(field.isEmpty() ? "(spec)" : field).append(": ")
                    .append(e.path("message").asText("")).append('\n');
        }
        if (hint != null) {
            sb.append("  hint: ").append(hint).append('\n');
        }
        return sb.toString();
    }
}
