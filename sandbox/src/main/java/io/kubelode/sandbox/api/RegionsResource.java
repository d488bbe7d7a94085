package io.kubelode.sandbox.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kubelode.sandbox.cloud.Catalogue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /v4/regions} and {@code /v4/regions/{regionId}}, with each region's capabilities. */
@Path("/{apiVersion: v4|v4beta}/regions")
@Produces(MediaType.APPLICATION_JSON)
public class RegionsResource {

    /** A Region object of the OpenAPI document (every property it lists). */
    public record RegionJson(String id, String label, String country, List<String> capabilities, String status,
                             Resolvers resolvers,
                             @JsonProperty("placement_group_limits") PlacementGroupLimits placementGroupLimits,
                             @JsonProperty("site-type") String siteType) {}

    public record Resolvers(String ipv4, String ipv6) {}

    public record PlacementGroupLimits(@JsonProperty("maximum_linodes_per_pg") int maximumLinodesPerPg,
                                       @JsonProperty("maximum_pgs_per_customer") Integer maximumPgsPerCustomer) {}

    @GET
    public Page<RegionJson> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize) {
        return Page.of(Catalogue.REGION_LIST.stream().map(RegionsResource::json).toList(), page, pageSize);
    }

    @GET
    @Path("/{regionId}")
    public RegionJson get(@PathParam("regionId") String id) {
        return Catalogue.region(id).map(RegionsResource::json).orElseThrow(ApiException::notFound);
    }

    static RegionJson json(Catalogue.Region r) {
        return new RegionJson(r.id(), r.label(), r.country(), r.capabilities(), "ok",
                new Resolvers("192.0.2.10,192.0.2.11", "2001:db8::10,2001:db8::11"),
                new PlacementGroupLimits(5, null), "core");
    }
}
