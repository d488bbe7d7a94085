package io.kubelode.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every refused or failed request answers RFC 9457 problem details, never a stack trace. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return forStatus(status, null).toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return Problem.of(400, "unreadable-body", "Unreadable body", "the body is not the JSON this endpoint takes: "
                + firstLine(e.getOriginalMessage())).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, incident %s", incident);
        return Problem.of(500, "internal", "Internal error",
                "the gateway failed unexpectedly; incident " + incident + " is in its log").toResponse();
    }

    /** The problem for a plain HTTP status. */
    static Problem forStatus(int status, String detail) {
        return switch (status) {
            case 400 -> Problem.of(400, "bad-request", "Bad request", or(detail, "the request is malformed"));
            case 401 -> Problem.of(401, "unauthorized", "Unauthorized",
                    or(detail, "send an API token: Authorization: Bearer <token>"));
            case 403 -> Problem.of(403, "forbidden", "Forbidden", or(detail, "the token may not do this"));
            case 404 -> Problem.of(404, "not-found", "Not found", or(detail, "nothing is served at this path"));
            case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed",
                    or(detail, "this path does not take that method"));
            case 406 -> Problem.of(406, "not-acceptable", "Not acceptable",
                    or(detail, "the gateway answers application/json, application/problem+json or text/event-stream"));
            case 413 -> Problem.of(413, "too-large", "Request too large",
                    or(detail, "the body is larger than the gateway accepts (64 KiB)"));
            case 415 -> Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    or(detail, "send application/json or application/yaml"));
            default -> Problem.of(status, "http-" + status, "HTTP " + status, or(detail, "the request was refused"));
        };
    }

    private static String or(String detail, String fallback) {
        return detail == null ? fallback : detail;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
