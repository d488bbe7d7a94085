package io.kubelode.gateway.notify;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubelode.events.FailureReason;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.ProvisionerEvent.NodeRepairFailed;
import io.kubelode.events.ProvisionerEvent.NodeRepairStarted;
import io.kubelode.events.ProvisionerEvent.Repair;
import io.kubelode.gateway.Api;
import io.kubelode.gateway.Bus;
import io.kubelode.gateway.GatewayConfig;
import io.kubelode.gateway.Saga;
import io.kubelode.gateway.feed.Progress;
import io.kubelode.gateway.view.ReadModel;
import io.kubelode.kafka.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The default configuration has no webhook: repairs are folded and nothing is sent anywhere. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class WebhookUnsetIT {
    @Inject
    GatewayConfig config;

    @Inject
    Progress progress;

    @Inject
    ReadModel model;

    @Test
    void withoutAUrlNoWebhookListensAndNothingIsSent() {
        assertThat(config.webhook().url()).isEmpty();
        String id = "nohook-" + UUID.randomUUID().toString().substring(0, 5) + "-aaaaa";
        ClusterRequested requested = Saga.requested(id, 3);
        try (Bus bus = new Bus()) {
            bus.publish(requested);
            bus.publishAll(Saga.forward(id, requested.spec()));
            bus.publish(new NodeRepairStarted(id, 2, Repair.REBOOT, 1002, "booted (event 1)"));
            bus.publish(new NodeRepairFailed(id, 2, Repair.REBOOT, FailureReason.LXD_CONTAINERS_FAILED, "x"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> "Degraded".equals(given().auth().oauth2(Api.READER)
                .get("/clusters/" + id).path("phase")));
        assertThat(progress.webhook()).isEmpty();
        assertThat(model.listenerCount()).isZero();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("kubelode-webhook");
    }
}
