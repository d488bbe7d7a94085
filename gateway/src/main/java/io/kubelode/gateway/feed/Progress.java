package io.kubelode.gateway.feed;

import io.kubelode.gateway.GatewayConfig;
import io.kubelode.gateway.view.ReadModel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The read model of the gateway, fed from the topics from start to stop; ready once caught up. */
@ApplicationScoped
public class Progress {
    private final ReadModel model = new ReadModel();
    private TopicFeed feed;

    @Inject
    GatewayConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    void start(@Observes StartupEvent e) {
        feed = new TopicFeed(bootstrapServers, model, config.reorderWindow()).start();
    }

    void stop(@Observes ShutdownEvent e) {
        if (feed != null) {
            feed.close();
        }
    }

    @Produces
    @ApplicationScoped
    ReadModel model() {
        return model;
    }

    @Produces
    @Readiness
    HealthCheck readModelCaughtUp() {
        return () -> HealthCheckResponse.named("read model")
                .status(model.caughtUp() && feed != null && feed.alive())
                .withData("caughtUp", model.caughtUp())
                .withData("clusters", model.ids().size())
                .withData("poisonRecordsSkipped", feed == null ? 0 : feed.poisonCount())
                .withData("sseSubscribers", model.subscriberCount())
                .build();
    }
}
