package io.kubelode.sandbox.dns;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.sandbox.api.ApiException;
import io.kubelode.sandbox.api.Page;
import io.kubelode.sandbox.api.XFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code /v4/domains} and {@code /v4/domains/{id}/records}. */
@Path("/{apiVersion: v4|v4beta}/domains")
@Produces(MediaType.APPLICATION_JSON)
public class DomainsResource {
    private final DomainStore store;
    private final ObjectMapper json;

    public DomainsResource(DomainStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @GET
    public Page<DomainJson> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize,
                                 @HeaderParam("X-Filter") String filter) {
        return Page.of(XFilter.parse(filter, json).apply(store.list(), d -> json.valueToTree(d)), page, pageSize);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public DomainJson create(DomainJson body) {
        return store.create(required(body));
    }

    @GET
    @Path("/{domainId}")
    public DomainJson get(@PathParam("domainId") long id) {
        return store.get(id);
    }

    @PUT
    @Path("/{domainId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public DomainJson update(@PathParam("domainId") long id, DomainJson body) {
        return store.update(id, required(body));
    }

    @DELETE
    @Path("/{domainId}")
    public Map<String, Object> delete(@PathParam("domainId") long id) {
        store.delete(id);
        return Map.of();
    }

    @GET
    @Path("/{domainId}/records")
    public Page<RecordJson> records(@PathParam("domainId") long id, @QueryParam("page") Integer page,
                                    @QueryParam("page_size") Integer pageSize, @HeaderParam("X-Filter") String filter) {
        return Page.of(XFilter.parse(filter, json).apply(store.records(id), r -> json.valueToTree(r)), page, pageSize);
    }

    @POST
    @Path("/{domainId}/records")
    @Consumes(MediaType.APPLICATION_JSON)
    public RecordJson createRecord(@PathParam("domainId") long id, RecordJson body) {
        return store.createRecord(id, required(body));
    }

    @GET
    @Path("/{domainId}/records/{recordId}")
    public RecordJson record(@PathParam("domainId") long id, @PathParam("recordId") long recordId) {
        return store.record(id, recordId);
    }

    @PUT
    @Path("/{domainId}/records/{recordId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public RecordJson updateRecord(@PathParam("domainId") long id, @PathParam("recordId") long recordId,
                                   RecordJson body) {
        return store.updateRecord(id, recordId, required(body));
    }

    @DELETE
    @Path("/{domainId}/records/{recordId}")
    public Map<String, Object> deleteRecord(@PathParam("domainId") long id, @PathParam("recordId") long recordId) {
        store.deleteRecord(id, recordId);
        return Map.of();
    }

    private static <T> T required(T body) {
        if (body == null) {
            throw ApiException.badRequest(null, "Request body is required");
        }
        return body;
    }
}
