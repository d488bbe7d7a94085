package io.kubelode.sandbox.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.sandbox.cloud.InstanceRequest;
import io.kubelode.sandbox.cloud.InstanceStore;
import io.kubelode.sandbox.fault.FaultSpec;
import io.kubelode.sandbox.fault.Faults;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** {@code /v4/linode/instances}: create, list, get, delete, boot, reboot. */
@Path("/{apiVersion: v4|v4beta}/linode/instances")
@Produces(MediaType.APPLICATION_JSON)
public class InstancesResource {

    private final InstanceStore store;
    private final Faults faults;
    private final ObjectMapper json;

    public InstancesResource(InstanceStore store, Faults faults, ObjectMapper json) {
        this.store = store;
        this.faults = faults;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public InstanceJson create(CreateInstance body) {
        if (body == null) {
            throw ApiException.badRequest(null, "Request body is required");
        }
        InstanceRequest request = body.validate();
        if (request.label() != null) {
            faults.createFailure(request.label()).ifPresent(InstancesResource::refuse);
        }
        return InstanceJson.of(store.create(request));
    }

    @GET
    public Page<InstanceJson> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize,
                                   @HeaderParam("X-Filter") String filter) {
        List<InstanceJson> all = store.list().stream().map(InstanceJson::of).toList();
        List<InstanceJson> kept = XFilter.parse(filter, json).apply(all, i -> json.valueToTree(i));
        return Page.of(kept, page, pageSize);
    }

    @GET
    @Path("/{linodeId}")
    public InstanceJson get(@PathParam("linodeId") long id) {
        return InstanceJson.of(store.require(id));
    }

    @DELETE
    @Path("/{linodeId}")
    public Map<String, Object> delete(@PathParam("linodeId") long id) {
        store.delete(id);
        return Map.of();
    }

    @POST
    @Path("/{linodeId}/boot")
    public Map<String, Object> boot(@PathParam("linodeId") long id) {
        store.boot(id);
        return Map.of();
    }

    @POST
    @Path("/{linodeId}/reboot")
    public Map<String, Object> reboot(@PathParam("linodeId") long id) {
        store.reboot(id);
        return Map.of();
    }

    private static void refuse(FaultSpec fault) {
        throw new ApiException(fault.status() == null ? 400 : fault.status(), null,
                fault.reason() == null ? "sandbox: injected create failure" : fault.reason());
    }
}
