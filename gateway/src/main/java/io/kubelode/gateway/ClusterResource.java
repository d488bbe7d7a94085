package io.kubelode.gateway;

import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.FieldViolation;
import io.kubelode.events.spec.SpecValidator;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** The cluster API. */
@Path("/clusters")
public class ClusterResource {

    @Inject
    ClusterRequests requests;

    /** Accepts a cluster spec (JSON or YAML) and starts creating the cluster. */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml"})
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public CompletionStage<Response> create(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                            @Context UriInfo uri) {
        ClusterSpec spec = SpecReader.read(body, contentType != null && contentType.contains("yaml"));
        List<FieldViolation> violations = SpecValidator.validate(spec);
        if (!violations.isEmpty()) {
            throw new BadSpecException(Problem.invalidSpec(violations));
        }
        return requests.request(spec).thenApply(event -> Response
                .accepted(Map.of("id", event.clusterId(), "name", spec.name(), "phase", "Pending"))
                .location(uri.getAbsolutePathBuilder().path(event.clusterId()).build())
                .build());
    }
}
