package io.kubelode.sandbox.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.kubelode.sandbox.cloud.Catalogue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /v4/images} and {@code /v4/images/{imageId}}: the public images with their
 * capabilities. An image id holds a slash ({@code linode/debian12}); it is accepted as two path
 * segments and percent-encoded ({@code linode%2Fdebian12}).
 */
@Path("/{apiVersion: v4|v4beta}/images")
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {
    private static final String CREATED = "2023-06-12T17:14:27";

    /** An Image object of the OpenAPI document. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ImageJson(String id, String label, String description, String vendor, boolean isPublic,
                            boolean deprecated, String type, String status, int size, String created,
                            String createdBy, String updated, String eol, String expiry, List<String> capabilities,
                            List<String> tags, List<Object> regions, long totalSize) {}

    @GET
    public Page<ImageJson> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        return Page.of(Catalogue.IMAGES.stream().map(ImagesResource::json).toList(), page, pageSize);
    }

    @GET
    @Path("/{imageId: .+}")
    public ImageJson get(@PathParam("imageId") String id) {
        return Catalogue.image(id).map(ImagesResource::json).orElseThrow(ApiException::notFound);
    }

    static ImageJson json(Catalogue.Image i) {
        return new ImageJson(i.id(), i.label(), null, i.vendor(), true, false, "manual", "available", i.size(),
                CREATED, "linode", CREATED, null, null, i.capabilities(), List.of(), List.of(),
                (long) i.size() * 1024 * 1024);
    }
}
