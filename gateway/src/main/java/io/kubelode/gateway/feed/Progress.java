package io.kubelode.gateway.feed;

import io.kubelode.gateway.GatewayConfig;
import io.kubelode.gateway.notify.RepairWebhook;
import io.kubelode.gateway.view.ReadModel;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The read model of the gateway, fed from the topics from start to stop; ready once caught up. */
@ApplicationScoped
public class Progress {
    private static final Logger LOG = Logger.getLogger(Progress.class);
    private final ReadModel model = new ReadModel();
    private TopicFeed feed;
    private RepairWebhook webhook;

    @Inject
    GatewayConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    void start(@Observes StartupEvent e) {
        GatewayConfig.Webhook hook = config.webhook();
        hook.url().ifPresent(url -> {
            // listening before the feed starts: the replay's recent repairs are told too
            webhook = RepairWebhook.of(new RepairWebhook.Settings(url, hook.timeout(), hook.attempts(),
                    hook.backoff(), hook.replayMaxAge()), Clock.systemUTC());
            model.listen(webhook);
            LOG.infof("repair webhook: %s (at most %d attempt(s) per event, timeout %s)",
                    RepairWebhook.redactedUrl(url), hook.attempts(), hook.timeout());
        });
        feed = new TopicFeed(bootstrapServers, model, config.reorderWindow()).start();
    }

    void stop(@Observes ShutdownEvent e) {
        if (feed != null) {
            feed.close();
        }
        if (webhook != null) {
            webhook.close();
        }
    }

    /** The repair webhook, when {@code kubelode.gateway.webhook.url} is set. */
    public java.util.Optional<RepairWebhook> webhook() {
        return java.util.Optional.ofNullable(webhook);
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
