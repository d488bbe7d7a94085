package io.kubelode.sandbox.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.kubelode.sandbox.cloud.Catalogue;
import io.kubelode.sandbox.cloud.LinodeType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /v4/linode/types} and {@code /v4/linode/types/{id}} (public, like Linode's). */
@Path("/{apiVersion: v4|v4beta}/linode/types")
@Produces(MediaType.APPLICATION_JSON)
public class TypesResource {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TypeJson(String id, String label, String typeClass, int disk, int memory, int vcpus, int gpus,
                           int transfer, int networkOut, Price price, List<Object> regionPrices, Addons addons,
                           String successor) {
        @com.fasterxml.jackson.annotation.JsonProperty("class")
        @Override
        public String typeClass() {
            return typeClass;
        }
    }

    public record Price(double hourly, double monthly) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Backups(Price price, List<Object> regionPrices) {}

    public record Addons(Backups backups) {}

    @GET
    public Page<TypeJson> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        return Page.of(Catalogue.TYPES.stream().map(TypesResource::json).toList(), page, pageSize);
    }

    @GET
    @Path("/{typeId}")
    public TypeJson get(@PathParam("typeId") String id) {
        return Catalogue.type(id).map(TypesResource::json).orElseThrow(ApiException::notFound);
    }

    static TypeJson json(LinodeType t) {
        return new TypeJson(t.id(), t.label(), t.typeClass(), t.disk(), t.memory(), t.vcpus(), 0, t.transfer(),
                t.networkOut(), new Price(t.hourly(), t.monthly()), List.of(),
                new Addons(new Backups(new Price(t.backupsHourly(), t.backupsMonthly()), List.of())), null);
    }
}
