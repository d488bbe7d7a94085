package io.kubelode.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubelode.events.spec.FieldViolation;
import io.kubelode.events.spec.Preflight;
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
 * @param smallestFit for a plan that does not fit its type's memory: the cheapest type that fits,
 *                    with its monthly price per node (an RFC 9457 extension member)
 * @param cheaperFit  for such a plan: a cheaper type and the apps to drop to fit it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldViolation> errors,
                      Preflight.NodeType smallestFit, Preflight.Suggestion cheaperFit) {
    /** The media type of problem details. */
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String BASE = "https://kubelode.io/problems/";

    public Problem(String type, String title, int status, String detail, List<FieldViolation> errors) {
        this(type, title, status, detail, errors, null, null);
    }

    /** A problem of the given kind without field errors. */
    public static Problem of(int status, String kind, String title, String detail) {
        return new Problem(BASE + kind, title, status, detail, List.of());
    }

    /** 400 for a spec whose fields are wrong. */
    public static Problem invalidSpec(List<FieldViolation> errors) {
        return new Problem(BASE + "invalid-spec", "Invalid cluster spec", 400,
                errors.size() + " field(s) of the cluster spec are invalid", errors);
    }

    /** 400 for a spec Linode cannot serve: a region without Metadata, an image without cloud-init, an unknown type. */
    public static Problem refusedByLinode(List<FieldViolation> errors) {
        return new Problem(BASE + "linode-refuses-spec", "Linode cannot create this cluster", 400,
                errors.size() + " field(s) of the cluster spec ask for what this Linode account does not offer;"
                        + " nothing was created", errors);
    }

    /** 422 for a plan whose apps do not fit its type's memory, naming the smallest type that fits. */
    public static Problem doesNotFit(Preflight.Result preflight) {
        return new Problem(BASE + "does-not-fit", "The apps do not fit the nodes' memory", 422,
                preflight.memoryVerdict() + ". Nothing was created; choose a type that fits, or set"
                        + " overcommitMemory: true in the spec to create it anyway",
                List.of(new FieldViolation("nodeType", preflight.type().id() + " is too small for these apps")),
                preflight.smallestFit(), preflight.cheaper());
    }

    /** 503 when Linode cannot be read to check the plan. */
    public static Problem linodeUnavailable(String detail) {
        return of(503, "linode-unavailable", "Linode unavailable", "the plan could not be checked against Linode,"
                + " so nothing was created: " + detail + "; retry shortly");
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
