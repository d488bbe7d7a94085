package io.kubelode.sandbox.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Linode's error body. A {@code field} is left out when the error concerns no single field. */
public record ErrorBody(List<Error> errors) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String field, String reason) {}

    public static ErrorBody of(String field, String reason) {
        return new ErrorBody(List.of(new Error(field, reason)));
    }

    public static Response response(int status, String field, String reason) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(of(field, reason)).build();
    }
}
