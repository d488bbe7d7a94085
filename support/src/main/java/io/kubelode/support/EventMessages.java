package io.kubelode.support;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

/** CloudEvents on SmallRye Reactive Messaging channels whose payload is the JSON text. */
public final class EventMessages {
    private EventMessages() {
    }

    /** A message for the event: key = cluster id, {@code ce_*} headers, JSON value. */
    public static Message<String> message(CloudEvent event) {
        return Message.of(CloudEventCodec.payload(event.data())).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.subject())
                        .withHeaders(CloudEventCodec.headers(event)).build());
    }

    /**
     * Sends the event and completes when the broker acknowledged it (or fails when it did not),
     * so the incoming record it answers is acknowledged only after its outcome is durable.
     */
    public static CompletionStage<Void> send(Emitter<String> emitter, CloudEvent event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        emitter.send(message(event)
                .withAck(() -> {
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    done.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return done;
    }

    /**
     * Lets the channel go on to its next record at once and settles this one when {@code work}
     * ends: acknowledged on success, nacked (so the channel's dead-letter strategy keeps it) on
     * failure. Records of different clusters are then worked on side by side; the throttled commit
     * strategy still commits a partition's offsets only up to its oldest unsettled record, so a
     * crash redelivers whatever was in flight.
     */
    public static CompletionStage<Void> settleWhenDone(Message<?> message, CompletionStage<?> work,
                                                       Consumer<Throwable> onFailure) {
        work.whenComplete((ok, failure) -> {
            if (failure == null) {
                message.ack();
            } else {
                onFailure.accept(failure);
                message.nack(failure);
            }
        });
        return CompletableFuture.completedFuture(null);
    }

    /** Reads the event of an incoming Kafka message; throws {@link PoisonEvent} for a record kubelode cannot read. */
    public static CloudEvent read(Message<String> message) {
        IncomingKafkaRecordMetadata<?, ?> meta = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new PoisonEvent("not a Kafka record"));
        return CloudEventCodec.decode(meta.getHeaders(), message.getPayload());
    }
}
