package io.kubelode.support.saga;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** One {@link SagaFence} per service that injects it, following the topics from start-up on. */
@Singleton
public class SagaFenceProducer {

    @Produces
    @Singleton
    @Startup
    SagaFence fence(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                    @ConfigProperty(name = "quarkus.application.name", defaultValue = "kubelode") String service) {
        return new SagaFence(bootstrapServers, service).start();
    }

    void close(@Disposes SagaFence fence) {
        fence.close();
    }
}
