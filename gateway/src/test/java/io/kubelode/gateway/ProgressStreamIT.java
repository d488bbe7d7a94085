package io.kubelode.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.KubelodeEvent;
import io.kubelode.kafka.KafkaBrokerResource;
import io.kubelode.support.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /clusters/{id}/events: every event in order, live, and resumable with Last-Event-ID. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ProgressStreamIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/clusters")
    URI clusters;

    @Test
    void aClientThatReconnectsWithLastEventIdMissesNothingAndGetsNothingTwice() throws Exception {
        String id = "sse-" + UUID.randomUUID().toString().substring(0, 5) + "-aaaaa";
        ClusterRequested requested = Saga.requested(id, 3);
        List<KubelodeEvent> all = new ArrayList<>(List.of(requested));
        all.addAll(Saga.forward(id, requested.spec()));
        List<String> published = new ArrayList<>();
        URI events = URI.create(clusters + "/" + id + "/events");
        List<SseClient.Event> received = new ArrayList<>();
        try (Bus bus = new Bus()) {
            for (KubelodeEvent e : all.subList(0, 4)) {
                published.add(bus.publish(e).id());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> io.restassured.RestAssured.given()
                    .auth().oauth2(Api.READER).get("/clusters/" + id).statusCode() == 200);
            try (SseClient first = new SseClient(events, Api.READER, null)) {
                assertThat(first.status()).isEqualTo(200);
                received.addAll(take(first, 4));
            }
            for (KubelodeEvent e : all.subList(4, 7)) {
                published.add(bus.publish(e).id());
            }
            try (SseClient resumed = new SseClient(events, Api.READER, received.get(received.size() - 1).id())) {
                received.addAll(take(resumed, 3));
                for (KubelodeEvent e : all.subList(7, all.size())) {
                    CloudEvent ce = bus.publish(e);
                    published.add(ce.id());
                    received.addAll(take(resumed, 1));
                }
                assertThat(resumed.next(Duration.ofMillis(500))).as("nothing more").isNull();
            }
        }
        await("a closed stream unsubscribes").atMost(Duration.ofSeconds(20)).until(() ->
                io.restassured.RestAssured.given().get("/q/health/ready")
                        .path("checks.find { it.name == 'read model' }.data.sseSubscribers").equals(0));
        List<String> ids = new ArrayList<>();
        List<String> ceIds = new ArrayList<>();
        for (SseClient.Event e : received) {
            ids.add(e.id());
            JsonNode data = JSON.readTree(e.data());
            ceIds.add(data.path("id").asText());
            assertThat(data.path("position").asText()).isEqualTo(e.id());
        }
        List<String> expectedIds = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            expectedIds.add(String.valueOf(i));
        }
        assertThat(ids).containsExactlyElementsOf(expectedIds);
        assertThat(ceIds).containsExactlyElementsOf(published);
        assertThat(JSON.readTree(received.get(received.size() - 1).data()).path("type").asText())
                .isEqualTo("kubelode.dns.published.v1");
    }

    @Test
    void anUnknownClusterOrBadLastEventIdIsAProblem() throws Exception {
        try (SseClient none = new SseClient(URI.create(clusters + "/nope-00000/events"), Api.READER, null)) {
            assertThat(none.status()).isEqualTo(404);
        }
    }

    private static List<SseClient.Event> take(SseClient client, int n) throws InterruptedException {
        List<SseClient.Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SseClient.Event e = client.next(Duration.ofSeconds(20));
            assertThat(e).as("event %d of %d", i + 1, n).isNotNull();
            out.add(e);
        }
        return out;
    }
}
