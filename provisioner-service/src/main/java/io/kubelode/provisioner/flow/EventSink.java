package io.kubelode.provisioner.flow;

import io.kubelode.events.ProvisionerEvent;
import java.util.concurrent.CompletionStage;

/** Publishes an event; completes when the broker has it. */
@FunctionalInterface
public interface EventSink {
    CompletionStage<Void> publish(ProvisionerEvent event);
}
