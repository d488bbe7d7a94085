package io.kubelode.gateway;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The API's body size limit, answered with problem details (Vert.x's own limit, set higher,
 * answers a bare 413). Declared lengths are refused before the body is read; chunked bodies
 * are measured once read.
 */
public class BodyLimit {

    // a provider: the filter is made at static init, before runtime configuration exists
    @Inject
    Provider<GatewayConfig> config;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> declaredLength(ContainerRequestContext request) {
        try {
            long length = Param.header(HttpHeaders.CONTENT_LENGTH).count(request.getHeaderString(
                    HttpHeaders.CONTENT_LENGTH), -1, "the length of the body in bytes");
            if (length > config.get().maxBodySize()) {
                return Optional.of(tooLarge(config.get().maxBodySize()).toResponse());
            }
        } catch (ProblemException e) {
            return Optional.of(e.problem().toResponse());
        }
        return Optional.empty();
    }

    /** Refuses a body that was sent without a length and turned out too large. */
    static void check(String body, int limit) {
        if (body != null && body.length() > limit / 4 && body.getBytes(StandardCharsets.UTF_8).length > limit) {
            throw tooLarge(limit).toException();
        }
    }

    private static Problem tooLarge(int limit) {
        return ProblemMappers.forStatus(413, "the body is larger than the " + limit + " bytes the gateway accepts");
    }
}
