package io.kubelode.apps;

import io.kubelode.events.AppsEvent;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.EventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** Publishes the apps layer's events on kubelode.apps; completes when the broker has them. */
@ApplicationScoped
public class AppsPublisher {
    @Inject
    @Channel("apps-out")
    Emitter<String> emitter;

    @Inject
    AppsConfig config;

    public CompletionStage<Void> publish(AppsEvent event) {
        return EventMessages.send(emitter, CloudEvent.of(config.source(), event));
    }
}
