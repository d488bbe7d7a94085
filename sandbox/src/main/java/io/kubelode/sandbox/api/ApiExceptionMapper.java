package io.kubelode.sandbox.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure of the Linode API leaves in Linode's error shape. */
public class ApiExceptionMapper {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

    @ServerExceptionMapper
    public Response map(ApiException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(e.errors())).build();
    }

    @ServerExceptionMapper
    public Response map(JsonProcessingException e) {
        return ErrorBody.response(400, null, "Invalid JSON");
    }

    @ServerExceptionMapper
    public Response map(NotFoundException e) {
        return ErrorBody.response(404, null, "Not found");
    }

    /** Anything unexpected (e.g. no free address left in the range) still answers in Linode's shape. */
    @ServerExceptionMapper
    public Response map(IllegalStateException e) {
        LOG.errorf("sandbox failure: %s", e.getMessage());
        return ErrorBody.response(500, null, "sandbox: " + e.getMessage());
    }

    @ServerExceptionMapper
    public Response map(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return ErrorBody.response(status, null, e.getResponse().getStatusInfo().getReasonPhrase());
    }
}
