package io.kubelode.sandbox.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.kubelode.sandbox.cloud.Event;

/** An account event; fields the OpenAPI document does not allow to be null are left out instead. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventJson(long id, String action, String created, Entity entity, String status, Integer percentComplete,
                        Double duration, Boolean seen, Boolean read, String username) {

    public record Entity(long id, String label, String type, String url) {}

    public static EventJson of(Event e) {
        boolean done = !"started".equals(e.status());
        return new EventJson(e.id(), e.action(), Json.time(e.created()),
                new Entity(e.entityId(), e.entityLabel(), "linode", "/v4/linode/instances/" + e.entityId()),
                e.status(), done ? 100 : 0, e.duration() == null ? null : e.duration().toMillis() / 1000.0,
                false, false, "sandbox");
    }
}
