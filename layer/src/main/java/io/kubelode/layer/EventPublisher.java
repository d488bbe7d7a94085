package io.kubelode.layer;

import io.kubelode.events.KubelodeEvent;
import io.kubelode.support.CloudEvent;
import io.kubelode.support.EventMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/**
 * Publishes the layer's events on its topic (the {@code out} channel), as CloudEvents from the layer's
 * {@linkplain LayerSteps#source() source}; each completes when the broker has acknowledged the event.
 */
@ApplicationScoped
public class EventPublisher {
    @Inject
    @Channel("out")
    Emitter<String> out;
    @Inject
    LayerRuntime runtime;

    public CompletionStage<Void> publish(KubelodeEvent event) {
        return EventMessages.send(out, CloudEvent.of(runtime.steps().source(), event));
    }

    /** Each event once the one before it is on the broker, so they are read in this order. */
    public CompletionStage<Void> publishInOrder(List<? extends KubelodeEvent> events) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (KubelodeEvent e : events) {
            chain = chain.thenCompose(v -> publish(e));
        }
        return chain;
    }
}
