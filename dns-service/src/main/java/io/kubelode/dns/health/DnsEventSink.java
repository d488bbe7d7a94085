package io.kubelode.dns.health;

import io.kubelode.events.DnsEvent;
import java.util.concurrent.CompletionStage;

/** Where the health monitor's withdraw/restore events go (Kafka in the service). */
@FunctionalInterface
public interface DnsEventSink {
    CompletionStage<Void> emit(DnsEvent event);
}
