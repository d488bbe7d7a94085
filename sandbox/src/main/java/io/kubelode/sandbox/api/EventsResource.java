package io.kubelode.sandbox.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.sandbox.cloud.EventLog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /v4/account/events}, newest first, with X-Filter (e.g. on {@code entity.id} and {@code action}). */
@Path("/{apiVersion: v4|v4beta}/account/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {
    private final EventLog events;
    private final ObjectMapper json;

    public EventsResource(EventLog events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    @GET
    public Page<EventJson> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize,
                                @HeaderParam("X-Filter") String filter) {
        List<EventJson> all = events.newestFirst().stream().map(EventJson::of).toList();
        return Page.of(XFilter.parse(filter, json).apply(all, e -> json.valueToTree(e)), page, pageSize);
    }
}
