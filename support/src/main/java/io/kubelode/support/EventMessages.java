package io.kubelode.support;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

    /** Reads the event of an incoming Kafka message; throws {@link PoisonEvent} for a record kubelode cannot read. */
    public static CloudEvent read(Message<String> message) {
        IncomingKafkaRecordMetadata<?, ?> meta = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new PoisonEvent("not a Kafka record"));
        return CloudEventCodec.decode(meta.getHeaders(), message.getPayload());
    }
}
