package io.kubelode.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubelode.events.spec.FieldViolation;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * RFC 9457 problem details, with field-level {@code errors} for a bad cluster spec.
 *
 * @param type   a URI naming the kind of problem
 * @param title  short summary of the kind
 * @param status HTTP status
 * @param detail what went wrong with this request
 * @param errors one entry per bad field, if any
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldViolation> errors) {
    /** The media type of problem details. */
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String BASE = "https://kubelode.io/problems/";

    /** A problem of the given kind without field errors. */
    public static Problem of(int status, String kind, String title, String detail) {
        return new Problem(BASE + kind, title, status, detail, List.of());
    }

    /** 400 for a spec whose fields are wrong. */
    public static Problem invalidSpec(List<FieldViolation> errors) {
        return new Problem(BASE + "invalid-spec", "Invalid cluster spec", 400,
                errors.size() + " field(s) of the cluster spec are invalid", errors);
    }

    /** 400 for a body that is not a readable spec at all. */
    public static Problem unreadable(String detail, List<FieldViolation> errors) {
        return new Problem(BASE + "unreadable-spec", "Unreadable cluster spec", 400, detail, errors);
    }

    /** 400 for query parameters or headers that are unknown, repeated or malformed. */
    public static Problem invalidParameters(String detail, List<FieldViolation> errors) {
        return new Problem(BASE + "invalid-parameter", "Invalid request parameter", 400, detail, errors);
    }

    /** 404 for a cluster the read model does not know. */
    public static Problem noSuchCluster(String id) {
        return of(404, "no-such-cluster", "No such cluster", "no cluster has the id '" + id + "'");
    }

    /** 503 while the read model replays the topics. */
    public static Problem replaying() {
        return of(503, "replaying", "Catching up", "the gateway is still reading the event topics; retry shortly");
    }

    /** The problem as a response. */
    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    /** The problem as an exception, for code paths that cannot return a response. */
    public ProblemException toException() {
        return new ProblemException(this);
    }
}
