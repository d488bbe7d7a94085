package io.kubelode.gateway;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every refused request answers RFC 9457 problem details. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response badSpec(BadSpecException e) {
        return e.problem().toResponse();
    }
}
