package io.kubelode.gateway.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.events.ProvisionerEvent.NodeRepairFailed;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.Repair;
import io.kubelode.gateway.Api;
import io.kubelode.gateway.Bus;
import io.kubelode.gateway.Saga;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.support.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The gateway with {@code kubelode.gateway.webhook.url} set to a real HTTP server on 127.0.0.1: repair
 * events published on the broker reach it as POSTs, once each, with their documents.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = WebhookReceiver.class, restrictToAnnotatedClass = true)
class WebhookIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRepairThatFailsIsPostedAsItStartsAndAsTheClusterTurnsDegraded() throws Exception {
        String id = "hook-" + UUID.randomUUID().toString().substring(0, 5) + "-aaaaa";
        ClusterRequested requested = Saga.requested(id, 3);
        List<KubelodeEvent> ready = new ArrayList<>(List.of(requested));
        ready.addAll(Saga.forward(id, requested.spec()));
        int before = WebhookReceiver.receiver.requests().size();
        try (Bus bus = new Bus()) {
            bus.publishAll(ready);
            await().atMost(Duration.ofSeconds(20)).until(() -> "Ready".equals(given().auth().oauth2(Api.READER)
                    .get("/clusters/" + id).path("phase")));
            CloudEvent started = bus.publish(new NodeRepairStarted(id, 1, Repair.REPLACE, 1001,
                    "unreachable for PT10M"));
            CloudEvent failed = bus.publish(new NodeRepairFailed(id, 1, Repair.REPLACE,
                    FailureReason.LINODE_CREATE_REJECTED, "POST /linode/instances answered 400"));
            await().atMost(Duration.ofSeconds(20)).until(() -> WebhookReceiver.receiver.requests().size() >= before + 2);
            Thread.sleep(500);
            List<Receiver.Request> got = WebhookReceiver.receiver.requests().subList(before,
                    WebhookReceiver.receiver.requests().size());
            assertThat(got).as("one POST per event, none for the forward chain").hasSize(2);
            JsonNode first = JSON.readTree(got.get(0).body());
            JsonNode second = JSON.readTree(got.get(1).body());
            assertThat(got).allSatisfy(r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.contentType()).isEqualTo("application/json");
            });
            assertThat(first.path("id").asText()).isEqualTo(started.id());
            assertThat(first.path("event").asText()).isEqualTo("NodeRepairStarted");
            assertThat(first.path("clusterId").asText()).isEqualTo(id);
            assertThat(first.path("node").asInt()).isEqualTo(1);
            assertThat(first.path("repair").asText()).isEqualTo("REPLACE");
            assertThat(first.path("phase").asText()).isEqualTo("Repairing");
            assertThat(first.path("message").asText()).isEqualTo("node 1: repair started - REPLACE of Linode 1001,"
                    + " cause: unreachable for PT10M");
            assertThat(first.path("time").asText()).isEqualTo(started.time().toString());
            assertThat(second.path("id").asText()).isEqualTo(failed.id());
            assertThat(second.path("event").asText()).isEqualTo("NodeRepairFailed");
            assertThat(second.path("phase").asText()).isEqualTo("Degraded");
            assertThat(second.path("previousPhase").asText()).isEqualTo("Repairing");
            assertThat(second.path("needsAttention").asBoolean()).isTrue();
            assertThat(second.path("reason").asText()).isEqualTo("LinodeCreateRejected");
            assertThat(second.path("message").asText()).contains("a person is needed");
        }
        JsonNode view = JSON.readTree(given().auth().oauth2(Api.READER).get("/clusters/" + id).asString());
        assertThat(view.path("phase").asText()).isEqualTo("Degraded");
        assertThat(view.path("lastRepair").path("state").asText()).isEqualTo("Failed");
        assertThat(view.path("conditions").findValuesAsText("type")).contains("NodeRepaired");
    }
}
