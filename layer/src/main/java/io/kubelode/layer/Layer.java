package io.kubelode.layer;

/**
 * A layer service's declaration: its steps and the CloudEvents source of what it publishes. A layer
 * service provides exactly one bean of this type; {@link LayerRuntime} reads its work channel, and
 * {@link EventPublisher} publishes its events. Nothing else of the service sees Kafka.
 */
public interface Layer {
    /** The layer's steps, keyed by the event that triggers each, and its source: read once, by the runtime. */
    LayerSteps steps();
}
