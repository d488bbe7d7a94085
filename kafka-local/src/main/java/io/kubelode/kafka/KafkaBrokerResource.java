package io.kubelode.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: points {@code kafka.bootstrap.servers} at the JVM's shared real broker.
 * Annotate one test class with {@code @QuarkusTestResource(KafkaBrokerResource.class)}.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", SharedBroker.get().bootstrapServers());
    }

    @Override
    public void stop() {
        // the broker outlives one application start; SharedBroker stops it when the JVM exits
    }
}
